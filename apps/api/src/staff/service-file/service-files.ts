import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { COMPLAINTS, FINDINGS } from '@duban/cases';
import { CLOCK, type Clock } from '@duban/command-handling';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, readAllPages, type EventStore } from '@duban/event-store';
import { ProblemException } from '@duban/http-problem';
import { StaffDirectory, type AuthenticatedUser } from '@duban/identity';
import { decodeResponsibilityDecided, responsibilityDecisionOf, toComplaintView, toFindingView, type ViolationView } from '@duban/workflow';
import { CaseAccess, isNotFound } from '../../shared/case-access';
import { ViolationRegister } from '../../violations/violation-register';
import { EmployeeDisclosure, noSuchEmployee } from '../employee-disclosure';
import { EmployeeErasures } from '../employee-erasures';
import { findingIdsNaming } from '../records-naming-employee';
import type { ServiceFileDto } from './service-file.dto';

/** The repeat-offender rule (屡犯): at least `threshold` violations, annulled ones not counted, in the last `months` months. */
export function repeatOffence(violations: readonly Pick<ViolationView, 'state' | 'createdAt'>[], now: Date, rule: { threshold: number; months: number }) {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - rule.months);
  const violationsInWindow = violations.filter((violation) => violation.state !== 'annulled' && violation.createdAt >= since.toISOString()).length;
  return { flagged: violationsInWindow >= rule.threshold, violationsInWindow, ...rule };
}

/**
 * 服务档案: the complaints, findings and violations that name one employee, with the penalties in
 * force. Only those who may know the employee (EmployeeDisclosure.mayKnow) read it; for anyone else
 * the employee does not exist (404), as does an employee the organisation file no longer lists. An
 * erased employee's file is gone (410) for those who may know them.
 */
@Injectable()
export class ServiceFiles {
  constructor(
    private readonly staff: StaffDirectory,
    private readonly employees: EmployeeDisclosure,
    private readonly erasures: EmployeeErasures,
    private readonly violations: ViolationRegister,
    private readonly cases: CaseAccess,
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async of(staffId: string, user: AuthenticatedUser): Promise<ServiceFileDto> {
    const member = this.staff.find(staffId);
    if (member === undefined || !this.employees.mayKnow(user, member)) {
      throw noSuchEmployee(staffId);
    }
    if (await this.erasures.isErased(staffId)) {
      throw ProblemException.of(HttpStatus.GONE, 'employee-erased', {
        zh: `员工 ${staffId} 的个人信息已依申请删除，其服务档案不再提供。`,
        en: `The personal data of employee ${staffId} was erased on a lawful request: their service file is no longer served.`,
      });
    }
    const violations = (await this.violations.all()).filter((violation) => violation.staffId === staffId);
    const standing = violations.filter((violation) => violation.state !== 'annulled');
    return {
      employee: this.employees.known(member, user),
      complaints: await this.complaintsNaming(staffId, user),
      findings: await this.findingsNaming(staffId, user),
      violations: violations.map((violation) => ({
        id: violation.id,
        number: violation.number,
        state: violation.state,
        rule: violation.rule,
        description: violation.description,
        penalty: violation.penalty,
        appealOutcome: violation.appealDecision?.outcome ?? null,
        createdAt: violation.createdAt,
      })),
      totals: {
        violations: standing.length,
        points: standing.reduce((sum, violation) => sum + (violation.penalty?.points ?? 0), 0),
        amountFen: standing.reduce((sum, violation) => sum + (violation.penalty?.amountFen ?? 0), 0),
      },
      repeatOffender: repeatOffence(violations, this.clock.now(), { threshold: this.config.REPEAT_OFFENDER_VIOLATIONS, months: this.config.REPEAT_OFFENDER_MONTHS }),
    };
  }

  /** The findings whose FindingRaised names the employee, as they stand now; those outside the caller's units are left out. */
  private async findingsNaming(staffId: string, user: AuthenticatedUser): Promise<ServiceFileDto['findings']> {
    const findings: ServiceFileDto['findings'] = [];
    for (const id of await findingIdsNaming(this.store, staffId)) {
      const loaded = await this.cases.read(FINDINGS, id, user).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      });
      if (loaded === null) continue;
      const view = toFindingView(loaded.state);
      findings.push({
        id: view.id,
        number: view.number,
        state: view.state,
        unitId: view.unitId,
        category: view.category,
        description: view.description,
        createdAt: view.createdAt,
      });
    }
    return findings;
  }

  /**
   * The complaints whose responsibility decision in force (责任认定) names the employee, as complained
   * about or as the person responsible; a later decision that names someone else takes them off.
   */
  private async complaintsNaming(staffId: string, user: AuthenticatedUser): Promise<ServiceFileDto['complaints']> {
    const ids = new Set<string>();
    for await (const page of readAllPages(this.store, { filter: { streamPrefixes: [COMPLAINTS.streamPrefix], eventTypes: ['ComplaintResponsibilityDecided'] } })) {
      for (const event of page) {
        const decided = decodeResponsibilityDecided(event);
        if (decided.complainedStaffId === staffId || decided.responsibleStaffId === staffId) ids.add(event.stream.slice(COMPLAINTS.streamPrefix.length));
      }
    }
    const complaints: ServiceFileDto['complaints'] = [];
    for (const id of ids) {
      const loaded = await this.cases.read(COMPLAINTS, id, user).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      });
      const decision = loaded === null ? null : responsibilityDecisionOf(loaded.state.context);
      if (loaded === null || decision === null) continue;
      const named = [
        ...(decision.complainedStaffId === staffId ? ['complained_about' as const] : []),
        ...(decision.responsibleStaffId === staffId ? ['responsible' as const] : []),
      ];
      if (named.length === 0) continue;
      const view = toComplaintView(loaded.state);
      complaints.push({
        id: view.id,
        number: view.number,
        state: view.state,
        unitId: view.unitId,
        category: view.category,
        responsibility: decision.responsibility,
        named,
        receivedAt: view.receivedAt,
      });
    }
    return complaints;
  }
}
