import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { Label, withMessage } from '@duban/http-problem';
import type { GroupDimension } from '@duban/reporting';
import { ReadPositionQueryDto } from '../queries/read-position-query.dto';

const PERIOD_BOUND = /^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?$/;
const PERIOD_MESSAGE = 'must be YYYY-MM, YYYY-MM-DD (midnight in the bank time zone) or an ISO 8601 instant with its offset';
const periodBound = withMessage((l) => ({ zh: `「${l.zh}」须为 YYYY-MM、YYYY-MM-DD（银行所在时区的零点）或带时区的 ISO 8601 时刻`, en: `"${l.en}" ${PERIOD_MESSAGE}` }));

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Period, unit and format, common to every report. */
export class ReportQueryDto extends ReadPositionQueryDto {
  @ApiPropertyOptional({ description: `Cases received (findings raised) from this bound on; default the 1st of the month 11 months ago. ${PERIOD_MESSAGE}` })
  @IsOptional()
  @Label('起始', 'from')
  @Matches(PERIOD_BOUND, periodBound)
  from?: string;

  @ApiPropertyOptional({ description: `…and before this bound (exclusive); default now. ${PERIOD_MESSAGE}` })
  @IsOptional()
  @Label('截止', 'to')
  @Matches(PERIOD_BOUND, periodBound)
  to?: string;

  @Label('机构', 'unit')
  @ApiPropertyOptional({ description: 'Report on this unit and its subtree, grouping by the units directly below it; default your own unit (head office for auditors)' })
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

/** A comma-separated `groupBy` of the given dimensions, each at most once. */
function groupedReportQuery(dimensions: readonly GroupDimension[], byDefault: string) {
  const pattern = new RegExp(`^(?!.*\\b(${dimensions.join('|')})\\b.*\\b\\1\\b)(${dimensions.join('|')})(,(${dimensions.join('|')}))*$`);
  class GroupedReportQueryDto extends ReportQueryDto {
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

export class SlaReportQueryDto extends groupedReportQuery(['unit', 'category', 'month'], 'unit') {}
export class ComplaintReportQueryDto extends groupedReportQuery(['unit', 'category', 'channel', 'month'], 'month') {}
export class RectificationReportQueryDto extends groupedReportQuery(['unit', 'category', 'month'], 'unit') {}
