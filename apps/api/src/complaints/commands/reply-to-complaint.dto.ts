import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { REPLY_CHANNELS, RESPONSIBILITIES, type ReplyChannel, type ReplyToComplaint, type Responsibility } from '@duban/workflow';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 回复 with the proposed 责任认定: a valid complaint (bank at fault) opens one rectification finding; the owning department confirms or overrides it. */
export class ReplyToComplaintDto implements CommandPayload<ReplyToComplaint> {
  @Label('拟认定责任', 'proposed responsibility')
  @ApiPropertyOptional({
    enum: RESPONSIBILITIES,
    description:
      'valid: the bank is at fault (opens a finding); customer: customer responsibility. Required for complaints and investigation requests, refused for praise and suggestions',
  })
  @IsOptional()
  @IsIn(RESPONSIBILITIES)
  responsibility?: Responsibility;

  @Label('答复内容', 'reply text')
  @ApiProperty({ example: '已向客户致歉，柜员已批评教育' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  text!: string;

  @Label('答复方式', 'reply channel')
  @ApiProperty({ enum: REPLY_CHANNELS })
  @IsIn(REPLY_CHANNELS)
  channel!: ReplyChannel;

  toCommand(): ReplyToComplaint {
    return { type: 'reply', ...(this.responsibility !== undefined && { responsibility: this.responsibility }), text: this.text, channel: this.channel };
  }
}
