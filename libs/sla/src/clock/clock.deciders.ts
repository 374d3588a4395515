import type { EventMeta, StoredEvent } from '@duban/workflow';
import { elapsedMs } from '../calendar/business-time';
import type { Calendar, CalendarSet } from '../calendar/calendar';
import { SlaValidationError } from '../errors';
import { matchPolicy, type CaseFacts, type ClockSpec, type Policy, type PolicySet } from '../policy/policy';
import {
  clockEvent,
  type ClockBreached,
  type ClockDefinition,
  type ClockEvent,
  type ClockRecalculated,
  type ClockReset,
  type ClockStarted,
  type ClockStopped,
  type ClockWarningRaised,
  type StopOutcome,
} from './clock.events';
import { currentDuration, isOpen, isTicking, type ClockState } from './clock.fold';
import { calendarFor, computeDue, computeDueAfterPauses, pendingFirings } from './clock.progress';

/** Actor id the SLA records its own decisions under (warnings, breaches, stops on case events). */
export const SLA_ACTOR_ID = 'system';

function definitionFor(spec: ClockSpec, policy: Policy, policySet: PolicySet, calendars: CalendarSet): { definition: ClockDefinition; calendar: Calendar } {
  const calendar = calendarFor(spec.calendar ?? policySet.defaultCalendar, calendars);
  const definition: ClockDefinition = {
    basis: spec.basis,
    duration: spec.duration ?? null,
    dueFrom: spec.dueFrom ?? null,
    calendarId: calendar.id,
    calendarVersion: calendar.version,
    policyId: policy.id,
    policyVersion: policySet.version,
    warnAt: [...(spec.warnAt ?? [])],
    escalation: spec.escalation === undefined ? null : { perLevel: spec.escalation.perLevel, basis: spec.escalation.basis ?? spec.basis },
    extensions: [...(spec.extensions ?? [])],
    stopOn: [...(spec.stopOn ?? [])],
  };
  return { definition, calendar };
}

function started(clockId: string, target: string, level: number, definition: ClockDefinition, startedAt: string, dueAt: string, meta: EventMeta): ClockStarted {
  return clockEvent<ClockStarted>('ClockStarted', { ...definition, clockId, target, level, startedAt, dueAt }, meta);
}

/** The chain a clock belongs to: `reply` for `reply@L2`; escalation levels append `@L<n>`. */
function chainOf(clockId: string): string {
  return clockId.replace(/@L\d+$/, '');
}

/** `reply`, then `reply#2`, `reply#3` … for later chains of the same target on one case. */
function freshChainId(target: string, clocks: readonly ClockState[]): string {
  const taken = new Set(clocks.map((clock) => chainOf(clock.clockId)));
  let id = target;
  for (let n = 2; taken.has(id); n++) id = `${target}#${n}`;
  return id;
}

/**
 * Starts the policy's duration clocks counted from receipt, skipping targets the case already
 * has a live or finished clock for (a cancelled one may come back, as a new chain).
 */
function startDurationClocks(policySet: PolicySet, policy: Policy, receivedAt: string, calendars: CalendarSet, clocks: readonly ClockState[], meta: EventMeta): ClockStarted[] {
  const covered = new Set(clocks.filter((clock) => clock.outcome !== 'cancelled').map((clock) => clock.target));
  return policy.clocks.flatMap((spec) => {
    if (spec.duration === undefined || covered.has(spec.target)) return [];
    const { definition, calendar } = definitionFor(spec, policy, policySet, calendars);
    const clockId = freshChainId(spec.target, clocks);
    return [started(clockId, spec.target, 0, definition, receivedAt, computeDue(receivedAt, spec.duration, spec.basis, calendar), meta)];
  });
}

/**
 * The clocks a new case gets: every duration clock of the first matching policy, counted from
 * receipt (a letter may be received before it is registered). Plan-dated clocks start later.
 */
