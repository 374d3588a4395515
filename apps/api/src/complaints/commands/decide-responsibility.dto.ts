import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { RESPONSIBILITIES, type DecideResponsibility, type Responsibility } from '@duban/workflow';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/**
 * 责任认定 by a supervisor of the owning department: the latest reply's proposed responsibility,
 * confirmed (the same value) or overridden (another value, with a reason). Staff ids are those of
 * the organisation file's staff list (422 otherwise).
 */
export class DecideResponsibilityDto implements CommandPayload<DecideResponsibility> {
  @Label('认定结果', 'responsibility decided')
  @ApiProperty({
    enum: RESPONSIBILITIES,
    description: "valid: the bank is at fault (one rectification finding is live); customer: the customer's responsibility (a live finding is cancelled)",
  })
  @IsIn(RESPONSIBILITIES)
  responsibility!: Responsibility;

  @Label('认定理由', 'reason for the decision')
  @ApiPropertyOptional({ example: '经调阅监控，柜员未按规定履行告知义务，改判为有效投诉', description: 'Required when the decision differs from the proposal' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason?: string;

  @Label('责任单位', 'responsible unit')
  @ApiPropertyOptional({ example: 'anshan-haicheng-yys', description: 'Unit id; a valid decision names this unit and/or the responsible person' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  responsibleUnitId?: string;

  @Label('责任人工号', 'responsible staff id')
  @ApiPropertyOptional({ example: 'E10001' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  responsibleStaffId?: string;

  @Label('被投诉员工工号', 'staff id of the employee complained about')
  @ApiPropertyOptional({ example: 'E10001', description: '被投诉员工; shown only to unit heads, supervisors and auditors' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  complainedStaffId?: string;

  toCommand(): DecideResponsibility {
    return {
      type: 'decide-responsibility',
      responsibility: this.responsibility,
      ...(this.reason !== undefined && { reason: this.reason }),
      ...(this.responsibleUnitId !== undefined && { responsibleUnitId: this.responsibleUnitId }),
      ...(this.responsibleStaffId !== undefined && { responsibleStaffId: this.responsibleStaffId }),
      ...(this.complainedStaffId !== undefined && { complainedStaffId: this.complainedStaffId }),
    };
  }
}
