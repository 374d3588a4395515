import { Label } from '@duban/http-problem';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CIRCULAR_KINDS, type CircularKind } from '@duban/workflow';
import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';

const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
const PERIOD_MESSAGE = 'period must be a year (2026), a quarter (2026-Q3) or a month (2026-07)';
export const CIRCULAR_STATES = ['draft', 'issued', 'withdrawn'] as const;

/** Filters of GET /circulars; every filter narrows (AND). */
export class ListCircularsQueryDto {
  @ApiPropertyOptional({ description: "Issued by or addressed to a unit of that unit's subtree (辖内); a unit outside your own scope is 404", example: 'anshan' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Label('机构', 'unit')
  unitId?: string;

  @ApiPropertyOptional({ enum: CIRCULAR_KINDS, description: 'circular 通报, deadline_notice 限期整改通知, briefing 简报' })
  @IsOptional()
  @IsIn(CIRCULAR_KINDS)
  @Label('发文类型', 'kind')
  kind?: CircularKind;

  @ApiPropertyOptional({ enum: CIRCULAR_STATES })
  @IsOptional()
  @IsIn(CIRCULAR_STATES)
  @Label('状态', 'state')
  state?: (typeof CIRCULAR_STATES)[number];

  @ApiPropertyOptional({ description: 'Issued (drafts: drafted) in this year, quarter or month, bank time zone: 2026, 2026-Q3 or 2026-07', example: '2026-Q3' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  @Label('期间', 'period')
  period?: string;
}

/** GET /circulars/counts: what was issued in a period, by kind. */
export class CircularCountsQueryDto {
  @ApiProperty({ description: 'A year, quarter or month, bank time zone', example: '2026' })
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  @Label('期间', 'period')
  period!: string;

  @ApiPropertyOptional({ description: "Issued by or addressed to a unit of that unit's subtree; a unit outside your own scope is 404", example: 'anshan' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Label('机构', 'unit')
  unitId?: string;
}
