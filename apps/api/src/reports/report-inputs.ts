import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { ORG_LEVELS, OrgTree, type AuthenticatedUser, type OrgLevel, type OrgUnit } from '@duban/identity';
import { CASE_READ_MODEL, type CaseReadModel } from '@duban/projections';
import {
  currentNamedPeriod,
  defaultPeriod,
  namedPeriod,
  namedPeriodKind,
  localDate,
  periodBound,
  type GroupDimension,
  type Period,
  type ReportedCase,
  type ReportedViolation,
  type ScoredInspection,
  type ScoredUnit,
  type ScoringScheme,
  type UnitLabel,
  type UnitRollup,
} from '@duban/reporting';
import { DEFAULT_TIME_ZONE, type CaseKind } from '@duban/sla';

import { InspectionListing, type InspectionListItem } from '../inspections/list-inspections/inspection-listing';
import { ReadModelConsistency } from '../queries/read-model-consistency';
import { ScopedUnits } from '../queries/scoped-units';
import { PenaltyPoints } from '../scoring/penalty-points.port';
import { DEFAULT_SCORING_SCHEME, ScoringSchemes } from '../scoring/scoring-schemes';
import { fieldValidationProblem, violationOf } from '../shared/field-problems';
import { ViolationRegister } from '../violations/violation-register';
import type { CaseTypeReportQueryDto, CoverageReportQueryDto, ReportQueryDto, ScoreReportQueryDto } from './report-query.dto';

/** Everything a scoring report is computed from: the scheme, the named period and each unit of the level with what it is scored on. */
export type ScoreInputs = {
  unit: UnitLabel;
  level: OrgLevel;
  scheme: ScoringScheme;
  period: Period & { name: string };
  units: ScoredUnit[];
  cases: ReportedCase[];
  inspections: ScoredInspection[];
  penaltyPoints: ReadonlyMap<string, number>;
  now: string;
  position: bigint;
};

/** What the violations report is computed from: the violations of the subtree recorded in the period. */
export type ViolationReportInputs = Omit<ReportInputs, 'cases' | 'maxEscalationLevel'> & { violations: ReportedViolation[] };

/** What inspection coverage is computed from: the units of the level and the inspections of the period. */
export type CoverageInputs = {
  unit: UnitLabel;
  level: OrgLevel;
  period: Period;
  units: UnitLabel[];
  inspections: InspectionListItem[];
  now: string;
};

/** Everything a report is computed from, resolved from its query and the caller. */
export type ReportInputs = {
  unit: UnitLabel;
  period: Period;
  units: UnitRollup;
  cases: ReportedCase[];
  /** Escalation levels a case can climb: the depth of the org tree. */
  maxEscalationLevel: number;
  now: string;
  /** Global position the read models had reached: the report includes every event up to it. */
  position: bigint;
};

const label = (unit: OrgUnit): UnitLabel => ({ id: unit.id, name: unit.name });

const PERIOD_NAMES = { quarter: { zh: '季度' }, month: { zh: '月' }, year: { zh: '年' } } as const;

