import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthenticatedUser } from '@duban/identity';
import { complaintReport, localDate, rectificationReport, slaReport, toCsv, unitRankings, type GroupDimension } from '@duban/reporting';
import { DEFAULT_TIME_ZONE } from '@duban/sla';
import { csvDownload } from '../shared/csv-response';
import { groupByOf, ReportInputsResolver, type ReportInputs } from './report-inputs';
import { ComplaintReportQueryDto, RectificationReportQueryDto, ReportQueryDto, SlaReportQueryDto } from './report-query.dto';
import { ReportDto } from './report.dto';

/** Header of the totals line in CSV, under the first grouped-by column. */
const TOTAL_LABEL = '合计 total';

type ReportAnswer = {
  report: string;
  unit: ReportInputs['unit'];
  period: ReportInputs['period'];
  groupBy: GroupDimension[];
  generatedAt: string;
  position: string;
  rows: object[];
  totals?: object;
};

/** The first column a grouped-by dimension puts in a row (the unit's name rather than its id). */
const firstColumnOf = (groupBy: readonly GroupDimension[]): string | undefined => (groupBy[0] === 'unit' ? 'unitId' : groupBy[0]);

/**
 * Answers JSON, or CSV (one line per row, then the totals) when the query asks for it: the same
 * figures either way.
 */
function answer(response: Response, query: ReportQueryDto, body: ReportAnswer): ReportAnswer | string {
  if (query.format !== 'csv') return body;
  const totalsColumn = firstColumnOf(body.groupBy);
  const totals = body.totals && totalsColumn ? [{ [totalsColumn]: TOTAL_LABEL, ...body.totals }] : [];
  const [from, to] = [body.period.from, body.period.to].map((bound) => localDate(bound, DEFAULT_TIME_ZONE));
  return csvDownload(response, `duban-${body.report}-${from}-${to}`, toCsv([...body.rows, ...totals]));
}

function envelope(report: string, inputs: ReportInputs, groupBy: GroupDimension[]): Omit<ReportAnswer, 'rows' | 'totals'> {
  return { report, unit: inputs.unit, period: inputs.period, groupBy, generatedAt: inputs.now, position: inputs.position.toString() };
}

/**
 * The circular's figures (通报) for a unit and its subtree, from the read models. Rows group the
 * units directly below the report's unit; cases keep the unit they were received at, whatever
 * the escalations did.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(ReportDto)
@ApiOkResponse({
  description: 'JSON, or with ?format=csv a CSV download: one line per row, then the totals',
  content: { 'application/json': { schema: { $ref: getSchemaPath(ReportDto) } }, 'text/csv': { schema: { type: 'string' } } },
})
@ApiBadRequestResponse({ description: 'A bad period, grouping or format; names the field' })
@ApiNotFoundResponse({ description: 'unitId outside your units' })
@Controller('reports')
export class ReportsController {
  constructor(private readonly inputs: ReportInputsResolver) {}

  @Get('sla')
  @Roles('supervisor', 'unit_head', 'auditor')
  @ApiOperation({
    operationId: 'getSlaReport',
    summary: 'SLA compliance: received, replied on time, breached, escalated per level, median and p90 business hours to reply, on-time %',
  })
  async sla(@Query() query: SlaReportQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<ReportAnswer | string> {
    const inputs = await this.inputs.resolve(user, query, 'complaint');
    const groupBy = groupByOf(query, ['unit']);
    const { rows, totals } = slaReport(inputs.cases, { groupBy, units: inputs.units, maxEscalationLevel: inputs.maxEscalationLevel });
    return answer(response, query, { ...envelope('sla', inputs, groupBy), rows, totals });
  }

  @Get('complaints')
  @Roles('supervisor', 'unit_head', 'auditor')
  @ApiOperation({
    operationId: 'getComplaintReport',
    summary: 'Complaint statistics: by type (投诉/协查/建议/表扬), valid vs customer responsibility, by channel and category, month over month',
  })
  async complaints(
    @Query() query: ComplaintReportQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportAnswer | string> {
    const inputs = await this.inputs.resolve(user, query, 'complaint');
    const groupBy = groupByOf(query, ['month']);
    const { rows, totals } = complaintReport(inputs.cases, { groupBy, units: inputs.units });
    return answer(response, query, { ...envelope('complaints', inputs, groupBy), rows, totals });
  }

  @Get('rankings')
  @Roles('supervisor', 'unit_head', 'auditor')
  @ApiOperation({ operationId: 'getRankingReport', summary: 'Units directly below the report unit by on-time %: top 3 flagged reward, bottom 2 flagged circular (通报)' })
  async rankings(@Query() query: ReportQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<ReportAnswer | string> {
    const inputs = await this.inputs.resolve(user, query, 'complaint');
    return answer(response, query, { ...envelope('rankings', inputs, ['unit']), rows: unitRankings(inputs.cases, inputs.units) });
  }

  @Get('rectification')
  @Roles('supervisor', 'unit_head', 'inspector', 'auditor')
  @ApiOperation({ operationId: 'getRectificationReport', summary: 'Findings per unit: open, overdue, carried over, verified, average days to verified' })
  async rectification(
    @Query() query: RectificationReportQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportAnswer | string> {
    const inputs = await this.inputs.resolve(user, query, 'finding');
    const groupBy = groupByOf(query, ['unit']);
    const { rows, totals } = rectificationReport(inputs.cases, { groupBy, units: inputs.units, now: inputs.now });
    return answer(response, query, { ...envelope('rectification', inputs, groupBy), rows, totals });
  }
}
