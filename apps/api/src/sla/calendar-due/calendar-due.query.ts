import { Label } from '@duban/http-problem';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { BASES, type Basis } from '@duban/sla';
import { IsInstant } from '../../shared/instant';

/** GET /calendars/:id/due: a duration counted from an instant on a basis. */
export class CalendarDueQueryDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-29T10:00:00+08:00', description: 'When counting starts (e.g. when the complaint was received)' })
  @IsInstant()
  @Label('起算时间', 'start')
  from!: string;

  @ApiProperty({ example: 'P3D', description: 'ISO 8601 duration: whole days for working_days, hours/minutes/seconds for business_hours' })
  @IsString()
  @MaxLength(40)
  @Label('时长', 'duration')
  duration!: string;

  @ApiProperty({ enum: BASES, example: 'working_days' })
  @IsIn(BASES)
  @Label('计时方式', 'basis')
  basis!: Basis;
}

/** The answer: when the duration runs out, on which calendar version, and whether that rests on days past its horizon. */
export class CalendarDueDto {
  @ApiProperty({ format: 'date-time', example: '2027-01-04T09:00:00.000Z' })
  dueAt!: string;

  @ApiProperty({
    description:
      "The due time rests on days past the calendar's coverage horizon (statutory holidays assumed, 调休 unknown); it may move when the next year's calendar is published",
  })
  provisional!: boolean;

  @ApiProperty({ example: 1 })
  calendarVersion!: number;
}