export function startClocks(policySet: PolicySet, caseFacts: CaseFacts, receivedAt: string, calendars: CalendarSet, meta: EventMeta): ClockStarted[] {
  const policy = matchPolicy(policySet, caseFacts);
  return policy === undefined ? [] : startDurationClocks(policySet, policy, receivedAt, calendars, [], meta);
}

/**
 * A clock stopped after its due time is late even when no breach was recorded yet (the worker was
 * behind or down): a paused clock counts up to its pause, whose due time is frozen until resume.
 */
function isLate(clock: ClockState, stoppedAt: string): boolean {
  return clock.breachedAt !== null || Date.parse(clock.pausedAt ?? stoppedAt) > Date.parse(clock.dueAt);
}

function stop(clock: ClockState, meta: EventMeta, cancelled = false): ClockStopped {
  const outcome: StopOutcome = cancelled ? 'cancelled' : isLate(clock, meta.occurredAt) ? 'breached' : 'met';
  return clockEvent<ClockStopped>('ClockStopped', { clockId: clock.clockId, stoppedAt: meta.occurredAt, outcome }, meta);
}

/**
 * Warnings and breaches due at `meta.occurredAt` and not yet recorded: exactly once per threshold
 * and per breach, given the clocks folded from the events so far. `lateByMs` says how long after
 * its point each one is recorded (a worker that was down, a lost job).
 */
export function due(clocks: readonly ClockState[], meta: EventMeta, calendars: CalendarSet): (ClockWarningRaised | ClockBreached)[] {
  const now = Date.parse(meta.occurredAt);
  return clocks.flatMap((clock) =>
    pendingFirings(clock, calendarFor(clock.calendarId, calendars))
      .filter((firing) => Date.parse(firing.at) <= now)
      .map((firing) => {
        const lateByMs = now - Date.parse(firing.at);
        return firing.kind === 'warning'
          ? clockEvent<ClockWarningRaised>('ClockWarningRaised', { clockId: clock.clockId, threshold: firing.threshold, raisedAt: meta.occurredAt, lateByMs }, meta)
          : clockEvent<ClockBreached>('ClockBreached', { clockId: clock.clockId, breachedAt: meta.occurredAt, lateByMs }, meta);
      }),
  );
}

/** What a breach asks of the caller: escalate the case one level up with this reason, then start this clock. */
export type BreachEscalation = { reason: string; clockStarted: ClockStarted };

/**
 * The escalation ladder: a breached clock with an escalation rule sends the case one level up and
 * gives that level its own target (`perLevel`, counted from now so each level gets its full time
 * from when it learns of the case). Nothing once the case is at head office, for clocks without a
 * ladder or already stopped (a late reply came first), or when the next level's clock already
 * exists (so a retry escalates exactly once).
 */
export function escalationOnBreach(
  clocks: readonly ClockState[],
  clockId: string,
  org: { atHeadOffice: boolean },
  meta: EventMeta,
  calendars: CalendarSet,
): BreachEscalation | null {
  const clock = clocks.find((candidate) => candidate.clockId === clockId);
  if (clock === undefined || !isOpen(clock) || clock.breachedAt === null || clock.escalation === null || org.atHeadOffice) return null;
  const level = clock.level + 1;
  const nextId = `${chainOf(clock.clockId)}@L${level}`;
  if (clocks.some((candidate) => candidate.clockId === nextId)) return null;
  const { perLevel, basis } = clock.escalation;
  const calendar = calendarFor(clock.calendarId, calendars);
  // Counted on the calendar's current version, and recorded so: the lower level may still be on an older one.
  const definition: ClockDefinition = { ...clock, basis, duration: perLevel, dueFrom: null, extensions: [], calendarVersion: calendar.version };
  const dueAt = computeDue(meta.occurredAt, perLevel, basis, calendar);
  return {
    reason: `SLA breach: ${clock.target} was due ${clock.dueAt} (level ${clock.level}, clock ${clock.clockId})`,
    clockStarted: started(nextId, clock.target, level, pickDefinition(definition), meta.occurredAt, dueAt, meta),
  };
}

