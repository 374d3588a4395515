import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { ReportSelfInspection } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../shared/aggregate-routes';

/** 自查上报: the unit's account of its self-inspection, for the unit above. */
export class ReportSelfInspectionDto implements CommandPayload<ReportSelfInspection> {
  @Label('自查报告', 'self-inspection report')
  @ApiProperty({ example: '本网点自查柜面服务 20 项，一米线未设置 1 项，已列入整改，月底前完成' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  report!: string;

  toCommand(): ReportSelfInspection {
    return { type: 'report', report: this.report };
  }
}
