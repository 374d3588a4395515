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

  @ApiProperty({ type: BilingualTextDto, description: "The name people know the actor by: the user's display name, 系统 / System for the system, else the id" })
  displayName!: BilingualTextDto;
}

/** Who did it, as people name them: a user's display name, the system (role system: SLA worker, follow-ups) as 系统 / System; an id the directory no longer knows as itself. */
export type ActorNames = (actorId: string, role: string) => BilingualTextDto;

/** The words a person wrote into the event: a note, a reply, a rectification report, a follow-up comment or contact note, the measures of a plan, an inspection's summary. */
function writtenTextOf(type: string, data: Record<string, unknown>): string | null {
  if (type === 'FindingPlanned' && Array.isArray(data.measures)) return data.measures.join('；');
  // Reopen and carry-over comments are the event's reason (reasonOf), so `reason` carries them.
  if (type === 'ComplaintReopened' || type === 'FindingCarriedOver') return null;
  for (const value of [data.text, data.report, data.comment, data.note, data.summary]) if (typeof value === 'string' && value !== '') return value;
  return null;
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

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'What the person wrote: the text of a note or reply, a rectification report, a follow-up or re-inspection comment, the measures of a plan (joined by ；), an inspection summary',
  })
  text!: string | null;

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
  static of(event: RecordedEvent, data: Record<string, unknown>, unitNames: UnitNames, actorNames: ActorNames): HistoryEntryDto {
    const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
    const { actorId, role, unitId, correlationId, causationId } = event.metadata;
    const actor = text(actorId) ?? text(event.data.actorId) ?? '';
    const actorRole = text(role) ?? '';
    return {
      id: event.id,
      type: event.type,
      revision: Number(event.revision),
      position: event.position.toString(),
      occurredAt: occurredAtOf(event),
      actor: { id: actor, role: actorRole, unitId: text(unitId) ?? '', displayName: actorNames(actor, actorRole) },
      reason: reasonOf(event),
      text: writtenTextOf(event.type, data),
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
