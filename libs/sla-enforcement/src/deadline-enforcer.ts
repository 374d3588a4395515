import { randomUUID } from 'node:crypto';
import { derivedId, type LoadedAggregate } from '@duban/command-handling';
import { FINDINGS, type CaseCommandHandler, type CommandRequest } from '@duban/cases';
import type { RecordedEvent } from '@duban/event-store';
import {
  due,
  escalationOnBreach,
  foldClocks,
  formatDuration,
  SLA_ACTOR_ID,
  type ClockBreached,
  type ClockStarted,
  type ClockState,
  type ClockWarningRaised,
  type CaseKind,
} from '@duban/sla';
import {
  CommandNotAllowedError,
  type DecideContext,
  type EscalateComplaint,
  type EscalateFinding,
  type EscalationTrack,
  type EventEnvelope,
  type FindingState,
  toStoredEvent,
} from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';
import { CASE_AGGREGATES } from './case-kinds';
import { firingsOf, recordedCalendars, type ClockCalendars, type ClockFiring } from './case-clocks';
import type { SlaRules, SlaRulesSource } from './sla-rules';

/** What one enforcement recorded. */
export type EnforcementResult = {
  /** The case moved one level up the org tree. */
  escalated: boolean;
  /** The events this call appended (warnings, breaches, the escalation, the next level's clock); [] when nothing was due or another worker recorded the same firings. */
  events: readonly RecordedEvent[];
  /** How long after its point the latest-due firing was recorded (0 when nothing fired). */
  lateByMs: number;
  /** What the case's open clocks still owe after this enforcement, earliest first: the jobs to schedule next. */
  nextFirings: ClockFiring[];
};

type EnforcementDecision = {
  events: EventEnvelope[];
  /** One key per firing: (clock, version, kind, threshold); the event ids derive from them. */
  firingKeys: string[];
  lateByMs: number;
};

const NOTHING_DUE: EnforcementDecision = { events: [], firingKeys: [], lateByMs: 0 };

/**
 * The firings due now (exactly once each, see `due`), and for breaches on a ladder the case's
 * `escalate` command as the system with the breach as reason plus the next level's clock; a finding
 * whose deadline breached gets its deadline notice first (deadlineNotices). Several
 * ladders breaching at once still climb one level. At head office, or in a state that cannot
 * escalate, only the breach is recorded.
 */
function decideEnforcement(
  current: LoadedAggregate<AnyMachineSnapshot>,
  clocks: readonly ClockState[],
  calendarOf: ClockCalendars,
  context: DecideContext,
  rules: SlaRules,
  kind: CaseKind,
): EnforcementDecision {
  if (!current.exists) return NOTHING_DUE;
  const meta = { occurredAt: context.now, actorId: SLA_ACTOR_ID };
  // Each clock on its own calendar version; the next level's clock (below) starts on the current one.
  const firings: (ClockWarningRaised | ClockBreached)[] = clocks.flatMap((clock) => due([clock], meta, { [clock.calendarId]: calendarOf(clock) }));
  if (firings.length === 0) return NOTHING_DUE;

  const versionOf = (clockId: string): number => clocks.find((clock) => clock.clockId === clockId)!.version;
  const firingKeys = firings.map((firing) =>
    firing.type === 'ClockBreached'
      ? `${firing.data.clockId}|${versionOf(firing.data.clockId)}|breach`
      : `${firing.data.clockId}|${versionOf(firing.data.clockId)}|warning|${firing.data.threshold}`,
  );
  const lateByMs = Math.min(...firings.map((firing) => firing.data.lateByMs));

  const breached = foldClocks(firings, clocks);
  const notices = kind === 'finding' ? deadlineNotices(current, firings, clocks, context) : [];
  const { atHeadOffice } = current.state.context as EscalationTrack;
  const ladders = firings
    .filter((firing): firing is ClockBreached => firing.type === 'ClockBreached')
    .flatMap((breach) => {
      const next = escalationOnBreach(breached, breach.data.clockId, { atHeadOffice }, meta, rules.calendars);
      return next === null ? [] : [{ ...next, lateByMs: breach.data.lateByMs }];
    });
  if (ladders.length === 0) return { events: [...firings, ...notices], firingKeys, lateByMs };

  const reason = ladders.map((ladder) => `${ladder.reason}, missed by ${formatDuration(ladder.lateByMs)}`).join('; ');
  let escalation: EventEnvelope[];
  try {
    const escalate: EscalateComplaint & EscalateFinding = { type: 'escalate', reason };
    escalation = CASE_AGGREGATES[kind].decider.decide(current.state, escalate, context);
  } catch (error) {
    if (error instanceof CommandNotAllowedError) return { events: [...firings, ...notices], firingKeys, lateByMs };
    throw error;
  }
  const nextClocks: ClockStarted[] = ladders.map((ladder) => ladder.clockStarted);
  return { events: [...firings, ...notices, ...escalation, ...nextClocks], firingKeys, lateByMs };
}

