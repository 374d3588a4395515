import { Controller, Get, Query, Res, type Type } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthenticatedUser } from '@duban/identity';
import {
  complaintReport,
  inspectionCoverage,
  localDate,
  outcomeReport,
  rankUnitScores,
  rectificationReport,
  slaReport,
  toCsv,
  unitRankings,
  unitScoreInputs,
  violationReport,
  type GroupDimension,
} from '@duban/reporting';
import { INSPECTION_KINDS } from '@duban/workflow';
import { DEFAULT_TIME_ZONE } from '@duban/sla';
import { csvDownload } from '../shared/csv-response';
import { groupByOf, ReportInputsResolver, type ReportInputs } from './report-inputs';
import {
  CaseTypeReportQueryDto,
  ComplaintReportQueryDto,
  CoverageReportQueryDto,
  OutcomeReportQueryDto,
  RectificationReportQueryDto,
  ReportScopeQueryDto,
  ScoreReportQueryDto,
  SlaReportQueryDto,
  ViolationReportQueryDto,
} from './report-query.dto';
import { CoverageReportDto, ReportDto, ScoreReportDto } from './report.dto';

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

/** A period in a file name: its local dates. */
const periodText = (period: { from: string; to: string }): string => [period.from, period.to].map((bound) => localDate(bound, DEFAULT_TIME_ZONE)).join('-');

/** The first column a grouped-by dimension puts in a row (the unit's name rather than its id). */
const firstColumnOf = (groupBy: readonly GroupDimension[]): string | undefined => (groupBy[0] === 'unit' ? 'unitId' : groupBy[0]);

/**
 * Answers JSON, or CSV (one line per row, then the totals) when the query asks for it: the same
 * figures either way.
 */
function answer(response: Response, query: ReportScopeQueryDto, body: ReportAnswer): ReportAnswer | string {
  if (query.format !== 'csv') return body;
  const totalsColumn = firstColumnOf(body.groupBy);
  const totals = body.totals && totalsColumn ? [{ [totalsColumn]: TOTAL_LABEL, ...body.totals }] : [];
  return csvDownload(response, `duban-${body.report}-${periodText(body.period)}`, toCsv([...body.rows, ...totals]));
}

type CoverageAnswer = { report: 'coverage'; unit: object; level: string; period: object; generatedAt: string; rows: object[] };
type ScoreAnswer = { report: 'scores'; unit: object; level: string; period: object; scheme: object; generatedAt: string; position: string; rows: object[] };

function envelope(report: string, inputs: Pick<ReportInputs, 'unit' | 'period' | 'now' | 'position'>, groupBy: GroupDimension[]): Omit<ReportAnswer, 'rows' | 'totals'> {
  return { report, unit: inputs.unit, period: inputs.period, groupBy, generatedAt: inputs.now, position: inputs.position.toString() };
}

/** JSON (the given answer), or with ?format=csv a CSV download of the same rows. */
const ReportAnswers = (dto: Type): MethodDecorator =>
  ApiOkResponse({
    description: 'JSON, or with ?format=csv a CSV download: one line per row, then the totals where the report has them',
    content: { 'application/json': { schema: { $ref: getSchemaPath(dto) } }, 'text/csv': { schema: { type: 'string' } } },
  });