const DEFINITION_KEYS: readonly (keyof ClockDefinition)[] = [
  'basis',
  'duration',
  'dueFrom',
  'calendarId',
  'calendarVersion',
  'policyId',
  'policyVersion',
  'warnAt',
  'escalation',
  'extensions',
  'stopOn',
];

function pickDefinition(source: ClockDefinition): ClockDefinition {
  return Object.fromEntries(DEFINITION_KEYS.map((key) => [key, source[key]])) as ClockDefinition;
}

function sameDefinition(a: ClockDefinition, b: ClockDefinition): boolean {
  return JSON.stringify(pickDefinition(a)) === JSON.stringify(pickDefinition(b));
}

/** Everything a decider needs to know about the case besides its clocks. */
export type CaseClockContext = {
  policySet: PolicySet;
  calendars: CalendarSet;
  /** The case's facts after the event (kind, type, category, channel, priority, severity). */
  caseFacts: CaseFacts;
  /** When the bank received the case; duration clocks count from it. */
  receivedAt: string;
};

/**
 * Reclassification (new category, type or priority) re-matches the policy and recounts each
 * level-0 duration clock from its own start (receipt, or its last reset) under the new rules,
 * with its completed pauses carried over, re-measured on the new basis — ServiceNow's retroactive
 * start. Clocks that breached or hold an approved extension keep their due time (an escalation or
 * an approval is not undone by a new label), as do escalation-level and plan-dated clocks. Targets
 * the new policy drops are cancelled; targets it adds (or brings back after a cancellation) start
 * retroactively from receipt.
 */
export function recalculateOnReclassify(clocks: readonly ClockState[], context: CaseClockContext, meta: EventMeta): ClockEvent[] {
  const policy = matchPolicy(context.policySet, context.caseFacts);
  const specs = (policy?.clocks ?? []).filter((spec) => spec.duration !== undefined);
  const byTarget = new Map(specs.map((spec) => [spec.target, spec]));
  const events: ClockEvent[] = [];

  for (const clock of clocks) {
    if (!isOpen(clock) || clock.dueFrom !== null) continue;
    const spec = byTarget.get(clock.target);
    if (spec === undefined || policy === undefined) {
      events.push(stop(clock, meta, true));
      continue;
    }
    if (clock.level > 0 || !isTicking(clock) || clock.extensionsGranted.length > 0) continue;
    const { definition, calendar } = definitionFor(spec, policy, context.policySet, context.calendars);
    const pausedMs = clock.pauses.reduce((sum, pause) => sum + elapsedMs(Date.parse(pause.pausedAt), Date.parse(pause.resumedAt), definition.basis, calendar), 0);
    const dueAt = computeDueAfterPauses(clock.startedAt, spec.duration!, definition.basis, calendar, pausedMs);
    if (sameDefinition(clock, definition) && dueAt === clock.dueAt) continue;
    const reason = `reclassified: policy ${policy.id} v${context.policySet.version}`;
    events.push(
      clockEvent<ClockRecalculated>(
        'ClockRecalculated',
        { ...definition, clockId: clock.clockId, reason, startedAt: clock.startedAt, pausedMs, dueAt, previousDueAt: clock.dueAt },
        meta,
      ),
    );
  }

  const added = policy === undefined ? [] : startDurationClocks(context.policySet, policy, context.receivedAt, context.calendars, clocks, meta);
  return [...events, ...added];
}

/**
 * A new version of a calendar was published: every open, unbreached clock counting on an older
 * version of it is recounted on the new one from its own start, with its current duration (an
 * approved extension included) and its completed pauses re-measured, so its due time, remaining
 * time and firings come from one version. Plan-dated and calendar-day clocks keep their due time
 * (no holiday moves them) but move to the new version too. Breached clocks keep theirs: a breach
 * once recorded stands.
 */
