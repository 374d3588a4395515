import { Label } from '@duban/http-problem';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const VIOLATION_STATES = ['recorded', 'penalised', 'appealed', 'settled', 'annulled'] as const;

/** Filters of GET /violations; every filter narrows (AND). */
export class ListViolationsQueryDto {
  @ApiPropertyOptional({ description: "That unit's subtree (辖内); a unit outside your own scope is 404" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Label('机构', 'unit')
  unitId?: string;

  @ApiPropertyOptional({ example: 'E10001', description: 'One employee (工号)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Label('员工', 'employee')
  staffId?: string;

  @ApiPropertyOptional({ enum: VIOLATION_STATES })
  @IsOptional()
  @IsIn(VIOLATION_STATES)
  @Label('状态', 'state')
  state?: (typeof VIOLATION_STATES)[number];

  @ApiPropertyOptional({ description: 'Recorded in this year, quarter or month (bank time zone): 2026, 2026-Q3 or 2026-07', example: '2026-Q3' })
  @IsOptional()
  @Matches(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: 'period must be a year (2026), a quarter (2026-Q3) or a month (2026-07)' })
  @Label('期间', 'period')
  period?: string;
}
