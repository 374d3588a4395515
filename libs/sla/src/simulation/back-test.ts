import { decodeEscalated, type EventMeta, type OrgTree, type StoredEvent } from '@duban/workflow';
import type { CalendarSet } from '../calendar/calendar';
import { ClockCommandRejectedError } from '../errors';
import type { PolicySet } from '../policy/policy';
import { clockEventsForCaseEvent, isAutomaticEscalation, isEscalationEventType } from '../clock/case-event-clocks';
import { extendClock, pauseClock, resetClock, resumeClock } from '../clock/clock.commands';
import { due, escalationOnBreach, SLA_ACTOR_ID, type CaseClockContext } from '../clock/clock.deciders';
import { CLOCK_EVENT_TYPES, type ClockBreached, type ClockEvent, type ClockEventType, type StopOutcome } from '../clock/clock.events';
import { foldClocks, type ClockState } from '../clock/clock.fold';
import { calendarFor, pendingFirings } from '../clock/clock.progress';

/** One event of a case stream as recorded, with what the case looked like after it. */
export type RecordedCaseEvent = {
  readonly event: StoredEvent;
  /** The case's facts after this event (policies match on them) and when the bank received it. */
  readonly facts: Pick<CaseClockContext, 'caseFacts' | 'receivedAt'>;
  /** Shared by the events one command recorded (e.g. its causation id). */
  readonly command: string;
};

/** A case's whole recorded history, case and clock events in stream order. */
export type RecordedCase = {
  readonly kind: string;
  readonly caseId: string;
  /** The owning unit: where the case was opened, where its totals count. */
  readonly unitId: string;
  readonly receivedAt: string;
  readonly events: readonly RecordedCaseEvent[];
};

/** The rules to try out. */
export type SlaCandidate = { readonly policySet: PolicySet; readonly calendars: CalendarSet };

export type BackTestOptions = {
  /** The simulation's now: later case events did not happen yet and later deadlines have not passed. */
  readonly horizon: string;
  readonly orgTree: Pick<OrgTree, 'parentOf'>;
};

/** A clock event, reduced to what a comparison reads. */
export type ClockTimelineEntry = {
  at: string;
  type: ClockEventType;
  clockId: string;
  target?: string;
  level?: number;
  dueAt?: string;
  threshold?: number;
  outcome?: StopOutcome;
};

export type EscalationEntry = { at: string; level: number; fromUnitId: string; toUnitId: string; atHeadOffice: boolean; automatic: boolean };

/** What one rule set made of a case up to the horizon. */
export type SlaOutcome = {
  clockEvents: ClockTimelineEntry[];
  escalations: EscalationEntry[];
  warnings: number;
  breaches: number;
  /** Escalation level and responsible unit at the horizon. */
  level: number;
  responsibleUnitId: string;
  /** Whether the first reply (a finding's report) stopped no breached clock; null when not replied by the horizon. */
  repliedOnTime: boolean | null;
};

export type CaseBackTest = {
  kind: string;
  caseId: string;
  unitId: string;
  receivedAt: string;
  repliedAt: string | null;
  candidate: SlaOutcome;
  /** The clock events and escalations actually recorded up to the horizon. */
  actual: SlaOutcome;
  /** Recorded clock commands (pause, resume, extend, reset) and manual escalations the candidate's clocks could not take. */
  notes: string[];
};

/** The case answers the customer (complaint) or reports the rectification (finding). */
const REPLY_EVENT_TYPES: readonly string[] = ['ComplaintReplied', 'FindingReported'];
const TIMELINE_FIELDS = ['target', 'level', 'dueAt', 'threshold', 'outcome'] as const;

const occurredAtOf = (event: StoredEvent): string => (event.data as EventMeta).occurredAt;
const isClockEvent = (event: StoredEvent): event is ClockEvent => (CLOCK_EVENT_TYPES as readonly string[]).includes(event.type);

function timelineEntry(event: ClockEvent): ClockTimelineEntry {
  const data = event.data as Record<string, unknown>;
  const entry: ClockTimelineEntry = { at: event.data.occurredAt, type: event.type, clockId: event.data.clockId };
  for (const field of TIMELINE_FIELDS) if (data[field] !== undefined) Object.assign(entry, { [field]: data[field] });
  return entry;
}

function outcomeOf(clockEvents: readonly ClockEvent[], escalations: EscalationEntry[], unitId: string, repliedAt: string | null): SlaOutcome {
  const timeline = clockEvents.map(timelineEntry);
  const count = (type: ClockEventType): number => timeline.filter((entry) => entry.type === type).length;
  const last = escalations.at(-1);
  return {
    clockEvents: timeline,
    escalations,
    warnings: count('ClockWarningRaised'),
    breaches: count('ClockBreached'),
    level: last?.level ?? 0,
    responsibleUnitId: last?.toUnitId ?? unitId,
    repliedOnTime: repliedAt === null ? null : !timeline.some((entry) => entry.type === 'ClockStopped' && entry.at === repliedAt && entry.outcome === 'breached'),
  };
}

