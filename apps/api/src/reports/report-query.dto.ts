import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { Label, withMessage } from '@duban/http-problem';
import { ORG_LEVELS, type OrgLevel } from '@duban/identity';
import type { GroupDimension } from '@duban/reporting';
import { CASE_TYPES } from '@duban/workflow';
import { ReadPositionQueryDto } from '../queries/read-position-query.dto';

const PERIOD_BOUND = /^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?$/;
const PERIOD_MESSAGE = 'must be YYYY-MM, YYYY-MM-DD (midnight in the bank time zone) or an ISO 8601 instant with its offset';
const periodBound = withMessage((l) => ({ zh: `「${l.zh}」须为 YYYY-MM、YYYY-MM-DD（银行所在时区的零点）或带时区的 ISO 8601 时刻`, en: `"${l.en}" ${PERIOD_MESSAGE}` }));

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Unit and format, common to every report. */
export class ReportScopeQueryDto extends ReadPositionQueryDto {
  @Label('机构', 'unit')
  @ApiPropertyOptional({ description: 'Report on this unit and its subtree; default your own unit (head office for auditors)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  unitId?: string;

  @Label('格式', 'format')
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/** …and the period between two bounds, common to the reports over cases. */
export class ReportQueryDto extends ReportScopeQueryDto {
  @ApiPropertyOptional({ description: `Cases received (findings raised, inspections opened) from this bound on; default the 1st of the month 11 months ago. ${PERIOD_MESSAGE}` })
  @IsOptional()
  @Label('起始', 'from')
  @Matches(PERIOD_BOUND, periodBound)
  from?: string;

  @ApiPropertyOptional({ description: `…and before this bound (exclusive); default now. ${PERIOD_MESSAGE}` })
  @IsOptional()
  @Label('截止', 'to')
  @Matches(PERIOD_BOUND, periodBound)
  to?: string;
}

/** Reports over complaints count one case type when asked: the valid rate of 投诉 alone. */
export class CaseTypeReportQueryDto extends ReportQueryDto {
  @Label('案件类型', 'case type')
  @ApiPropertyOptional({ enum: CASE_TYPES, description: 'Count only complaints of this type (投诉 complaint, 协查, 建议, 表扬); default every type' })
  @IsOptional()
  @IsIn(CASE_TYPES)
  type?: string;
}

/** A comma-separated `groupBy` of the given dimensions, each at most once. */
function groupedReportQuery(dimensions: readonly GroupDimension[], byDefault: string, Base: typeof ReportQueryDto = ReportQueryDto) {
  const pattern = new RegExp(`^(?!.*\\b(${dimensions.join('|')})\\b.*\\b\\1\\b)(${dimensions.join('|')})(,(${dimensions.join('|')}))*$`);
  class GroupedReportQueryDto extends Base {
    @ApiPropertyOptional({ description: `Comma-separated, in the order wanted: ${dimensions.join(', ')}. Default ${byDefault}` })
    @Label('分组', 'group by')
    @IsOptional()
    @Matches(
      pattern,
      withMessage((l) => ({
        zh: `「${l.zh}」须列出 ${dimensions.join('、')} 中的若干项，以逗号分隔，每项至多一次`,
        en: `"${l.en}" must list ${dimensions.join(', ')} separated by commas, each at most once`,
      })),
    )
    groupBy?: string;
  }
  return GroupedReportQueryDto;
}

export class SlaReportQueryDto extends groupedReportQuery(['unit', 'category', 'month', 'quarter', 'year'], 'unit', CaseTypeReportQueryDto) {}
export class ComplaintReportQueryDto extends groupedReportQuery(['unit', 'category', 'channel', 'month', 'quarter', 'year'], 'month', CaseTypeReportQueryDto) {}
export class OutcomeReportQueryDto extends groupedReportQuery(['unit', 'category', 'channel', 'month', 'quarter', 'year'], 'unit', CaseTypeReportQueryDto) {}
export class RectificationReportQueryDto extends groupedReportQuery(['unit', 'category', 'month', 'quarter', 'year'], 'unit') {}
export class ViolationReportQueryDto extends groupedReportQuery(['unit', 'category', 'month', 'quarter', 'year'], 'unit') {}

const LEVEL_DESCRIPTION = 'Every unit of this level in the subtree of unitId (all outlets of a branch, not only its children)';

export class CoverageReportQueryDto extends ReportQueryDto {
  @Label('机构层级', 'level')
  @ApiPropertyOptional({ enum: ORG_LEVELS, default: 'outlet', description: LEVEL_DESCRIPTION })
  @IsOptional()
  @IsIn(ORG_LEVELS)
  level?: OrgLevel;
}

const NAMED_PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

export class ScoreReportQueryDto extends ReportScopeQueryDto {
  @Label('机构层级', 'level')
  @ApiPropertyOptional({ enum: ORG_LEVELS, default: 'outlet', description: LEVEL_DESCRIPTION })
  @IsOptional()
  @IsIn(ORG_LEVELS)
  level?: OrgLevel;

  @Label('考核期', 'period')
  @ApiPropertyOptional({ description: "A quarter (2026-Q3), month (2026-07) or year (2026) in the bank's time zone; default the scheme's current period", example: '2026-Q3' })
  @IsOptional()
  @Matches(
    NAMED_PERIOD,
    withMessage((l) => ({ zh: `「${l.zh}」须为季度（2026-Q3）、月份（2026-07）或年份（2026）`, en: `"${l.en}" must be a quarter (2026-Q3), a month (2026-07) or a year (2026)` })),
  )
  period?: string;

  @Label('考核办法', 'scoring scheme')
  @ApiPropertyOptional({ description: 'The scoring scheme (GET /scoring/schemes/{id}); default quarterly-service', example: 'quarterly-service' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  schemeId?: string;
}