/** Resolves a report's period and unit within the caller's scope and reads its cases from the read model. */
@Injectable()
export class ReportInputsResolver {
  constructor(
    @Inject(CASE_READ_MODEL) private readonly queries: CaseReadModel,
    private readonly units: ScopedUnits,
    private readonly orgTree: OrgTree,
    private readonly consistency: ReadModelConsistency,
    private readonly inspections: InspectionListing,
    private readonly schemes: ScoringSchemes,
    private readonly penalties: PenaltyPoints,
    private readonly violations: ViolationRegister,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async resolve(user: AuthenticatedUser, query: ReportQueryDto, kind: CaseKind): Promise<ReportInputs> {
    const now = this.clock.now().toISOString();
    const period = this.periodOf(query, now);
    const rootId = query.unitId ?? this.units.homeUnitId(user);
    this.units.assertVisible(user, rootId, 'unitId');
    const position = await this.consistency.awaitPosition(query.minPosition);
    const cases = await this.queries.all({
      kinds: [kind],
      unitIds: this.units.subtreeIds(rootId),
      receivedFrom: period.from,
      receivedTo: period.to,
      // Only complaints have a case type: 投诉 alone gives the valid rate of complaints proper.
      type: kind === 'complaint' ? (query as CaseTypeReportQueryDto).type : undefined,
    });
    return {
      unit: label(this.orgTree.get(rootId)),
      period,
      units: this.rollupUnder(rootId),
      cases,
      maxEscalationLevel: Math.max(...this.orgTree.units().map((unit) => this.orgTree.depth(unit.id))),
      now,
      position,
    };
  }

  /**
   * A scoring report's inputs: the scheme's current version, the named period (the scheme's kind,
   * default the current one), every unit of the level in the subtree with the complaints received
   * and the inspections opened in the period.
   */
  async resolveScores(user: AuthenticatedUser, query: ScoreReportQueryDto): Promise<ScoreInputs> {
    const now = this.clock.now().toISOString();
    const scheme = await this.schemes.current(query.schemeId ?? DEFAULT_SCORING_SCHEME);
    const name = query.period ?? currentNamedPeriod(now, scheme.period, DEFAULT_TIME_ZONE);
    if (namedPeriodKind(name) !== scheme.period) {
      throw fieldValidationProblem([
        violationOf(query, 'period', 'isSchemePeriod', {
          zh: `考核办法 ${scheme.id} 按${PERIOD_NAMES[scheme.period].zh}考核`,
          en: `scheme ${scheme.id} scores by ${scheme.period}`,
        }),
      ]);
    }
    const period = { name, ...namedPeriod(name, DEFAULT_TIME_ZONE)! };
    const { rootId, level, members } = this.levelUnits(user, query);
    const position = await this.consistency.awaitPosition(query.minPosition);
    const cases = await this.queries.all({ kinds: ['complaint'], unitIds: this.units.subtreeIds(rootId), receivedFrom: period.from, receivedTo: period.to });
    const inspections = await this.inspectionsOf(user, rootId, period);
    const units = members.map((unit) => ({ ...label(unit), figures: unit, memberIds: new Set(this.units.subtreeIds(unit.id)) }));
    const penaltyPoints = await this.penalties.byUnit(this.units.subtreeIds(rootId), period);
    return { unit: label(this.orgTree.get(rootId)), level, scheme, period, units, cases, inspections, penaltyPoints, now, position };
  }

  /** The violations (违规服务) of the subtree recorded in the period, folded from their streams as GET /violations does; the employee's unit groups them. */
  async resolveViolations(user: AuthenticatedUser, query: ReportQueryDto): Promise<ViolationReportInputs> {
    const now = this.clock.now().toISOString();
    const period = this.periodOf(query, now);
    const rootId = query.unitId ?? this.units.homeUnitId(user);
    this.units.assertVisible(user, rootId, 'unitId');
    // Read from the streams, always current; the position only keeps `minPosition` meaning what it means elsewhere.
    const position = await this.consistency.awaitPosition(query.minPosition);
    const subtree = new Set(this.units.subtreeIds(rootId));
    const violations = (await this.violations.all())
      .filter((violation) => subtree.has(violation.unitId) && violation.createdAt >= period.from && violation.createdAt < period.to)
      .map((violation) => ({
        unitId: violation.unitId,
        receivedMonth: localDate(violation.createdAt, DEFAULT_TIME_ZONE).slice(0, 7),
        category: violation.rule.category,
        penalised: violation.penaltyDecision !== null,
        appealed: violation.appeal !== null,
        annulled: violation.appealDecision?.outcome === 'annulled',
        points: violation.penalty?.points ?? 0,
        amountFen: violation.penalty?.amountFen ?? 0,
      }));
    return { unit: label(this.orgTree.get(rootId)), period, units: this.rollupUnder(rootId), violations, now, position };
  }

  /** Inspection coverage's inputs: the units of the level in the subtree and the inspections opened in the period. */
  async resolveCoverage(user: AuthenticatedUser, query: CoverageReportQueryDto): Promise<CoverageInputs> {
    const now = this.clock.now().toISOString();
    const period = this.periodOf(query, now);
    const { rootId, level, members } = this.levelUnits(user, query);
    const inspections = await this.inspectionsOf(user, rootId, period);
    return { unit: label(this.orgTree.get(rootId)), level, period, units: members.map(label), inspections, now };
  }

  /** Every unit of the asked level (default outlet) in the subtree of the report's unit: 404 outside the caller's units, 400 above the unit's level. */
  private levelUnits(user: AuthenticatedUser, query: ScoreReportQueryDto | CoverageReportQueryDto): { rootId: string; level: OrgLevel; members: OrgUnit[] } {
    const rootId = query.unitId ?? this.units.homeUnitId(user);
    this.units.assertVisible(user, rootId, 'unitId');
    const level = query.level ?? 'outlet';
    const root = this.orgTree.get(rootId);
    if (ORG_LEVELS.indexOf(level) < ORG_LEVELS.indexOf(root.level)) {
      throw fieldValidationProblem([
        violationOf(query, 'level', 'isAtOrBelowUnit', {
          zh: `「机构层级」须不高于 ${root.name} 的层级（${root.level}）`,
          en: `"level" must be at or below the level of ${root.id} (${root.level})`,
        }),
      ]);
    }
    return { rootId, level, members: this.orgTree.subtree(rootId).filter((unit) => unit.level === level) };
  }

  /** Inspections of the subtree opened in the period; few enough to fold from their streams (GET /inspections does the same). */
  private async inspectionsOf(user: AuthenticatedUser, rootId: string, period: Period): Promise<InspectionListItem[]> {
    const listed = await this.inspections.list(user, { unitId: rootId });
    const [from, to] = [Date.parse(period.from), Date.parse(period.to)];
    return listed.filter((inspection) => Date.parse(inspection.createdAt) >= from && Date.parse(inspection.createdAt) < to);
  }

  private periodOf(query: ReportQueryDto, now: string): Period {
    const fallback = defaultPeriod(now, DEFAULT_TIME_ZONE);
    const bound = (field: 'from' | 'to'): string => {
      const text = query[field];
      if (text === undefined) return fallback[field];
      const instant = periodBound(text, DEFAULT_TIME_ZONE);
      if (instant === undefined)
        throw fieldValidationProblem([violationOf(query, field, 'isPeriodBound', { zh: `${text} 不是存在的日期`, en: `${text} is not a date that exists` })]);
      return instant;
    };
    const period = { from: bound('from'), to: bound('to') };
    if (period.from >= period.to) throw fieldValidationProblem([violationOf(query, 'to', 'isAfterFrom', { zh: '「截止」须晚于「起始」', en: '"to" must be later than "from"' })]);
    return period;
  }

  private rollupUnder(rootId: string): UnitRollup {
    const root = label(this.orgTree.get(rootId));
    return {
      root,
      children: this.orgTree.childrenOf(rootId).map(label),
      groupOf: (unitId) => {
        if (unitId === rootId) return root;
        const path = [this.orgTree.get(unitId), ...this.orgTree.ancestors(unitId)];
        return label(path.find((unit) => unit.parentId === rootId) ?? this.orgTree.get(rootId));
      },
    };
  }
}

/** The grouping a query asks for, or the report's default. */
export function groupByOf(query: { groupBy?: string }, byDefault: readonly GroupDimension[]): GroupDimension[] {
  return query.groupBy === undefined ? [...byDefault] : (query.groupBy.split(',') as GroupDimension[]);
}