/** The case event types recorded after each event by the same command. */
function laterTypesInCommand(events: readonly RecordedCaseEvent[]): string[][] {
  return events.map(({ command }, index) =>
    events
      .slice(index + 1)
      .filter((later) => later.command === command && !isClockEvent(later.event))
      .map((later) => later.event.type),
  );
}

/**
 * Replays one case under the candidate: a discrete-event simulation over the recorded case events,
 * where the candidate's warnings and breaches fire at their due instants, before any later case
 * event, and breaches climb the candidate's ladder. Everything is decided by the same pure deciders
 * the live system uses.
 */
class CandidateReplay {
  private clocks: ClockState[] = [];
  readonly clockEvents: ClockEvent[] = [];
  readonly escalations: EscalationEntry[] = [];
  readonly notes: string[] = [];

  constructor(
    private readonly candidate: SlaCandidate,
    private readonly orgTree: Pick<OrgTree, 'parentOf'>,
    private readonly unitId: string,
  ) {}

  /** Fires what falls due before `until` (or at it, when `inclusive`), earliest first. */
  fireUntil(until: string, inclusive: boolean): void {
    const limit = Date.parse(until);
    for (let next = this.earliestFiring(); next !== undefined && (next < limit || (inclusive && next === limit)); next = this.earliestFiring()) {
      const meta = { occurredAt: new Date(next).toISOString(), actorId: SLA_ACTOR_ID };
      const firings = due(this.clocks, meta, this.candidate.calendars);
      this.record(firings);
      const atHeadOffice = this.orgTree.parentOf(this.responsibleUnitId) === undefined;
      // Several ladders breaching at once still climb one level, as the deadline enforcer does.
      const nextClocks = firings
        .filter((firing): firing is ClockBreached => firing.type === 'ClockBreached')
        .flatMap((breach) => escalationOnBreach(this.clocks, breach.data.clockId, { atHeadOffice }, meta, this.candidate.calendars)?.clockStarted ?? []);
      if (nextClocks.length > 0 && this.escalate(meta.occurredAt, true)) this.record(nextClocks);
    }
  }

  apply({ event, facts }: RecordedCaseEvent, laterTypes: readonly string[]): void {
    if (isClockEvent(event)) return this.replayClockCommand(event);
    // The old policy's automatic escalations are its own; the candidate's ladder makes its own.
    if (isAutomaticEscalation(event)) return;
    if (isEscalationEventType(event.type) && !this.escalate(occurredAtOf(event), false)) {
      this.notes.push(`manual escalation at ${occurredAtOf(event)} skipped: the candidate had already taken the case to head office`);
      return;
    }
    this.record(clockEventsForCaseEvent(event, this.clocks, { ...this.candidate, ...facts }, laterTypes));
  }

  private get responsibleUnitId(): string {
    return this.escalations.at(-1)?.toUnitId ?? this.unitId;
  }

  private earliestFiring(): number | undefined {
    const instants = this.clocks.flatMap((clock) => pendingFirings(clock, calendarFor(clock.calendarId, this.candidate.calendars)).map((firing) => Date.parse(firing.at)));
    return instants.length === 0 ? undefined : Math.min(...instants);
  }

  private record(events: readonly ClockEvent[]): void {
    this.clocks = foldClocks(events, this.clocks);
    this.clockEvents.push(...events);
  }

  /** One level up from the unit now responsible; false at head office. */
  private escalate(at: string, automatic: boolean): boolean {
    const fromUnitId = this.responsibleUnitId;
    const toUnitId = this.orgTree.parentOf(fromUnitId);
    if (toUnitId === undefined) return false;
    const atHeadOffice = this.orgTree.parentOf(toUnitId) === undefined;
    this.escalations.push({ at, level: (this.escalations.at(-1)?.level ?? 0) + 1, fromUnitId, toUnitId, atHeadOffice, automatic });
    return true;
  }

  /** People's clock commands are replayed on the candidate's clock of the same id; the SLA's own clock events are the candidate's to decide. */
  private replayClockCommand(event: ClockEvent): void {
    const meta = { occurredAt: event.data.occurredAt, actorId: event.data.actorId };
    if (meta.actorId === SLA_ACTOR_ID) return;
    const clock = this.clocks.find((candidate) => candidate.clockId === event.data.clockId);
    const what = `${event.type} of clock ${event.data.clockId} at ${meta.occurredAt}`;
    if (clock === undefined) {
      this.notes.push(`${what} skipped: the candidate has no such clock`);
      return;
    }
    try {
      const replayed = this.clockCommand(event, clock, meta);
      if (replayed !== undefined) this.record([replayed]);
    } catch (error) {
      if (!(error instanceof ClockCommandRejectedError)) throw error;
      this.notes.push(`${what} skipped: ${error.reason}`);
    }
  }

  private clockCommand(event: ClockEvent, clock: ClockState, meta: EventMeta): ClockEvent | undefined {
    const { calendars } = this.candidate;
    switch (event.type) {
      case 'ClockPaused':
        return pauseClock(clock, event.data.reason, meta);
      case 'ClockResumed':
        return resumeClock(clock, meta, calendars);
      case 'ClockReset':
        return resetClock(clock, event.data.reason, meta, calendars);
      case 'ClockExtended': {
        const { approverId, approverUnitId, reason, customerNotifiedAt } = event.data;
        // A higher unit did approve it, in the recorded history; the candidate decides the new total.
        return extendClock(clock, { approverId, approverUnitId, reason, customerNotifiedAt }, () => true, meta, calendars);
      }
      default:
        return undefined;
    }
  }
}

