import { Injectable } from '@nestjs/common';
import type { Period } from '@duban/reporting';

/** The penalty points of violations (违规服务) decided in a period, by the unit of the employee penalised. */
export abstract class PenaltyPoints {
  abstract byUnit(unitIds: readonly string[], period: Period): Promise<ReadonlyMap<string, number>>;
}

/**
 * Until the violations register exists, no unit has penalty points: every score's penalty part is
 * 0. The register replaces this provider; the scores need no other change.
 */
@Injectable()
export class NoViolationsRecorded extends PenaltyPoints {
  byUnit(): Promise<ReadonlyMap<string, number>> {
    return Promise.resolve(new Map());
  }
}