export function recalculateOnCalendar(clocks: readonly ClockState[], calendar: Calendar, meta: EventMeta): ClockRecalculated[] {
  return clocks.flatMap((clock) => {
    if (!isTicking(clock) || !isOpen(clock) || clock.calendarId !== calendar.id || clock.calendarVersion >= calendar.version) return [];
    const pausedMs = clock.pauses.reduce((sum, pause) => sum + elapsedMs(Date.parse(pause.pausedAt), Date.parse(pause.resumedAt), clock.basis, calendar), 0);
    const duration = currentDuration(clock);
    const dueAt = clock.dueFrom !== null || duration === null ? clock.dueAt : computeDueAfterPauses(clock.startedAt, duration, clock.basis, calendar, pausedMs);
    const reason = `calendar ${calendar.id} v${calendar.version} published`;
    const definition = { ...pickDefinition(clock), calendarVersion: calendar.version };
    return [
      clockEvent<ClockRecalculated>(
        'ClockRecalculated',
        { ...definition, clockId: clock.clockId, reason, startedAt: clock.startedAt, pausedMs, dueAt, previousDueAt: clock.dueAt },
        meta,
      ),
    ];
  });
}

/**
 * A (new) rectification plan sets the due time of the plan-dated clocks. While the current clock is
 * on time the plan replaces its date (reset, new version); once it has breached or escalated, its
 * open clocks stop (the new plan is the answer owed) and a fresh chain starts from the plan.
 */
function onPlan(clocks: readonly ClockState[], planDueAt: string, context: CaseClockContext, meta: EventMeta): ClockEvent[] {
  const policy = matchPolicy(context.policySet, context.caseFacts);
  if (policy === undefined) return [];
  return policy.clocks.flatMap((spec): ClockEvent[] => {
    if (spec.dueFrom !== 'plan') return [];
    const open = clocks.filter((clock) => clock.target === spec.target && isOpen(clock));
    const onlyOnTime = open.length === 1 && open[0].level === 0 && isTicking(open[0]);
    if (onlyOnTime) {
      return [clockEvent<ClockReset>('ClockReset', { clockId: open[0].clockId, reason: 'rectification plan replaced', startedAt: meta.occurredAt, dueAt: planDueAt }, meta)];
    }
    const { definition } = definitionFor(spec, policy, context.policySet, context.calendars);
    const chainId = freshChainId(spec.target, clocks);
    return [...open.map((clock) => stop(clock, meta)), started(chainId, spec.target, 0, definition, meta.occurredAt, planDueAt, meta)];
  });
}

/** A milestone's clock: `milestone-2` (or `milestone-2#3` after re-plans) for the plan's second milestone. */
const MILESTONE_CLOCK = /^.+-(\d+)(#\d+)?$/;

/** Which milestone (1-based) a milestones-dated clock counts down to. */
function milestoneOf(clock: ClockState): number | null {
  const match = clock.dueFrom === 'milestones' ? MILESTONE_CLOCK.exec(clock.clockId) : null;
  return match === null ? null : Number(match[1]);
}

/**
 * 时间节点: the plan in force sets one clock per milestone, due at its date, from the policy's
 * milestones-dated clocks. A new plan in force replaces them: the open ones are cancelled and
 * fresh chains start for its milestones (none when it has none).
 */
function onMilestones(clocks: readonly ClockState[], milestones: readonly { dueAt: string }[], context: CaseClockContext, meta: EventMeta): ClockEvent[] {
  const policy = matchPolicy(context.policySet, context.caseFacts);
  if (policy === undefined) return [];
  return policy.clocks.flatMap((spec): ClockEvent[] => {
    if (spec.dueFrom !== 'milestones') return [];
    const replaced = clocks.filter((clock) => clock.target === spec.target && isOpen(clock)).map((clock) => stop(clock, meta, true));
    const { definition } = definitionFor(spec, policy, context.policySet, context.calendars);
    const startedClocks = milestones.map((milestone, index) =>
      started(freshChainId(`${spec.target}-${index + 1}`, clocks), spec.target, 0, definition, meta.occurredAt, milestone.dueAt, meta),
    );
    return [...replaced, ...startedClocks];
  });
}

/** A progress note (落实情况) that completes a milestone stops its clock, met or (once late) breached. */
function onProgress(clocks: readonly ClockState[], milestone: number, meta: EventMeta): ClockStopped[] {
  return clocks.filter((clock) => isOpen(clock) && milestoneOf(clock) === milestone).map((clock) => stop(clock, meta));
}

/** The milestones a plan event carries (none on plans without them). */
function readMilestones(data: unknown): { dueAt: string }[] {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).milestones : undefined;
  return Array.isArray(value) ? value.flatMap((milestone: unknown) => (readString(milestone, 'dueAt') === undefined ? [] : [{ dueAt: readString(milestone, 'dueAt')! }])) : [];
}