/**
 * 限期整改通知: a finding whose deadline (a level-0 clock: the inspector's 限期 or the plan's date)
 * breaches gets a deadline notice before it climbs the ladder, at head office too. Breaches of the
 * levels above are the escalation's own deadlines, so they bring no second notice.
 */
function deadlineNotices(
  current: LoadedAggregate<AnyMachineSnapshot>,
  firings: readonly (ClockWarningRaised | ClockBreached)[],
  clocks: readonly ClockState[],
  context: DecideContext,
): EventEnvelope[] {
  return firings.flatMap((firing) => {
    const clock = clocks.find((candidate) => candidate.clockId === firing.data.clockId);
    // A clock without a ladder (a milestone, 时间节点) is not the deadline: it shows as breached, no notice.
    if (firing.type !== 'ClockBreached' || clock === undefined || clock.level > 0 || clock.escalation === null) return [];
    try {
      return FINDINGS.decider.decide(current.state as FindingState, { type: 'issue-deadline-notice', clockId: clock.clockId, dueAt: clock.dueAt }, context);
    } catch (error) {
      if (error instanceof CommandNotAllowedError) return [];
      throw error;
    }
  });
}

/** The system's request: its own causation per call, so a duplicate that lost the race can tell the recorded events are not its own. */
function systemRequest(): CommandRequest {
  const id = randomUUID();
  return { actor: { id: SLA_ACTOR_ID, role: 'system', unitId: '' }, correlationId: id, causationId: id };
}

/**
 * Makes deadlines enforce themselves: loads a case through the command handler, records the
 * warnings and breaches due now and climbs the escalation ladder, all in one append with the
 * loaded revision. A concurrent write makes it decide again on the fresh state, where recorded
 * firings are no longer due; event ids derive from (stream, clock, version, firing), so two workers
 * deciding the same firings write the same events once. Framework-free.
 */
export class DeadlineEnforcer {
  constructor(
    private readonly commands: CaseCommandHandler,
    private readonly rules: SlaRulesSource,
  ) {}

  async enforceDeadlines(kind: CaseKind, caseId: string): Promise<EnforcementResult> {
    let decision = NOTHING_DUE;
    let stream = '';
    const outcome = await this.commands.executeDecision(
      CASE_AGGREGATES[kind],
      caseId,
      async (current, context) => {
        stream = current.stream;
        const clocks = current.exists ? foldClocks(current.history.map(toStoredEvent)) : [];
        const calendarOf = await recordedCalendars(clocks, (calendarId, version) => this.rules.calendarVersion(calendarId, version));
        decision = decideEnforcement(current, clocks, calendarOf, context, await this.rules.current(), kind);
        return decision.events;
      },
      systemRequest(),
      // Called after the decision of the same attempt, so the ids follow what was decided.
      { eventIds: (index) => derivedId(`sla-firing\n${stream}\n${decision.firingKeys.join('\n')}\n${index}`) },
    );
    // The outcome's history is the stream with what was recorded on top: no second read for the next firings.
    const nextFirings = await this.firingsOf(outcome);
    if (outcome.replayed || outcome.recorded.length === 0) return { escalated: false, events: [], lateByMs: 0, nextFirings };
    return {
      escalated: outcome.recorded.some((event) => event.type.endsWith('Escalated')),
      events: outcome.recorded,
      lateByMs: decision.lateByMs,
      nextFirings,
    };
  }

  /** What the case's open clocks still owe, earliest first: the jobs to schedule after a command. */
  async nextFirings(kind: CaseKind, caseId: string): Promise<ClockFiring[]> {
    return this.firingsOf(await this.commands.load(CASE_AGGREGATES[kind], caseId));
  }

  private async firingsOf(loaded: LoadedAggregate<AnyMachineSnapshot>): Promise<ClockFiring[]> {
    return loaded.exists ? this.firingsOfClocks(loaded.stream, foldClocks(loaded.history.map(toStoredEvent))) : [];
  }

  /** What `clocks`, the folded clocks of case `stream`, still owe, earliest first. */
  async firingsOfClocks(stream: string, clocks: readonly ClockState[]): Promise<ClockFiring[]> {
    return firingsOf(stream, clocks, await recordedCalendars(clocks, (calendarId, version) => this.rules.calendarVersion(calendarId, version)));
  }
}