function escalationEntry(event: StoredEvent): EscalationEntry {
  const { occurredAt, level, fromUnitId, toUnitId, atHeadOffice, automatic } = decodeEscalated(event);
  return { at: occurredAt, level, fromUnitId, toUnitId, atHeadOffice, automatic };
}

/**
 * What the candidate rules would have made of one case, replayed from its recorded history up to
 * the horizon, next to what was actually recorded. The old policy's automatic escalations are
 * dropped and the candidate's ladder escalates instead; manual escalations and people's clock
 * commands are kept.
 */
export function backTestCase(recorded: RecordedCase, candidate: SlaCandidate, options: BackTestOptions): CaseBackTest {
  const horizon = Date.parse(options.horizon);
  const events = recorded.events.filter(({ event }) => Date.parse(occurredAtOf(event)) <= horizon);
  const laterTypes = laterTypesInCommand(events);
  const replay = new CandidateReplay(candidate, options.orgTree, recorded.unitId);
  events.forEach((step, index) => {
    replay.fireUntil(occurredAtOf(step.event), false);
    replay.apply(step, laterTypes[index]);
  });
  replay.fireUntil(options.horizon, true);

  const recordedEvents = events.map(({ event }) => event);
  const reply = recordedEvents.find((event) => REPLY_EVENT_TYPES.includes(event.type));
  const repliedAt = reply === undefined ? null : occurredAtOf(reply);
  const actualEscalations = recordedEvents.filter((event) => isEscalationEventType(event.type)).map(escalationEntry);
  return {
    kind: recorded.kind,
    caseId: recorded.caseId,
    unitId: recorded.unitId,
    receivedAt: recorded.receivedAt,
    repliedAt,
    candidate: outcomeOf(replay.clockEvents, replay.escalations, recorded.unitId, repliedAt),
    actual: outcomeOf(recordedEvents.filter(isClockEvent), actualEscalations, recorded.unitId, repliedAt),
    notes: replay.notes,
  };
}

export type Compared<T> = { candidate: T; actual: T };

/** Totals of the cases of one unit (or of a group of units). */
export type BackTestTotals = {
  unitId: string;
  cases: number;
  replied: number;
  repliedOnTime: Compared<number>;
  /** Cases with at least one breach. */
  breachedCases: Compared<number>;
  breaches: Compared<number>;
  warnings: Compared<number>;
  /** Escalations (automatic and manual) by the level they reached, e.g. { "1": 3, "2": 1 }. */
  escalationsByLevel: Compared<Record<string, number>>;
  automaticEscalations: Compared<number>;
};

function sumOutcomes(outcomes: readonly SlaOutcome[], count: (outcome: SlaOutcome) => number): number {
  return outcomes.reduce((sum, outcome) => sum + count(outcome), 0);
}

function byLevel(outcomes: readonly SlaOutcome[]): Record<string, number> {
  const levels: Record<string, number> = {};
  for (const escalation of outcomes.flatMap((outcome) => outcome.escalations)) levels[escalation.level] = (levels[escalation.level] ?? 0) + 1;
  return levels;
}

/** The totals of `cases` under the name `unitId`. */
export function backTestTotals(unitId: string, cases: readonly CaseBackTest[]): BackTestTotals {
  const compared = <T>(measure: (outcomes: SlaOutcome[]) => T): Compared<T> => ({
    candidate: measure(cases.map((result) => result.candidate)),
    actual: measure(cases.map((result) => result.actual)),
  });
  const counted = (count: (outcome: SlaOutcome) => number): Compared<number> => compared((outcomes) => sumOutcomes(outcomes, count));
  return {
    unitId,
    cases: cases.length,
    replied: cases.filter((result) => result.repliedAt !== null).length,
    repliedOnTime: counted((outcome) => (outcome.repliedOnTime === true ? 1 : 0)),
    breachedCases: counted((outcome) => (outcome.breaches > 0 ? 1 : 0)),
    breaches: counted((outcome) => outcome.breaches),
    warnings: counted((outcome) => outcome.warnings),
    escalationsByLevel: compared(byLevel),
    automaticEscalations: counted((outcome) => outcome.escalations.filter((escalation) => escalation.automatic).length),
  };
}

/** Totals per unit, `unitOf` naming each case's unit (its own, or an ancestor to roll up to); ordered by unit id. */
export function backTestTotalsByUnit(cases: readonly CaseBackTest[], unitOf: (result: CaseBackTest) => string): BackTestTotals[] {
  const groups = new Map<string, CaseBackTest[]>();
  for (const result of cases) groups.set(unitOf(result), [...(groups.get(unitOf(result)) ?? []), result]);
  return [...groups.keys()].sort().map((unitId) => backTestTotals(unitId, groups.get(unitId)!));
}
