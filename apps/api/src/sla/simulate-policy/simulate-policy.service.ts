import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { workflowOrgTree } from '@duban/cases';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@duban/event-store';
import { ProblemException, type FieldViolation } from '@duban/http-problem';
import { AccessScope, OrgTree, type AuthenticatedUser, type OrgLevel } from '@duban/identity';
import {
  backTestCase,
  backTestTotals,
  backTestTotalsByUnit,
  parseCalendar,
  parsePolicySet,
  SlaValidationError,
  type BackTestTotals,
  type Calendar,
  type CaseBackTest,
  type SlaCandidate,
  CASE_STREAM_PREFIXES,
  caseOfStream,
} from '@duban/sla';
import { EventSourcedSlaRules, recordedCaseOf } from '@duban/sla-enforcement';
import { decodeComplaintRegistered, decodeFindingRaised } from '@duban/workflow';
import { fieldValidationProblem, violationOf } from '../../shared/field-problems';
import { SimulatePolicyDto } from './simulate-policy.dto';

/** A year and a leap day: enough for an annual comparison, bounded for one request. */
export const MAX_SIMULATION_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;
const CREATION_EVENT_TYPES = ['ComplaintRegistered', 'FindingRaised'];

export type SimulationReport = {
  from: string;
  to: string;
  /** The simulation's now: the request time or `to`, whichever is earlier. */
  horizon: string;
  candidate: { policySetVersion: number; calendars: Record<string, number> };
  totals: { overall: BackTestTotals; byUnit: BackTestTotals[]; byGroup?: BackTestTotals[] };
  cases: CaseBackTest[];
};

/** SlaValidationError issues as the validation pipe's 400, each field under the request field it came from. */
function invalidField(prefix: string, error: unknown): never {
  if (!(error instanceof SlaValidationError)) throw error;
  const violations: FieldViolation[] = error.issues.map((issue) => ({
    field: issue.field ? `${prefix}.${issue.field}` : prefix,
    rule: error.subject.replace(/ /g, '-'),
    // The SLA library words its issues in English only.
    message: { zh: `不符合时限规则：${issue.message}`, en: issue.message },
  }));
  throw fieldValidationProblem(violations);
}

/** Where and when the case came to the bank: a complaint's receipt, a finding's raise. */
function arrivalOf(event: RecordedEvent): { unitId: string; at: string } {
  if (event.type === 'ComplaintRegistered') {
    const { unitId, receivedAt } = decodeComplaintRegistered(event);
    return { unitId, at: receivedAt };
  }
  const { unitId, occurredAt } = decodeFindingRaised(event);
  return { unitId, at: occurredAt };
}

/**
 * Back-tests candidate SLA rules (what-if) on the recorded cases of a period in the caller's scope:
 * reads their streams, replays each under the candidate (libs/sla backTestCase) and totals per
 * unit. Reads only; nothing is appended.
 */
@Injectable()
export class SimulatePolicyService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rules: EventSourcedSlaRules,
    private readonly orgTree: OrgTree,
    private readonly scope: AccessScope,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async simulate(request: SimulatePolicyDto, user: AuthenticatedUser): Promise<SimulationReport> {
    const { from, to } = this.checkedRange(request);
    const candidate = await this.candidateOf(request);
    const horizon = new Date(Math.min(this.clock.now().getTime(), Date.parse(to))).toISOString();
    const streams = await this.caseStreamsIn(from, to, user);
    const orgTree = workflowOrgTree(this.orgTree);
    const cases = await Promise.all(
      streams.map(async (stream) => {
        const { kind, caseId } = caseOfStream(stream)!;
        return backTestCase(recordedCaseOf(kind, caseId, await this.store.readStream(stream)), candidate, { horizon, orgTree });
      }),
    );
    const scopeRoot = user.role === 'auditor' ? this.orgTree.root.id : user.unitId;
    const groupBy = request.groupBy;
    return {
      from,
      to,
      horizon,
      candidate: {
        policySetVersion: candidate.policySet.version,
        calendars: Object.fromEntries(Object.values(candidate.calendars).map((calendar) => [calendar.id, calendar.version])),
      },
      totals: {
        overall: backTestTotals(scopeRoot, cases),
        byUnit: backTestTotalsByUnit(cases, (result) => result.unitId),
        ...(groupBy !== undefined && { byGroup: backTestTotalsByUnit(cases, (result) => this.ancestorAt(result.unitId, groupBy)) }),
      },
      cases,
    };
  }

  private checkedRange({ from, to }: SimulatePolicyDto): { from: string; to: string } {
    const span = Date.parse(to) - Date.parse(from);
    if (span <= 0) throw fieldValidationProblem([violationOf(SimulatePolicyDto, 'to', 'range', { zh: '「截止」须晚于「起始」', en: '"to" must be later than "from"' })]);
    if (span > MAX_SIMULATION_DAYS * DAY_MS)
      throw fieldValidationProblem([
        violationOf(SimulatePolicyDto, 'to', 'range', { zh: `时间范围最长 ${MAX_SIMULATION_DAYS} 天`, en: `the range may span at most ${MAX_SIMULATION_DAYS} days` }),
      ]);
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }

  /** The candidate policy set, validated against the current calendars overlaid with the candidate ones. */
  private async candidateOf(request: SimulatePolicyDto): Promise<SlaCandidate> {
    const current = await this.rules.current();
    const calendars: Record<string, Calendar> = { ...current.calendars };
    (request.calendars ?? []).forEach((input, index) => {
      try {
        const known = typeof input.id === 'string' ? current.calendars[input.id] : undefined;
        const calendar = parseCalendar({ version: (known?.version ?? 0) + 1, ...input });
        calendars[calendar.id] = calendar;
      } catch (error) {
        invalidField(`calendars[${index}]`, error);
      }
    });
    try {
      const policySet = parsePolicySet({ version: current.policySet.version + 1, ...request.policySet }, { calendarIds: Object.keys(calendars) });
      return { policySet, calendars };
    } catch (error) {
      return invalidField('policySet', error);
    }
  }

  /** Streams of the complaints received and findings raised in [from, to) at units the caller may see. */
  private async caseStreamsIn(from: string, to: string, user: AuthenticatedUser): Promise<string[]> {
    const created = await this.store.readAll({ filter: { streamPrefixes: [...CASE_STREAM_PREFIXES], eventTypes: CREATION_EVENT_TYPES } });
    const [start, end] = [Date.parse(from), Date.parse(to)];
    const streams = created
      .filter((event) => {
        const arrival = arrivalOf(event);
        const at = Date.parse(arrival.at);
        return at >= start && at < end && this.scope.canSee(user, arrival.unitId);
      })
      .map((event) => event.stream);
    const limit = this.config.SLA_SIMULATION_MAX_CASES;
    if (streams.length > limit) {
      throw ProblemException.of(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'too-many-cases',
        {
          zh: `范围内有 ${streams.length} 件案件；一次模拟最多回放 ${limit} 件，请缩小范围。`,
          en: `${streams.length} cases fall in the range; one simulation replays at most ${limit}. Narrow the range.`,
        },
        {
          cases: streams.length,
          limit,
        },
      );
    }
    return streams;
  }

  /** The unit's ancestor at `level`, or the unit itself when it sits at that level or above it. */
  private ancestorAt(unitId: string, level: OrgLevel): string {
    return [this.orgTree.get(unitId), ...this.orgTree.ancestors(unitId)].find((unit) => unit.level === level)?.id ?? unitId;
  }
}
