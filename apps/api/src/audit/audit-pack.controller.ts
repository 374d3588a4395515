import { applyDecorators, Controller, Get, HttpStatus, Inject, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CIRCULARS, COMPLAINTS, FINDINGS, VIOLATIONS, type AggregateType } from '@duban/cases';
import { ProblemException } from '@duban/http-problem';
import { CurrentUser, Roles, type AuthenticatedUser } from '@duban/identity';
import { CASE_READ_MODEL, type CaseReadModel } from '@duban/projections';
import type { AnyMachineSnapshot } from 'xstate';
import { ReadModelConsistency } from '../queries/read-model-consistency';
import { ScopedUnits } from '../queries/scoped-units';
import { CaseAccess } from '../shared/case-access';
import { csvDownload } from '../shared/csv-response';
import { fieldValidationProblem, violationOf } from '../shared/field-problems';
import { AuditPackDto, AuditPackRangeDto } from './audit-pack.dto';
import { AuditPackQueryDto, AuditPacksQueryDto } from './audit-pack-query.dto';
import { AuditedRead } from './audit-read-recorder';
import { AuditPacks } from './audit-packs';

/** A date-range pack replays every case in it; past this many the caller narrows the range. */
export const MAX_CASES_PER_PACK = 500;

type AnyAggregate = AggregateType<AnyMachineSnapshot, { type: string }>;
const AGGREGATES: Record<'complaint' | 'finding' | 'circular', AnyAggregate> = {
  complaint: COMPLAINTS as AnyAggregate,
  finding: FINDINGS as AnyAggregate,
  circular: CIRCULARS as AnyAggregate,
};

const PackRoute = (operationId: string, path: string, kind: string, summary: string, pack: typeof AuditPackDto | typeof AuditPackRangeDto): MethodDecorator =>
  applyDecorators(
    Get(path),
    Roles('auditor', 'supervisor', 'unit_head'),
    AuditedRead(kind, 'audit-pack'),
    ApiOperation({ operationId, summary }),
    ApiExtraModels(pack),
    ApiOkResponse({
      description: 'JSON, or with ?format=csv a CSV download with a line per event',
      content: { 'application/json': { schema: { $ref: getSchemaPath(pack) } }, 'text/csv': { schema: { type: 'string' } } },
    }),
    ApiNotFoundResponse({ description: 'Unknown or outside your units' }),
  );

function answer(
  response: Response,
  format: string | undefined,
  name: string,
  packs: AuditPacks,
  body: AuditPackDto | { from: string; to: string; packs: AuditPackDto[] },
): unknown {
  if (format !== 'csv') return body;
  return csvDownload(response, `duban-audit-${name}`, packs.csvOf('packs' in body ? body.packs : [body]));
}

/**
 * Audit packs (审计材料): a case's events with who, when and why, the view replayed after each
 * event, and the verification of its hash chain; JSON, or CSV with a line per event.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditPackController {
  constructor(
    private readonly cases: CaseAccess,
    private readonly packs: AuditPacks,
    @Inject(CASE_READ_MODEL) private readonly queries: CaseReadModel,
    private readonly units: ScopedUnits,
    private readonly consistency: ReadModelConsistency,
  ) {}

  @PackRoute('getComplaintAuditPack', 'complaints/:id/audit-pack', 'complaint', "One complaint's audit pack: events, replayed views and chain verification", AuditPackDto)
  complaint(@Param('id') id: string, @Query() query: AuditPackQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response) {
    return this.single(AGGREGATES.complaint, id, query, user, response);
  }

  @PackRoute('getFindingAuditPack', 'findings/:id/audit-pack', 'finding', "One finding's audit pack: events, replayed views and chain verification", AuditPackDto)
  finding(@Param('id') id: string, @Query() query: AuditPackQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response) {
    return this.single(AGGREGATES.finding, id, query, user, response);
  }

  @PackRoute('getViolationAuditPack', 'violations/:id/audit-pack', 'violation', "One violation's audit pack: events, replayed views and chain verification", AuditPackDto)
  violation(@Param('id') id: string, @Query() query: AuditPackQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response) {
    return this.single(VIOLATIONS as AnyAggregate, id, query, user, response);
  }

  @PackRoute(
    'getCircularAuditPack',
    'circulars/:id/audit-pack',
    'circular',
    "One circular's audit pack: drafting, issue and read receipts, replayed views and chain verification",
    AuditPackDto,
  )
  circular(@Param('id') id: string, @Query() query: AuditPackQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response) {
    return this.single(AGGREGATES.circular, id, query, user, response);
  }

  @PackRoute('listAuditPacks', 'audit/packs', 'cases', 'The audit packs of every complaint received (finding raised) in [from, to) within your units', AuditPackRangeDto)
  @ApiBadRequestResponse({ description: 'A bad or empty range; names the field' })
  @ApiUnprocessableEntityResponse({ description: `More than ${MAX_CASES_PER_PACK} cases: narrow the range` })
  async range(@Query() query: AuditPacksQueryDto, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response) {
    const [from, to] = [new Date(query.from).toISOString(), new Date(query.to).toISOString()];
    if (from >= to) throw fieldValidationProblem([violationOf(query, 'to', 'isAfterFrom', { zh: '「截止」须晚于「起始」', en: '"to" must be later than "from"' })]);
    await this.consistency.awaitPosition(query.minPosition);
    const kind = query.kind ?? 'complaint';
    const rows = await this.queries.all({ kinds: [kind], visibleUnitIds: this.units.visibleUnitIds(user), receivedFrom: from, receivedTo: to });
    if (rows.length > MAX_CASES_PER_PACK) {
      throw ProblemException.of(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'pack-too-large',
        { zh: `范围内有 ${rows.length} 件案件；每次最多 ${MAX_CASES_PER_PACK} 件，请缩小范围。`, en: `${rows.length} cases in range; at most ${MAX_CASES_PER_PACK} per pack.` },
        {
          cases: rows.length,
        },
      );
    }
    const packs: AuditPackDto[] = [];
    for (const row of rows.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id))) {
      const loaded = await this.cases.read(AGGREGATES[kind], row.id, user);
      packs.push(await this.packs.packOf(AGGREGATES[kind], row.id, loaded.history, user.role));
    }
    return answer(response, query.format, `${kind}s-${from.slice(0, 10)}-${to.slice(0, 10)}`, this.packs, { from, to, packs });
  }

  private async single(aggregate: AnyAggregate, id: string, query: AuditPackQueryDto, user: AuthenticatedUser, response: Response) {
    const loaded = await this.cases.read(aggregate, id, user);
    return answer(response, query.format, `${aggregate.kind}-${id}`, this.packs, await this.packs.packOf(aggregate, id, loaded.history, user.role, user.unitId));
  }
}