/** The clock target of the reply the customer is owed: a promise (承诺办) moves it, a reopening owes it again. */
export const REPLY_TARGET = 'reply';

/**
 * 承诺办: a reply date agreed with the customer becomes the due time of every ticking reply clock
 * it comes before (a reset to the promise, counted from the clock's own start). A promise later than
 * a reply deadline is refused with that deadline: the policy's date binds whatever was agreed.
 */
function onPromise(clocks: readonly ClockState[], promisedBy: string, meta: EventMeta): ClockReset[] {
  const replyClocks = clocks.filter((clock) => clock.target === REPLY_TARGET && isOpen(clock) && isTicking(clock));
  const missed = replyClocks.find((clock) => Date.parse(promisedBy) > Date.parse(clock.dueAt));
  if (missed !== undefined) {
    throw new SlaValidationError('promised reply date', [
      {
        field: 'promisedBy',
        message: `must not be later than the policy's reply deadline ${missed.dueAt} (clock ${missed.clockId})`,
        zh: `不能晚于政策规定的答复期限 ${missed.dueAt}（时钟 ${missed.clockId}）`,
      },
    ]);
  }
  return replyClocks
    .filter((clock) => Date.parse(promisedBy) < Date.parse(clock.dueAt))
    .map((clock) =>
      clockEvent<ClockReset>('ClockReset', { clockId: clock.clockId, reason: 'reply date promised to the customer (承诺办)', startedAt: clock.startedAt, dueAt: promisedBy }, meta),
    );
}

/**
 * An unsatisfied follow-up reopens the case: the reply is owed again, so the policy's reply clock
 * starts afresh from the reopening as a new chain (`reply#2`), ladder included. Nothing when the
 * policy owes no reply or a reply clock is still open.
 */
function onReopen(clocks: readonly ClockState[], context: CaseClockContext, meta: EventMeta): ClockStarted[] {
  const policy = matchPolicy(context.policySet, context.caseFacts);
  const spec = policy?.clocks.find((clock) => clock.target === REPLY_TARGET && clock.duration !== undefined);
  if (policy === undefined || spec?.duration === undefined || clocks.some((clock) => clock.target === REPLY_TARGET && isOpen(clock))) return [];
  const { definition, calendar } = definitionFor(spec, policy, context.policySet, context.calendars);
  return [started(freshChainId(REPLY_TARGET, clocks), REPLY_TARGET, 0, definition, meta.occurredAt, computeDue(meta.occurredAt, spec.duration, spec.basis, calendar), meta)];
}

/** Case events after which no clock runs on: verification (or an unreachable customer, or a maintained decision) and closure (met or breached), withdrawal and a finding's cancellation (cancelled). */
const FINISHING_EVENTS: Readonly<Record<string, 'finish' | 'cancel'>> = {
  ComplaintVerified: 'finish',
  ComplaintCustomerUnreachable: 'finish',
  ComplaintDecisionMaintained: 'finish',
  ComplaintClosed: 'finish',
  FindingVerified: 'finish',
  FindingClosed: 'finish',
  ComplaintWithdrawn: 'cancel',
  FindingCancelled: 'cancel',
};

