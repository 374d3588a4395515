import { Inject, Injectable } from '@nestjs/common';
import { pastStateOf, type PastState } from '@duban/audit';
import { CLOCK, type Clock, type LoadedAggregate } from '@duban/command-handling';
import { type AggregateType } from '@duban/cases';
import type { RecordedEvent } from '@duban/event-store';
import { toStoredEvent, type ComplaintState, type StoredEvent } from '@duban/workflow';
import type { AuthenticatedUser } from '@duban/identity';
import { type ClockView, isCaseKind, needsApprovalAfterBreach } from '@duban/sla';
import { clockViewsOf, EventSourcedSlaRules, recordedClockViews } from '@duban/sla-enforcement';
import type { Response } from 'express';
import type { AnyMachineSnapshot } from 'xstate';
import { actorOf } from './case-access';
import { CustomerDisclosure, type CaseViewer } from './customer-disclosure';
import { clocksOf } from './folded-clocks';
import { EmployeeDisclosure } from '../staff/employee-disclosure';
import { SignOffUnits } from './sign-off-units';
import { ResponsibilityDecisionCheck } from './responsibility-decision';

/** Global position of the aggregate's last event: pass it as `?minPosition=` to a list to read your own write. */
export const POSITION_HEADER = 'X-Duban-Position';

/** Revisions are bigints in the store; a stream never gets near 2^53 events, so JSON numbers are exact. */
export function revisionNumber(loaded: LoadedAggregate<unknown>): number {
  return loaded.revision === 'no_stream' ? -1 : Number(loaded.revision);
}

/** What every response carries besides the aggregate's own view; complaints and findings also list their SLA clocks. */
type Presented<TView> = TView & { revision: number; clocks?: ClockView[] };

/** Which moment of the past a view shows. */
type AsOf = { revision: number; position: string; occurredAt: string; clocksReadAt: string };

