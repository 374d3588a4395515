import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { PAUSE_REASONS, type PauseReason } from '@duban/sla';
import type { ClockCommand } from '@duban/sla-enforcement';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { withMessage } from '@duban/http-problem';
import { IsInstant } from '../../shared/instant';

/** A clock command's request body; the clock comes from the path. */
export interface ClockCommandPayload {
  toCommand(clockId: string): ClockCommand;
}

export class PauseClockDto implements ClockCommandPayload {
  @Label('暂停理由', 'reason for pausing')
  @ApiProperty({ enum: PAUSE_REASONS, description: 'Time that does not count: awaiting the customer, or an external appraisal' })
  @IsIn(PAUSE_REASONS)
  reason!: PauseReason;

  toCommand(clockId: string): ClockCommand {
    return { type: 'pause', clockId, reason: this.reason };
  }
}

export class ExtendClockDto implements ClockCommandPayload {
  @Label('延期理由', 'reason for extension')
  @ApiProperty({ example: '案情复杂，需调取外部资料' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;

  @Label('告知客户时间', 'customer notified at')
  @ApiProperty({ format: 'date-time', description: 'When the customer was told of the extension (the regulation requires the notice)' })
  @IsInstant()
  customerNotifiedAt!: string;

  @Label('延长后时限', 'extended duration')
  @ApiPropertyOptional({ example: 'P30D', description: "The new total the policy's next extension grants; refused (422) when it is not that" })
  @IsOptional()
  @IsString()
  @Matches(/^P/, withMessage((l) => ({ zh: `「${l.zh}」须为 ISO 8601 时长，如 P30D`, en: `"${l.en}" must be an ISO 8601 duration such as P30D` })))
  duration?: string;

  toCommand(clockId: string): ClockCommand {
    return { type: 'extend', clockId, reason: this.reason, customerNotifiedAt: this.customerNotifiedAt, ...(this.duration !== undefined && { duration: this.duration }) };
  }
}

export class ResetClockDto implements ClockCommandPayload {
  @Label('重新计时理由', 'reason for resetting')
  @ApiProperty({ example: '客户补充了新的事实和材料', description: 'The new facts' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;

  toCommand(clockId: string): ClockCommand {
    return { type: 'reset', clockId, reason: this.reason };
  }
}
