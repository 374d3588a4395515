import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { REPLY_CHANNELS, type RecordContactAttempt, type ReplyChannel } from '@duban/workflow';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../shared/instant';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 回访联系: one call or visit while the case waits for its follow-up; failed ones count towards "customer unreachable". */
export class RecordContactAttemptDto implements CommandPayload<RecordContactAttempt> {
  @Label('联系时间', 'attempted at')
  @ApiProperty({ format: 'date-time', example: '2026-12-09T10:00:00+08:00', description: 'When the call or visit was made; not in the future (422 otherwise)' })
  @IsInstant()
  attemptedAt!: string;

  @Label('联系方式', 'contact channel')
  @ApiProperty({ enum: REPLY_CHANNELS, example: 'phone' })
  @IsIn(REPLY_CHANNELS)
  channel!: ReplyChannel;

  @Label('是否联系上客户', 'customer reached')
  @ApiProperty()
  @IsBoolean()
  reached!: boolean;

  @Label('联系记录', 'contact note')
  @ApiPropertyOptional({ example: '电话无人接听' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;

  toCommand(): RecordContactAttempt {
    return { type: 'record-contact-attempt', attemptedAt: this.attemptedAt, channel: this.channel, reached: this.reached, note: this.note };
  }
}
