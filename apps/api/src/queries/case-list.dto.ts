import { ApiProperty } from '@nestjs/swagger';
import { REPLY_OUTCOMES } from '@duban/projections';
import { CASE_NUMBER_PROPERTY } from '../shared/aggregate-view.dto';

const nullableText = { type: String, nullable: true } as const;
const nullableInstant = { ...nullableText, format: 'date-time' } as const;

/** One case as lists and queues show it (CaseListItem). */
export class CaseListItemDto {
  @ApiProperty({ enum: ['complaint', 'finding'] })
  kind!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty(CASE_NUMBER_PROPERTY)
  number!: string | null;

  @ApiProperty({ example: 'investigating' })
  state!: string;

  @ApiProperty({ description: 'False once the lifecycle reached a final state (closed, withdrawn)' })
  open!: boolean;

  @ApiProperty({ description: 'The unit the case was received (raised) in' })
  unitId!: string;

  @ApiProperty({ description: 'The unit that answers for it now (escalation moves it up)' })
  responsibleUnitId!: string;

  @ApiProperty(nullableText)
  assigneeId!: string | null;

  @ApiProperty({ ...nullableText, description: 'Complaints only: 投诉 / 协查 / 建议 / 表扬' })
  type!: string | null;

  @ApiProperty()
  category!: string;

  @ApiProperty({ ...nullableText, description: 'Complaints only' })
  channel!: string | null;

  @ApiProperty({ description: "A complaint's priority or a finding's severity" })
  priority!: string;

  @ApiProperty()
  escalationLevel!: number;

  @ApiProperty({ format: 'date-time', description: 'A finding counts from when it was raised' })
  receivedAt!: string;

  @ApiProperty({ ...nullableInstant, description: 'The reply (complaint) or report (finding) in force' })
  repliedAt!: string | null;

  @ApiProperty(nullableInstant)
  closedAt!: string | null;

  @ApiProperty({ ...nullableInstant, description: 'Nearest due time of the running clocks' })
  dueAt!: string | null;

  @ApiProperty({ description: 'A clock has breached or a running one is past due' })
  overdue!: boolean;

  @ApiProperty()
  description!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ example: '2025-03', description: "Month of receipt in the bank's time zone" })
  receivedMonth!: string;

  @ApiProperty({ ...nullableText, description: '责任认定 of the reply in force (complaints only): valid or customer' })
  responsibility!: string | null;

  @ApiProperty({ enum: REPLY_OUTCOMES, nullable: true, description: 'How the reply deadline went; null when the case owes no reply' })
  replyOutcome!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Business time from receipt to the first reply, pauses excluded' })
  replyBusinessMs!: number | null;

  @ApiProperty({ ...nullableInstant, description: 'The satisfied follow-up (complaint) or passed re-inspection (finding) in force' })
  verifiedAt!: string | null;

  @ApiProperty({ type: Boolean, nullable: true, description: 'The latest follow-up (回访) of a complaint: satisfied or not; null before any, and for findings' })
  followUpSatisfied!: boolean | null;

  @ApiProperty({ description: 'Failed re-inspections (遗留); 0 for complaints' })
  carryOverCount!: number;

  @ApiProperty({
    ...nullableText,
    description:
      'Complaints followed up, or owing no follow-up (即办, anonymous), waiting for sign-off (待签字): the unit working the case, whose head (or the nearest head above it) signs; null otherwise',
  })
  signOffUnitId!: string | null;

  @ApiProperty({ ...nullableText, description: 'The earlier finding a finding repeats (重复发生); null when none was named, and for complaints' })
  repeatOf!: string | null;

  @ApiProperty({ description: 'Global position of the last event folded in; a string because it may exceed 2^53', example: '42' })
  position!: string;
}

export class CaseListDto {
  @ApiProperty({ type: [CaseListItemDto] })
  items!: CaseListItemDto[];

  @ApiProperty({ ...nullableText, description: 'Pass as ?cursor= for the next page; null on the last page' })
  nextCursor!: string | null;
}
