import { HttpStatus, Injectable } from '@nestjs/common';
import type { Decision } from '@duban/cases';
import { ProblemException } from '@duban/http-problem';
import { OrgTree, StaffDirectory, type AuthenticatedUser } from '@duban/identity';
import { matchPolicy, type ResponsibilityDecider } from '@duban/sla';
import { EventSourcedSlaRules, factsOf } from '@duban/sla-enforcement';
import { InvalidCommandError, type ComplaintState, type DecideResponsibility, type ValidationIssue } from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';

const STAFF_FIELDS = ['responsibleStaffId', 'complainedStaffId'] as const;

/**
 * 责任认定 (seed 003 "对…有关单位的责任认定和考核") is the owning department's: a supervisor of head
 * office or, where the case's SLA policy says `responsibilityDecidedBy: "branch"`, of the branch over
 * the case's unit. The staff it names must be on the organisation file's staff list. Checked after
 * the decider's own checks, like the other rules that need the organisation file.
 */
@Injectable()
export class ResponsibilityDecisionCheck {
  constructor(
    private readonly orgTree: OrgTree,
    private readonly staff: StaffDirectory,
    private readonly rules: EventSourcedSlaRules,
  ) {}

  checked<TState extends AnyMachineSnapshot>(decision: Decision<TState>, command: DecideResponsibility, user: AuthenticatedUser): Decision<TState> {
    return async (current, context) => {
      const events = await decision(current, context);
      const owningUnitId = await this.owningUnitOf(current.state);
      if (user.unitId !== owningUnitId) {
        const owning = this.orgTree.get(owningUnitId);
        throw ProblemException.of(
          HttpStatus.FORBIDDEN,
          'not-owning-department',
          {
            zh: `此案的责任认定由${owning.name}的督办人员作出。`,
            en: `The responsibility of this case is decided by a supervisor of ${owning.nameEn}.`,
          },
          { owningUnitId },
        );
      }
      const issues: ValidationIssue[] = STAFF_FIELDS.filter((field) => command[field] !== undefined && this.staff.find(command[field]) === undefined).map((field) => ({
        field,
        message: 'is not a staff id of the organisation file',
        zh: '不是组织架构文件中的员工工号',
      }));
      if (issues.length > 0) throw new InvalidCommandError('complaint', command.type, issues);
      return events;
    };
  }

  /** Whether the user belongs to the owning department: `decide-responsibility` is offered to them only. */
  async owns(state: AnyMachineSnapshot, user: AuthenticatedUser): Promise<boolean> {
    return user.unitId === (await this.owningUnitOf(state));
  }

  /** Head office, or the branch over (or at) the case's unit; head office when no branch lies on the way. */
  private async owningUnitOf(snapshot: AnyMachineSnapshot): Promise<string> {
    const state = snapshot as ComplaintState;
    const { policySet } = await this.rules.current();
    const decider: ResponsibilityDecider = matchPolicy(policySet, factsOf('complaint', state).caseFacts)?.responsibilityDecidedBy ?? 'head_office';
    const { unitId } = state.context;
    const path = [this.orgTree.get(unitId), ...this.orgTree.ancestors(unitId)];
    const headOffice = path.at(-1)!;
    return decider === 'branch' ? (path.find((unit) => unit.level === 'branch') ?? headOffice).id : headOffice.id;
  }
}
