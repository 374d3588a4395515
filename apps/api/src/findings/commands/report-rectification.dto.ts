import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { ReportRectification } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 书面反馈: the written rectification report. */
export class ReportRectificationDto implements CommandPayload<ReportRectification> {
  @Label('整改报告', 'rectification report')
  @ApiProperty({ example: '已建立每日核库制度并落实' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  text!: string;

  toCommand(): ReportRectification {
    return { type: 'report', report: this.text };
  }
}
