import { count } from '../figures';
import { groupCases, type Groupable, type GroupDimension, type GroupKey, type UnitRollup } from '../grouping';

/** What the violations report reads of one violation (违规服务): `receivedMonth` is the month it was recorded, `category` its rule's. */
export type ReportedViolation = Groupable & {
  /** A supervisor decided its penalty. */
  penalised: boolean;
  appealed: boolean;
  /** Annulled on appeal: it counts for nothing any more. */
  annulled: boolean;
  /** The penalty in force after any appeal: points deducted and fine in fen, 0 when none. */
  points: number;
  amountFen: number;
};

export type ViolationFigures = {
  recorded: number;
  penalised: number;
  appealed: number;
  annulled: number;
  /** Penalty points in force (扣分), after any appeal. */
  pointsInForce: number;
  /** Financial penalties in force (经济处罚), in fen. */
  amountFenInForce: number;
};

export type ViolationReportRow = GroupKey & ViolationFigures;

export function violationFigures(violations: readonly ReportedViolation[]): ViolationFigures {
  return {
    recorded: violations.length,
    penalised: count(violations, (violation) => violation.penalised),
    appealed: count(violations, (violation) => violation.appealed),
    annulled: count(violations, (violation) => violation.annulled),
    pointsInForce: violations.reduce((sum, violation) => sum + violation.points, 0),
    amountFenInForce: violations.reduce((sum, violation) => sum + violation.amountFen, 0),
  };
}

/** Violations and penalties per group (by unit: the units directly below the report's unit, where the employee's unit rolls up). */
export function violationReport(
  violations: readonly ReportedViolation[],
  options: { groupBy: readonly GroupDimension[]; units: UnitRollup },
): { rows: ViolationReportRow[]; totals: ViolationFigures } {
  return {
    rows: groupCases(violations, options.groupBy, options.units).map((group) => ({ ...group.key, ...violationFigures(group.cases) })),
    totals: violationFigures(violations),
  };
}
