import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import {
  commandDecision,
  IdempotencyKeyReusedError,
  requestHash,
  StaleRevisionError,
  WriteContentionError,
  type CommandOutcome,
  type ExecuteOptions,
  type LoadedAggregate,
} from '@duban/command-handling';
import { CaseCommandHandler, CaseFollowUps, handingOnlyToStaffWhoSee, type AggregateType, type CommandRequest, type Decision, type Refusal } from '@duban/cases';
import { ProblemException } from '@duban/http-problem';
import { AccessScope, mayChange, OrgTree, UserDirectory, type AuthenticatedUser } from '@duban/identity';
import { isCaseKind, needsApprovalAfterBreach } from '@duban/sla';
import { DEADLINE_SCHEDULING, EventSourcedSlaRules, isClockEventType, unreachableAfterFor, type DeadlineScheduling } from '@duban/sla-enforcement';
import { DubanMetrics, type CommandOutcome as MeteredOutcome } from '@duban/metrics';
import { InvalidCommandError, WorkflowError, type Actor, type AggregateKind, type ComplaintState, type DecideResponsibility } from '@duban/workflow';
import { clocksOf } from './folded-clocks';
import { invalidCommandProblem } from './problem-mappers';
import { ResponsibilityDecisionCheck } from './responsibility-decision';
import { SignOffUnits } from './sign-off-units';
import { KIND_NAMES_ZH } from './kind-names';
import type { AnyMachineSnapshot } from 'xstate';
import type { RequestContext } from './request-context';

/** The units a record belongs to: where it was opened and, once escalated, who answers for it now. */
type UnitsOf = { unitId: string; responsibleUnitId?: string };

export function actorOf(user: AuthenticatedUser): Actor {
  return { id: user.username, role: user.role, unitId: user.unitId };
}

export function commandRequestOf(user: AuthenticatedUser, context: RequestContext): CommandRequest {
  return { actor: actorOf(user), correlationId: context.correlationId, causationId: context.requestId };
}

/**
 * The API's door to the command handler: applies the scope rule (辖内) and turns the request's
 * headers into command options. Scope rule: a record is visible when its own unit or its
 * responsible unit lies in the caller's subtree (auditors: everywhere); otherwise it does not
 * exist for the caller (404), so ids cannot be probed.
 */
@Injectable()
export class CaseAccess {
  private readonly logger = new Logger(CaseAccess.name);

  constructor(
    readonly commands: CaseCommandHandler,
    private readonly followUps: CaseFollowUps,
    private readonly scope: AccessScope,
    private readonly orgTree: OrgTree,
    private readonly users: UserDirectory,
    @Inject(DEADLINE_SCHEDULING) private readonly scheduling: DeadlineScheduling,
    private readonly metrics: DubanMetrics,
    private readonly slaRules: EventSourcedSlaRules,
    private readonly signOffUnits: SignOffUnits,
    private readonly responsibilityDecisions: ResponsibilityDecisionCheck,
  ) {}

  /** The aggregate if it exists and the user may see it. Writes nothing: a pending follow-up is the worker's follow-up reactor's. */
  async read<TState extends AnyMachineSnapshot>(aggregate: AggregateType<TState, { type: string }>, id: string, user: AuthenticatedUser): Promise<LoadedAggregate<TState>> {
    const loaded = await this.commands.load(aggregate, id);
    this.assertVisible(aggregate, loaded, user);
    return loaded;
  }

  /**
   * For routes that read a record's raw stream (integrity verification): 404 unless the user may
   * see it. Auditors see every record, even one whose tampered history no longer folds into a
   * state that names its units.
   */
  async assertReadable(aggregate: AggregateType<AnyMachineSnapshot, { type: string }>, id: string, user: AuthenticatedUser): Promise<void> {
    if (user.role === 'auditor') return;
    const loaded = await this.commands.load(aggregate, id).catch(() => undefined);
    if (!loaded) throw notFound(aggregate.kind, id);
    this.assertVisible(aggregate, loaded, user);
  }

