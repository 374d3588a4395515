import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { OrgTree, type AuthenticatedUser, type OrgUnit } from '@duban/identity';
import { CaseQueries } from '@duban/projections';
import { defaultPeriod, periodBound, type GroupDimension, type Period, type ReportedCase, type UnitLabel, type UnitRollup } from '@duban/reporting';
import { DEFAULT_TIME_ZONE, type CaseKind } from '@duban/sla';

import { ReadModelConsistency } from '../queries/read-model-consistency';
import { ScopedUnits } from '../queries/scoped-units';
import { fieldValidationProblem, violationOf } from '../shared/field-problems';
import type { ReportQueryDto } from './report-query.dto';

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

/** Resolves a report's period and unit within the caller's scope and reads its cases from the read model. */
@Injectable()
export class ReportInputsResolver {
  constructor(
    private readonly queries: CaseQueries,
    private readonly units: ScopedUnits,
    private readonly orgTree: OrgTree,
    private readonly consistency: ReadModelConsistency,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async resolve(user: AuthenticatedUser, query: ReportQueryDto, kind: CaseKind): Promise<ReportInputs> {
    const now = this.clock.now().toISOString();
    const period = this.periodOf(query, now);
    const rootId = query.unitId ?? this.units.homeUnitId(user);
    this.units.assertVisible(user, rootId, 'unitId');
    const position = await this.consistency.awaitPosition(query.minPosition);
    const cases = this.queries.all({
      kinds: [kind],
      unitIds: this.units.subtreeIds(rootId),
      receivedFrom: period.from,
      receivedTo: period.to,
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
