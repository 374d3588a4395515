import { ApiProperty } from '@nestjs/swagger';
import type { RecordedEvent } from '@duban/event-store';

/** One event of an aggregate's stream, as auditors replay it. */
export class HistoryEntryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ComplaintRegistered' })
  type!: string;

  @ApiProperty({ description: 'Index of the event in its stream, from 0' })
  revision!: number;

  @ApiProperty({ description: 'Position in the global log; a string because it may exceed 2^53', example: '42' })
  position!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'actorId, role, unitId, occurredAt, correlationId, causationId, schemaVersion, idempotencyKey?, requestHash?',
  })
  metadata!: Record<string, unknown>;

  static of(event: RecordedEvent): HistoryEntryDto {
    const occurredAt = event.metadata.occurredAt ?? event.data.occurredAt;
    return {
      id: event.id,
      type: event.type,
      revision: Number(event.revision),
      position: event.position.toString(),
      occurredAt: typeof occurredAt === 'string' ? occurredAt : event.createdAt.toISOString(),
      data: event.data,
      metadata: event.metadata,
    };
  }
}
