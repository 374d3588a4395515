import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { RECTIFICATION_MODES, SEVERITIES, type RaiseFinding, type RectificationMode, type Severity } from '@duban/workflow';
import { IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../shared/instant';
import { IsKnownCategory } from '../../shared/known-category';
import { IsKnownStaffMember } from '../../staff/known-staff-member';

/** 检查发现问题: one finding of an inspection. */
export class AddInspectionFindingDto {
  @Label('整改机构', 'unit to rectify')
  @ApiProperty({ example: 'anshan-haicheng-yys', description: 'The unit that must rectify; within your subtree (403 otherwise)' })
  @IsString()
  @IsNotEmpty()
  unitId!: string;

  @Label('问题类别', 'category')
  @ApiProperty({ example: 'internal_control', description: 'An id from GET /categories' })
  @IsKnownCategory()
  category!: string;

  @Label('问题描述', 'description')
  @ApiProperty({ example: '未按时核库' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @Label('严重程度', 'severity')
  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @Label('整改方式', 'rectification mode')
  @ApiProperty({ enum: RECTIFICATION_MODES, description: 'on_spot: 现场纠改 (report required); deadline: 限期纠改' })
  @IsIn(RECTIFICATION_MODES)
  mode!: RectificationMode;

  @Label('即时整改报告', 'on-the-spot report')
  @ApiPropertyOptional({ description: 'What was corrected on the spot; required for mode on_spot, refused otherwise (422)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  report?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: "限期 the unit must rectify by: required for mode deadline, refused for mode on_spot; in the future (422). The finding's clock runs from now to it",
  })
  @IsOptional()
  @IsInstant()
  @Label('整改期限', 'deadline')
  dueAt?: string;

  @Label('责任员工', 'employee responsible')
  @ApiPropertyOptional({ example: 'E10001', description: 'The employee responsible (工号 in the organisation file), working at the unit or below it (422 otherwise)' })
  @IsOptional()
  @IsKnownStaffMember()
  staffId?: string;

  @Label('重复发生的原问题', 'repeats finding')
  @ApiPropertyOptional({ example: '0c5d2f1e-7a41-4f8e-9a9b-3f1c2d4e5a6b', description: 'An earlier finding this one repeats (重复发生); one you can see (422 otherwise)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  repeats?: string;

  @Label('举一反三机构', 'units to rectify alike')
  @ApiPropertyOptional({
    type: [String],
    example: ['anshan-daoxi', 'anshan-tiedong', 'anshan-jiefanglu'],
    description: '举一反三: two or more units below `unitId`, each getting a linked finding; the one raised at `unitId` is their parent and closes when all of them are closed',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  unitIds?: string[];

  toCommand(findingId: string, inspectionId: string): RaiseFinding {
    return {
      type: 'raise',
      findingId,
      source: { kind: 'inspection', inspectionId },
      unitId: this.unitId,
      category: this.category,
      description: this.description,
      severity: this.severity,
      mode: this.mode,
      ...(this.report !== undefined && { onSpotReport: this.report }),
      ...(this.dueAt !== undefined && { dueAt: this.dueAt }),
      ...(this.staffId !== undefined && { staffId: this.staffId }),
      ...(this.repeats !== undefined && { repeats: this.repeats }),
      ...(this.unitIds !== undefined && { childUnitIds: this.unitIds }),
    };
  }
}
