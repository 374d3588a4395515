import { ApiProperty } from '@nestjs/swagger';
import { occurredAtOf, reasonOf, summarizeEvent, type UnitNames } from '@duban/audit';
import type { RecordedEvent } from '@duban/event-store';
import { BilingualTextDto } from './bilingual-text.dto';

class ActorDto {
  @ApiProperty({ example: 'head.haicheng', description: 'Username, or system for the SLA and follow-ups' })
  id!: string;

  @ApiProperty({ example: 'unit_head' })
  role!: string;

  @ApiProperty({ description: "The actor's unit at the time" })
  unitId!: string;
}

/** One event of an aggregate's stream, as auditors replay it. */
export class HistoryEntryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ComplaintRegistered' })
  type!: string;

  @ApiProperty({ description: 'Index of the event in its stream, from 0: GET …/state?revision= shows the record as this event left it' })
  revision!: number;

  @ApiProperty({ description: 'Position in the global log; a string because it may exceed 2^53', example: '42' })
  position!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: ActorDto })
  actor!: ActorDto;

  @ApiProperty({ type: String, nullable: true, description: 'The reason the event gives (escalation, withdrawal, clock command, failed follow-up or re-inspection)' })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  correlationId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The request, or the event, that caused it' })
  causationId!: string | null;

  @ApiProperty({
    type: BilingualTextDto,
    description: 'What happened, e.g. 自动上报至鞍山分行（第2级） / Escalated automatically to Anshan Branch (level 2); units named from the org tree',
  })
  summary!: BilingualTextDto;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data; a registration's customer as your role may see it, never the sealed form" })
  data!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'actorId, role, unitId, occurredAt, correlationId, causationId, schemaVersion, idempotencyKey?, requestHash?',
  })
  metadata!: Record<string, unknown>;

  /** `data`: the event's data as the viewer may see it (CustomerDisclosure). */
  static of(event: RecordedEvent, data: Record<string, unknown>, unitNames: UnitNames): HistoryEntryDto {
    const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
    const { actorId, role, unitId, correlationId, causationId } = event.metadata;
    return {
      id: event.id,
      type: event.type,
      revision: Number(event.revision),
      position: event.position.toString(),
      occurredAt: occurredAtOf(event),
      actor: { id: text(actorId) ?? text(event.data.actorId) ?? '', role: text(role) ?? '', unitId: text(unitId) ?? '' },
      reason: reasonOf(event),
      correlationId: text(correlationId),
      causationId: text(causationId),
      summary: summarizeEvent(event, unitNames),
      data,
      metadata: event.metadata,
    };
  }
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto], description: 'Oldest first' })
  items!: HistoryEntryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' })
  nextCursor!: string | null;
}