/** Turns a loaded aggregate into the response the caller may see. */
@Injectable()
export class AggregatePresenter {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly rules: EventSourcedSlaRules,
    private readonly customers: CustomerDisclosure,
    private readonly employees: EmployeeDisclosure,
    private readonly signOffUnits: SignOffUnits,
    private readonly responsibilityDecisions: ResponsibilityDecisionCheck,
  ) {}

  /** The view for this user (allowedCommands filtered by role and four-eyes, the customer as the role may see it) with its revision, also sent as ETag, its position (POSITION_HEADER) and its clocks read now. */
  async present<TState extends AnyMachineSnapshot, TView>(
    aggregate: AggregateType<TState, { type: string }, TView>,
    loaded: LoadedAggregate<TState>,
    user: AuthenticatedUser,
    response: Response,
  ): Promise<Presented<TView>> {
    const revision = revisionNumber(loaded);
    response.setHeader('ETag', `"${revision}"`);
    const position = loaded.history.at(-1)?.position;
    if (position !== undefined) response.setHeader(POSITION_HEADER, position.toString());
    const viewer = { role: user.role, history: loaded.history };
    const own = aggregate.toView(loaded.state, actorOf(user));
    const signable = aggregate.kind === 'complaint' ? this.signedOffByItsUnitHeadOnly(own, loaded.state, user) : own;
    const actionable = withoutApprovalAfterBreach(await this.offeredTo(signable, loaded.state, user), loaded, user);
    const disclosed = await this.employees.inView(await this.customers.inView(aggregate.kind, loaded.id, actionable, viewer), user);
    const view = { ...disclosed, revision };
    if (!isCaseKind(aggregate.kind)) return view;
    // Each clock on the calendar version its due time was computed with: due, remaining time and `provisional` agree.
    return { ...view, clocks: await clockViewsOf(clocksOf(loaded), this.clock.now(), (calendarId, version) => this.rules.calendarVersion(calendarId, version)) };
  }

  /** `close` only for the head of the unit that signs the complaint off, as CaseAccess enforces it (the decider cannot know the organisation file's heads). */
  private signedOffByItsUnitHeadOnly<TView>(view: TView, state: AnyMachineSnapshot, user: AuthenticatedUser): TView {
    const { allowedCommands } = view as { allowedCommands?: string[] };
    if (!allowedCommands?.includes('close') || this.signOffUnits.ofComplaint(state.context as ComplaintState['context']).signingUnitId === user.unitId) return view;
    return { ...view, allowedCommands: allowedCommands.filter((command) => command !== 'close') };
  }

  /** The statechart offers 责任认定 to supervisors; of them, only the owning department's may decide (ResponsibilityDecisionCheck). */
  private async offeredTo<TView>(view: TView, state: AnyMachineSnapshot, user: AuthenticatedUser): Promise<TView> {
    const { allowedCommands } = view as { allowedCommands?: string[] };
    if (!allowedCommands?.includes('decide-responsibility') || (await this.responsibilityDecisions.owns(state, user))) return view;
    return { ...view, allowedCommands: allowedCommands.filter((command) => command !== 'decide-responsibility') };
  }

  /**
   * The record as it stood at a moment of its past. Nobody can act on the past, so
   * `allowedCommands` is empty and there is no ETag; clocks are read at that moment, each on the
   * calendar version it recorded. The customer shows as the viewer's role may see it today.
   */
  presentPast<TState extends AnyMachineSnapshot, TView>(
    aggregate: AggregateType<TState, { type: string }, TView>,
    id: string,
    past: PastState,
    viewer: CaseViewer,
  ): Promise<Presented<TView> & { asOf: AsOf }> {
    const events = past.events.map(toStoredEvent);
    return this.presentFolded(aggregate, id, past, events, aggregate.decider.fold(events), viewer);
  }

  /**
   * presentPast of every revision of `history` in turn, each state folded on from the one before:
   * a whole history in one fold instead of one per revision (an audit pack of 200 events).
   */
  async presentEveryRevision<TState extends AnyMachineSnapshot, TView>(
    aggregate: AggregateType<TState, { type: string }, TView>,
    id: string,
    history: readonly RecordedEvent[],
    viewer: CaseViewer,
  ): Promise<(Presented<TView> & { asOf: AsOf })[]> {
    const events = history.map(toStoredEvent);
    const views: (Presented<TView> & { asOf: AsOf })[] = [];
    let state: TState | undefined;
    for (let revision = 0; revision < history.length; revision += 1) {
      state = aggregate.decider.fold([events[revision]], state);
      const past = pastStateOf(`${aggregate.kind} ${id}`, history, { revision });
      views.push(await this.presentFolded(aggregate, id, past, events.slice(0, revision + 1), state, viewer));
    }
    return views;
  }

  private async presentFolded<TState extends AnyMachineSnapshot, TView>(
    aggregate: AggregateType<TState, { type: string }, TView>,
    id: string,
    past: PastState,
    events: readonly StoredEvent[],
    state: TState,
    viewer: CaseViewer,
  ): Promise<Presented<TView> & { asOf: AsOf }> {
    const asOf = { revision: past.revision, position: past.events.at(-1)!.position.toString(), occurredAt: past.occurredAt, clocksReadAt: past.clocksReadAt };
    const customerDisclosed = await this.customers.inView(aggregate.kind, id, aggregate.toView(state), viewer);
    const disclosed = await this.employees.inView(customerDisclosed, { role: viewer.role, unitId: viewer.unitId ?? '' });
    const view = { ...disclosed, allowedCommands: [], revision: past.revision };
    if (!isCaseKind(aggregate.kind)) return { ...view, asOf };
    const clocks = await recordedClockViews(events, new Date(past.clocksReadAt), (calendarId, version) => this.rules.calendarVersion(calendarId, version));
    return { ...view, clocks, asOf };
  }

  /** 201 with Location and ETag. */
  presentCreated<TState extends AnyMachineSnapshot, TView>(
    aggregate: AggregateType<TState, { type: string }, TView>,
    loaded: LoadedAggregate<TState>,
    user: AuthenticatedUser,
    response: Response,
    location: string,
  ): Promise<Presented<TView>> {
    response.status(201).setHeader('Location', location);
    return this.present(aggregate, loaded, user, response);
  }
}

/** Withdrawal and reclassification after a breach are a supervisor's (CaseAccess refuses others): not offered to anyone else. */
function withoutApprovalAfterBreach<TView>(view: TView, loaded: LoadedAggregate<unknown>, user: AuthenticatedUser): TView {
  const { allowedCommands } = view as { allowedCommands?: string[] };
  if (user.role === 'supervisor' || allowedCommands === undefined) return view;
  const clocks = clocksOf(loaded);
  const offered = allowedCommands.filter((command) => !needsApprovalAfterBreach(command, clocks));
  return offered.length === allowedCommands.length ? view : { ...view, allowedCommands: offered };
}