  /** A command on an existing, visible aggregate. */
  command<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
    aggregate: AggregateType<TState, TCommand>,
    id: string,
    command: TCommand,
    user: AuthenticatedUser,
    context: RequestContext,
    body: unknown,
  ): Promise<CommandOutcome<TState>> {
    if (aggregate.kind === 'complaint' && command.type === 'record-contact-attempt') {
      return this.decide(aggregate, id, command.type, this.withPolicyUnreachableAfter(aggregate, command), user, context, body);
    }
    const decision = handingOnlyToStaffWhoSee(aggregate, command, (username, loaded, commandType) => {
      const person = this.users.find(username);
      // The decision runs on this aggregate's own state.
      const readers = aggregate.readerUnitIds?.(loaded.state as TState) ?? [];
      if (person === undefined || !mayChange(person) || !this.canSeeCase(person, loaded, readers)) {
        return { message: `must name a member of staff who can see and work on this ${aggregate.kind}`, zh: '须为能看到并办理此案的工作人员' };
      }
      return commandType === 'hand-over' ? this.complaintManagerRefusal(username, loaded) : null;
    });
    const signing = aggregate.kind === 'complaint' && command.type === 'close' ? this.signedOffByItsUnitHead(decision, user) : decision;
    const reaching = command.type === 'transfer' ? this.transferringWithinReach(signing, command, user) : signing;
    const owning = command.type === 'decide-responsibility' ? this.responsibilityDecisions.checked(reaching, command as unknown as DecideResponsibility, user) : reaching;
    return this.decide(aggregate, id, command.type, approvedAfterBreach(owning, command.type, user), user, context, body);
  }

  /** A follow-up attempt records the number of failed attempts before "customer unreachable" that the case's SLA policy sets now. */
  private withPolicyUnreachableAfter<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
    aggregate: AggregateType<TState, TCommand>,
    command: TCommand,
  ): Decision<TState> {
    return async (current, context) => {
      const unreachableAfter = unreachableAfterFor(current.state as ComplaintState, await this.slaRules.current());
      return commandDecision(aggregate, { ...command, unreachableAfter })(current, context);
    };
  }

  /** 签字确认 only by the head of the unit that signs the case off (SignOffUnits), checked after the decider's own checks. */
  private signedOffByItsUnitHead<TState extends AnyMachineSnapshot>(decision: Decision<TState>, user: AuthenticatedUser): Decision<TState> {
    return async (current, context) => {
      const events = await decision(current, context);
      const { answeringUnitId, signingUnitId } = this.signOffUnits.ofComplaint(current.state.context as ComplaintState['context']);
      if (signingUnitId !== user.unitId) {
        const unit = this.orgTree.get(signingUnitId ?? answeringUnitId);
        const detail = {
          zh: `签字确认须由${unit.name}（${unit.id}）的机构负责人进行，您不能签字。`,
          en: `Sign-off is by the unit head of ${unit.nameEn} (${unit.id}), which answers for the case; you are of ${user.unitId}.`,
        };
        throw ProblemException.of(HttpStatus.FORBIDDEN, 'not-responsible-unit-head', detail, { command: 'close', signingUnitId: signingUnitId ?? null });
      }
      return events;
    };
  }

  /** A transfer goes only where the user reaches (AccessScope.mayTransferTo), checked after the decider's own checks. */
  private transferringWithinReach<TState extends AnyMachineSnapshot>(decision: Decision<TState>, command: { type: string }, user: AuthenticatedUser): Decision<TState> {
    const { toUnitId } = command as { toUnitId?: unknown };
    return async (current, context) => {
      const events = await decision(current, context);
      if (typeof toUnitId === 'string' && !this.scope.mayTransferTo(user, toUnitId)) {
        const detail = {
          zh: `机构「${toUnitId}」不在您的辖区内：请在辖区内移交，或请总行办理。`,
          en: `Unit "${toUnitId}" is outside your area of responsibility: transfer within it, or ask head office.`,
        };
        throw ProblemException.of(HttpStatus.FORBIDDEN, 'out-of-scope', detail, { unitId: toUnitId });
      }
      return events;
    };
  }

  /** Any other decision on an existing, visible aggregate (a clock command), with the same headers and checks; `name` labels it in the metrics. */
  decide<TState extends AnyMachineSnapshot>(
    aggregate: AggregateType<TState, { type: string }>,
    id: string,
    name: string,
    decision: Decision<TState>,
    user: AuthenticatedUser,
    context: RequestContext,
    body: unknown,
  ): Promise<CommandOutcome<TState>> {
    return this.execute(aggregate, id, name, decision, user, context, body, {
      expectedRevision: context.expectedRevision,
      authorize: (loaded) => this.assertVisible(aggregate, loaded, user),
    });
  }

  /** A creation command; the new aggregate's units must lie in the caller's subtree. */
  create<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
    aggregate: AggregateType<TState, TCommand>,
    id: string,
    command: TCommand,
    user: AuthenticatedUser,
    context: RequestContext,
    body: unknown,
  ): Promise<CommandOutcome<TState>> {
    return this.execute(aggregate, id, command.type, commandDecision(aggregate, command), user, context, body, {});
  }

  private execute<TState extends AnyMachineSnapshot>(
    aggregate: AggregateType<TState, { type: string }>,
    id: string,
    name: string,
    decision: Decision<TState>,
    user: AuthenticatedUser,
    context: RequestContext,
    body: unknown,
    options: Omit<ExecuteOptions<TState>, 'idempotency'>,
  ): Promise<CommandOutcome<TState>> {
    const run = async () => {
      const outcome = await this.commands
        .executeDecision(aggregate, id, decision, commandRequestOf(user, context), { ...options, idempotency: this.idempotencyOf(context, body) })
        .catch((error: unknown) => {
          // The body names the fields the workflow refers to: its class labels them.
          throw error instanceof InvalidCommandError ? invalidCommandProblem(error, body) : error;
        });
      await this.completeFollowUps(aggregate, outcome);
      await this.rescheduleDeadlines(aggregate.kind, outcome);
      return outcome;
    };
    return this.metrics.timeCommand(aggregate.kind, name, run, outcomeOfCommand, outcomeOfFailure);
  }

  /**
   * Creates at once what the command's events demand (a valid reply's finding), so the client sees
   * it in its answer. The worker's follow-up reactor guarantees it anyway, so a failure here is
   * logged, never the request's: its own work is recorded.
   */
  async completeFollowUps<TState extends AnyMachineSnapshot>(aggregate: AggregateType<TState, { type: string }>, outcome: CommandOutcome<TState>): Promise<void> {
    try {
      await this.followUps.complete(aggregate, outcome, outcome.recorded);
    } catch (error) {
      this.logger.error(`Could not complete the follow-ups of ${outcome.stream} (the worker's follow-up reactor will): ${String(error)}`);
    }
  }

  /** Scheduling only makes firings punctual (the sweeper catches up), so its failure never fails the request. */
  private async rescheduleDeadlines(kind: AggregateKind, outcome: CommandOutcome<unknown>): Promise<void> {
    if (!isCaseKind(kind) || outcome.replayed || !outcome.recorded.some((event) => isClockEventType(event.type))) return;
    try {
      await this.scheduling.clocksRecorded(outcome.stream, clocksOf(outcome));
    } catch (error) {
      this.logger.warn(`Could not schedule the deadlines of ${outcome.stream}; the sweeper will: ${String(error)}`);
    }
  }

  /**
   * Opening a record in a unit outside one's subtree is 403, not 404: the unit is named in the
   * request body, so hiding it would hide nothing. Unknown units are left to the decider (422).
   */
  assertMayOpenIn(user: AuthenticatedUser, unitId: string): void {
    if (this.orgTree.has(unitId) && !this.scope.canSee(user, unitId)) {
      throw ProblemException.of(
        HttpStatus.FORBIDDEN,
        'out-of-scope',
        { zh: `机构「${unitId}」不在您的辖区内。`, en: `Unit "${unitId}" is outside your area of responsibility.` },
        {
          unitId,
        },
      );
    }
  }

  idempotencyOf(context: RequestContext, body: unknown): { key: string; requestHash: string } | undefined {
    return context.idempotencyKey === undefined ? undefined : { key: context.idempotencyKey, requestHash: requestHash(context.target, body) };
  }

  /** 转办 goes to a complaint manager the organisation file names for the unit now responsible for the case. */
  private complaintManagerRefusal(username: string, loaded: LoadedAggregate<AnyMachineSnapshot>): Refusal | null {
    const { unitId, responsibleUnitId } = loaded.state.context as UnitsOf;
    const unit = responsibleUnitId ?? unitId;
    const managers = this.orgTree.complaintManagersFor(unit);
    if (managers.includes(username)) return null;
    return {
      message: `must name a complaint manager (投诉管理人) of ${unit}: ${managers.length > 0 ? managers.join(', ') : 'the organisation file names none'}`,
      zh: `须为机构 ${unit} 的投诉管理人：${managers.length > 0 ? managers.join('、') : '组织架构文件未指定任何人'}`,
    };
  }

  /** `readerUnitIds`: the aggregate's further readers (AggregateType.readerUnitIds), e.g. a circular's recipients. */
  private canSeeCase(user: AuthenticatedUser, loaded: LoadedAggregate<AnyMachineSnapshot>, readerUnitIds: readonly string[]): boolean {
    if (!loaded.exists) return false;
    const { unitId, responsibleUnitId } = loaded.state.context as UnitsOf;
    return [unitId, responsibleUnitId, ...readerUnitIds].some((unit) => unit !== undefined && this.scope.canSee(user, unit));
  }

  private assertVisible<TState extends AnyMachineSnapshot>(aggregate: AggregateType<TState, { type: string }>, loaded: LoadedAggregate<TState>, user: AuthenticatedUser): void {
    if (!this.canSeeCase(user, loaded, aggregate.readerUnitIds?.(loaded.state) ?? [])) throw notFound(aggregate.kind, loaded.id);
  }
}

