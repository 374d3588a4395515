import { Injectable } from '@nestjs/common';
import type { Period } from '@duban/reporting';
import { PenaltyPoints } from '../scoring/penalty-points.port';
import { ViolationRegister } from './violation-register';

/**
 * Penalty points in force (after any appeal) of the violations whose penalty was decided in the
 * period, summed by the unit of the employee penalised. An annulled penalty counts nothing.
 */
@Injectable()
export class RegisteredPenaltyPoints extends PenaltyPoints {
  constructor(private readonly register: ViolationRegister) {
    super();
  }

  async byUnit(unitIds: readonly string[], period: Period): Promise<ReadonlyMap<string, number>> {
    const wanted = new Set(unitIds);
    const points = new Map<string, number>();
    for (const violation of await this.register.all()) {
      const decidedAt = violation.penaltyDecision?.occurredAt;
      if (!wanted.has(violation.unitId) || decidedAt === undefined || decidedAt < period.from || decidedAt >= period.to) continue;
      const inForce = violation.penalty?.points ?? 0;
      if (inForce > 0) points.set(violation.unitId, (points.get(violation.unitId) ?? 0) + inForce);
    }
    return points;
  }
}