function readString(data: unknown, key: string): string | undefined {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The clock events a case event calls for, stamped with the case event's time and the system actor:
 * - ComplaintRegistered / FindingRaised: start the policy's clocks (once), a finding's plan-dated ones from its deadline when it has one;
 * - ComplaintReclassified: recalculateOnReclassify;
 * - FindingPlanned, FindingPlanApproved (a plan beyond the deadline) and FindingCarriedOver with a new deadline: set the plan-dated clocks from its dueAt;
 * - a plan in force (FindingPlanned, FindingPlanApproved) starts one clock per milestone (onMilestones), a progress note completing one stops it (onProgress);
 * - ComplaintReplyPromised: the promised date becomes the reply clocks' due time (onPromise);
 * - ComplaintReopened: a fresh reply clock from the reopening (onReopen);
 * - verification and closure stop every open clock, withdrawal cancels them;
 * - any event type listed in a clock's `stopOn` stops that open clock (e.g. ComplaintReplied stops
 *   acknowledge, reply and decide at every escalation level), as met or, once breached, as breached.
 */
export function onCaseEvent(event: StoredEvent, clocks: readonly ClockState[], context: CaseClockContext): ClockEvent[] {
  const occurredAt = readString(event.data, 'occurredAt');
  if (occurredAt === undefined) return [];
  const meta: EventMeta = { occurredAt, actorId: SLA_ACTOR_ID };
  const finishing = FINISHING_EVENTS[event.type];
  if (finishing !== undefined) return clocks.filter(isOpen).map((clock) => stop(clock, meta, finishing === 'cancel'));
  switch (event.type) {
    case 'ComplaintRegistered':
      return clocks.length === 0 ? startClocks(context.policySet, context.caseFacts, context.receivedAt, context.calendars, meta) : [];
    case 'FindingRaised': {
      if (clocks.length > 0) return [];
      // The inspector's deadline (限期) dates the plan-dated clocks from the raise, before any plan.
      const deadline = readString(event.data, 'dueAt');
      const dated = deadline === undefined ? [] : onPlan([], deadline, context, meta);
      return [...startClocks(context.policySet, context.caseFacts, context.receivedAt, context.calendars, meta), ...dated];
    }
    case 'ComplaintReclassified':
      return recalculateOnReclassify(clocks, context, meta);
    case 'ComplaintReopened':
      return onReopen(clocks, context, meta);
    case 'ComplaintReplyPromised': {
      const promisedBy = readString(event.data, 'promisedBy');
      return promisedBy === undefined ? [] : onPromise(clocks, promisedBy, meta);
    }
    // A plan, or the new deadline of a carried-over finding, dates the plan-dated clocks; a plan in force also sets its milestones' clocks.
    case 'FindingPlanned':
    case 'FindingPlanApproved': {
      const dueAt = readString(event.data, 'dueAt');
      const dated = dueAt === undefined ? [] : onPlan(clocks, dueAt, context, meta);
      return [...dated, ...onMilestones(clocks, readMilestones(event.data), context, meta)];
    }
    case 'FindingCarriedOver': {
      const dueAt = readString(event.data, 'dueAt');
      return dueAt === undefined ? [] : onPlan(clocks, dueAt, context, meta);
    }
    case 'FindingProgressRecorded': {
      const data = event.data as { milestone?: unknown; completed?: unknown };
      return data.completed === true && typeof data.milestone === 'number' ? onProgress(clocks, data.milestone, meta) : [];
    }
    default:
      return clocks.filter((clock) => isOpen(clock) && clock.stopOn.includes(event.type)).map((clock) => stop(clock, meta));
  }
}