/** A withdrawal or reclassification after a breach is a supervisor's (needsApprovalAfterBreach), so the breach is never quietly dropped. */
function approvedAfterBreach<TState extends AnyMachineSnapshot>(decision: Decision<TState>, command: string, user: AuthenticatedUser): Decision<TState> {
  return async (current, context) => {
    const events = await decision(current, context);
    if (user.role !== 'supervisor' && needsApprovalAfterBreach(command, clocksOf(current))) {
      const detail = { zh: `此案已有时限超时：现在只有督办人员可以执行「${command}」。`, en: `A clock of this case has breached: only a supervisor may ${command} it now.` };
      throw ProblemException.of(HttpStatus.FORBIDDEN, 'supervisor-approval-required', detail, { command });
    }
    return events;
  };
}

function outcomeOfCommand(outcome: CommandOutcome<unknown>): MeteredOutcome {
  if (outcome.replayed) return 'replayed';
  return outcome.recorded.length > 0 ? 'recorded' : 'unchanged';
}

/** Refusals are the caller's (4xx), conflicts a lost race or a stale If-Match, failures ours. */
function outcomeOfFailure(error: unknown): MeteredOutcome {
  if (error instanceof StaleRevisionError || error instanceof WriteContentionError) return 'conflict';
  if (error instanceof WorkflowError || error instanceof IdempotencyKeyReusedError) return 'refused';
  if (error instanceof HttpException) return error.getStatus() < 500 ? 'refused' : 'failed';
  return 'failed';
}

export function notFound(kind: AggregateKind, id: string): ProblemException {
  return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: `您的辖区内没有${KIND_NAMES_ZH[kind]} ${id}。`, en: `No ${kind} ${id} in your area of responsibility.` });
}

/** Whether a read was refused as not found (unknown, or outside the caller's units): for callers that skip what the user may not see. */
export function isNotFound(error: unknown): boolean {
  return error instanceof HttpException && error.getStatus() === Number(HttpStatus.NOT_FOUND);
}