/**
 * The circular's figures (通报) for a unit and its subtree, from the read models. Rows group the
 * units directly below the report's unit; cases keep the unit they were received at, whatever
 * the escalations did.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(ReportDto, ScoreReportDto, CoverageReportDto)
@ApiBadRequestResponse({ description: 'A bad period, grouping or format; names the field' })
@ApiNotFoundResponse({ description: 'unitId outside your units' })
@Controller('reports')
export class ReportsController {
  constructor(private readonly inputs: ReportInputsResolver) {}

  @Get('sla')
  @ReportAnswers(ReportDto)
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
  @ReportAnswers(ReportDto)
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
  @ReportAnswers(ReportDto)
  @Roles('supervisor', 'unit_head', 'auditor')
  @ApiOperation({ operationId: 'getRankingReport', summary: 'Units directly below the report unit by on-time %: top 3 flagged reward, bottom 2 flagged circular (通报)' })
  async rankings(@Query() query: CaseTypeReportQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<ReportAnswer | string> {
    const inputs = await this.inputs.resolve(user, query, 'complaint');
    return answer(response, query, { ...envelope('rankings', inputs, ['unit']), rows: unitRankings(inputs.cases, inputs.units) });
  }

  @Get('rectification')
  @ReportAnswers(ReportDto)
  @Roles('supervisor', 'unit_head', 'inspector', 'auditor')
  @ApiOperation({
    operationId: 'getRectificationReport',
    summary: 'Findings per unit (or category, month, quarter, year): open, overdue, carried over, verified, average days to verified, repeats',
  })
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

  @Get('outcomes')
  @ReportAnswers(ReportDto)
  @Roles('supervisor', 'unit_head', 'auditor')
  @ApiOperation({
    operationId: 'getOutcomeReport',
    summary: 'How complaints ended: closure rate (结案率), mean and median days to close, satisfaction rate at follow-up (回访满意率)',
  })
  async outcomes(@Query() query: OutcomeReportQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<ReportAnswer | string> {
    const inputs = await this.inputs.resolve(user, query, 'complaint');
    const groupBy = groupByOf(query, ['unit']);
    const { rows, totals } = outcomeReport(inputs.cases, { groupBy, units: inputs.units });
    return answer(response, query, { ...envelope('outcomes', inputs, groupBy), rows, totals });
  }

  @Get('violations')
  @ReportAnswers(ReportDto)
  @Roles('supervisor', 'unit_head', 'inspector', 'auditor')
  @ApiOperation({
    operationId: 'getViolationReport',
    summary: 'Violations and penalties (违规服务) per unit (or category, month, quarter, year): recorded, penalised, appealed, annulled, points and fines in force',
  })
  async violations(
    @Query() query: ViolationReportQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportAnswer | string> {
    const inputs = await this.inputs.resolveViolations(user, query);
    const groupBy = groupByOf(query, ['unit']);
    const { rows, totals } = violationReport(inputs.violations, { groupBy, units: inputs.units });
    return answer(response, query, { ...envelope('violations', inputs, groupBy), rows, totals });
  }

  @Get('coverage')
  @ReportAnswers(CoverageReportDto)
  @Roles('supervisor', 'unit_head', 'inspector', 'auditor')
  @ApiOperation({
    operationId: 'getInspectionCoverage',
    summary: 'Inspection coverage (覆盖面) by kind: units of the level inspected at least once in the period ÷ units of the level in the subtree',
  })
  async coverage(@Query() query: CoverageReportQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<CoverageAnswer | string> {
    const inputs = await this.inputs.resolveCoverage(user, query);
    const rows = inspectionCoverage(
      inputs.inspections.map((inspection) => ({ unitId: inspection.unitId, kind: inspection.inspectionKind })),
      inputs.units,
      INSPECTION_KINDS,
    );
    const body = { report: 'coverage' as const, unit: inputs.unit, level: inputs.level, period: inputs.period, generatedAt: inputs.now, rows };
    return query.format === 'csv' ? csvDownload(response, `duban-coverage-${inputs.unit.id}-${periodText(inputs.period)}`, toCsv(rows)) : body;
  }

  @Get('scores')
  @ReportAnswers(ScoreReportDto)
  @Roles('supervisor', 'unit_head', 'inspector', 'auditor')
  @ApiOperation({
    operationId: 'getScoreRanking',
    summary:
      'Quarterly scores (考核排名): every unit of a level in the subtree scored by the scheme, each score with its parts; the top 3 flagged reward, the bottom 2 circular (通报)',
  })
  async scores(@Query() query: ScoreReportQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<ScoreAnswer | string> {
    const inputs = await this.inputs.resolveScores(user, query);
    const rows = rankUnitScores(unitScoreInputs(inputs.units, inputs.cases, inputs.inspections, inputs.penaltyPoints), inputs.scheme);
    const { id, version, name, period, weights } = inputs.scheme;
    const body = {
      report: 'scores' as const,
      unit: inputs.unit,
      level: inputs.level,
      period: inputs.period,
      scheme: { id, version, name, period, weights },
      generatedAt: inputs.now,
      position: inputs.position.toString(),
      rows,
    };
    return query.format === 'csv' ? csvDownload(response, `duban-scores-${inputs.unit.id}-${inputs.period.name}`, toCsv(rows)) : body;
  }
}
