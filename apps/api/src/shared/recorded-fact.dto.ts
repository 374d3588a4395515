import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Who recorded a fact of a case, and when: every note, reply, escalation or closure a view lists carries it. */
export class RecordedFactDto {
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ example: 'handler.haicheng', description: 'Username, or system for the SLA and follow-ups' })
  actorId!: string;
}

export class EscalationRecordDto extends RecordedFactDto {
  @ApiProperty()
  fromUnitId!: string;

  @ApiProperty()
  toUnitId!: string;

  @ApiProperty({ description: 'The escalation level reached' })
  level!: number;

  @ApiProperty({ description: 'The case reached the root of the org tree' })
  atHeadOffice!: boolean;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ description: 'Raised by the SLA rather than confirmed by a person' })
  automatic!: boolean;

  @ApiPropertyOptional({ type: [String], description: 'A referral straight to head office (报总行): the units it passed over' })
  bypassedUnitIds?: string[];
}
