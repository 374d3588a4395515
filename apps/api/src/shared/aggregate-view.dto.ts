import { ApiProperty } from '@nestjs/swagger';
import { ClockViewDto } from './clock-view.dto';
import { EscalationRecordDto, RecordedFactDto } from './recorded-fact.dto';

/** The case number as every answer that names a case declares it. */
export const CASE_NUMBER_PROPERTY = {
  type: String,
  nullable: true,
  example: 'TS-2026-000123',
  description:
    'Case number (案件编号) given at registration: TS complaints, ZG findings, JC inspections, WG violations, TB circulars, then the year in Asia/Shanghai and a sequence; null for cases registered before numbers existed',
} as const;

/** What every aggregate view carries; the aggregate's own view classes add their fields. */
export class AggregateViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty(CASE_NUMBER_PROPERTY)
  number!: string | null;

  @ApiProperty({ description: 'Lifecycle state, e.g. received' })
  state!: string;

  @ApiProperty({ description: 'Revision of the stream this view was folded from; also the ETag, for If-Match' })
  revision!: number;

  @ApiProperty({ description: 'Unit the record belongs to' })
  unitId!: string;

  @ApiProperty({ type: [String], description: 'Commands the caller may issue now (role and four-eyes considered)' })
  allowedCommands!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** Complaints and findings move up the tree when escalated. */
export class EscalatableViewDto extends AggregateViewDto {
  @ApiProperty({ description: 'Unit answering for it now; moves one level up per escalation' })
  responsibleUnitId!: string;

  @ApiProperty()
  escalationLevel!: number;

  @ApiProperty({ description: 'The responsible unit is the root of the org tree: no further escalation' })
  atHeadOffice!: boolean;

  @ApiProperty({ type: [EscalationRecordDto], description: 'Every step up the tree, oldest first' })
  escalations!: EscalationRecordDto[];

  @ApiProperty({ type: RecordedFactDto, nullable: true, description: 'Who closed it, and when; null while open' })
  closure!: RecordedFactDto | null;

  @ApiProperty({ type: [ClockViewDto], description: 'SLA clocks (deadlines) of the case, read at the time of the request' })
  clocks!: ClockViewDto[];
}
