import type { Period } from '@duban/reporting';

/** The penalty points of violations (违规服务) decided in a period, by the unit of the employee penalised. */
export abstract class PenaltyPoints {
  abstract byUnit(unitIds: readonly string[], period: Period): Promise<ReadonlyMap<string, number>>;
}
