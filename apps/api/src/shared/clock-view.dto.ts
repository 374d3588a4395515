import { ApiProperty } from '@nestjs/swagger';
import { BASES, PAUSE_REASONS, STOP_OUTCOMES } from '@duban/sla';

class RemainingDto {
  @ApiProperty({ description: 'Milliseconds of the basis measure (business time for working days and business hours); negative when overdue' })
  ms!: number;

  @ApiProperty({ example: 'PT4H30M' })
  iso!: string;
}

/** One SLA clock of a case as its view lists it (clockView), read at the request's time. */
export class ClockViewDto {
  @ApiProperty({ example: 'reply@L1', description: 'Target, then #n for later chains and @L<level> for escalation levels' })
  clockId!: string;

  @ApiProperty({ example: 'reply' })
  target!: string;

  @ApiProperty({ description: 'Escalation level the clock belongs to' })
  level!: number;

  @ApiProperty({ enum: ['running', 'paused', 'met', 'breached', 'cancelled'] })
  state!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time' })
  dueAt!: string;

  @ApiProperty({
    description:
      "The due time rests on days past the calendar's coverage horizon (statutory holidays assumed, 调休 unknown); it is recalculated when the next calendar version is published",
  })
  provisional!: boolean;

  @ApiProperty({ description: 'Goes up whenever the due time is recomputed' })
  version!: number;

  @ApiProperty({ enum: BASES })
  basis!: string;

  @ApiProperty({ type: RemainingDto, description: 'Frozen while paused and once stopped' })
  remaining!: RemainingDto;

  @ApiProperty({ type: [Number], example: [0.5] })
  warningsRaised!: number[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  breachedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  pausedAt!: string | null;

  @ApiProperty({ type: String, enum: PAUSE_REASONS, nullable: true })
  pauseReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  stoppedAt!: string | null;

  @ApiProperty({ type: String, enum: STOP_OUTCOMES, nullable: true })
  outcome!: string | null;

  @ApiProperty({ description: 'Extensions granted so far' })
  extensions!: number;

  @ApiProperty()
  policyId!: string;

  @ApiProperty({ description: 'Version of the policy set the clock was started or recalculated with' })
  policyVersion!: number;

  @ApiProperty()
  calendarId!: string;

  @ApiProperty({ description: 'Version of the calendar the due time, remaining time and firings are counted on' })
  calendarVersion!: number;
}
