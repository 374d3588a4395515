import { Label } from '@duban/http-problem';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { INSPECTION_KINDS, INSPECTION_STATES, type InspectionKind, type InspectionStatus } from '@duban/workflow';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** Filters of GET /inspections; every filter narrows (AND). */
export class ListInspectionsQueryDto {
  @ApiPropertyOptional({ description: "That unit's subtree (辖内); a unit outside your own scope is 404" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Label('机构', 'unit')
  unitId?: string;

  @ApiPropertyOptional({ enum: INSPECTION_KINDS })
  @IsOptional()
  @IsIn(INSPECTION_KINDS)
  @Label('检查类型', 'inspection kind')
  kind?: InspectionKind;

  @ApiPropertyOptional({ enum: INSPECTION_STATES, description: '`reported`: a self-inspection (自查) reported up, awaiting the unit above' })
  @IsOptional()
  @IsIn(INSPECTION_STATES)
  @Label('状态', 'state')
  state?: InspectionStatus;

  @ApiPropertyOptional({ description: 'Opened in this year, quarter or month (bank time zone): 2026, 2026-Q3 or 2026-07', example: '2026-Q3' })
  @IsOptional()
  @Matches(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: 'period must be a year (2026), a quarter (2026-Q3) or a month (2026-07)' })
  @Label('期间', 'period')
  period?: string;

  @ApiPropertyOptional({ description: 'Scored against this checklist template' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Label('检查表', 'checklist')
  checklistId?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Score (percent) at least this; inspections without a score are left out' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  @Label('最低得分', 'lowest score')
  scoreMin?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Score (percent) at most this; inspections without a score are left out' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  @Label('最高得分', 'highest score')
  scoreMax?: number;
}
