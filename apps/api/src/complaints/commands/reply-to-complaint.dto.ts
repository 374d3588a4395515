import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { REPLY_CHANNELS, RESPONSIBILITIES, type ReplyChannel, type ReplyToComplaint, type Responsibility } from '@duban/workflow';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 责任认定 and 回复: a valid complaint (bank at fault) opens one rectification finding. */
export class ReplyToComplaintDto implements CommandPayload<ReplyToComplaint> {
  @Label('责任认定', 'responsibility')
  @ApiProperty({ enum: RESPONSIBILITIES, description: 'valid: the bank is at fault (opens a finding); customer: customer responsibility' })
  @IsIn(RESPONSIBILITIES)
  responsibility!: Responsibility;

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
    return { type: 'reply', responsibility: this.responsibility, text: this.text, channel: this.channel };
  }
}
