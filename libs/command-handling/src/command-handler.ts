import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  readStreamOrEmpty,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
  type StreamRevision,
} from '@duban/event-store';
import type { Actor, DecideContext, EventEnvelope, OrgTree } from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';
import { streamName, type AggregateType, type FollowUpCreation } from './aggregates';
import type { Clock } from './clock';
import type { CommandCompanion } from './companion';
import { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from './command-handling.errors';
import { eventMetadata, metadataOf, toStoredEvent, type CommandRequest } from './event-metadata';
import { causedEventId, keyedEventId, type IdempotencyClaim } from './idempotency';
import { LoadedAggregates } from './loaded-aggregates';

/** One aggregate as read from its stream. */
export interface LoadedAggregate<TState> {
  readonly id: string;
  readonly stream: string;
  readonly state: TState;
  readonly exists: boolean;
  readonly revision: StreamRevision | typeof NO_STREAM;
  /** The stream up to `revision`. */
  readonly history: readonly RecordedEvent[];
}

/** The aggregate after a command, as the response should show it. */
export interface CommandOutcome<TState> extends LoadedAggregate<TState> {
  /** The events this command recorded, or recorded earlier under the same Idempotency-Key. */
  readonly recorded: readonly RecordedEvent[];
  /** True when an earlier request with the same key had recorded them: nothing new was written. */
  readonly replayed: boolean;
}

export interface ExecuteOptions<TState> {
  /** If-Match: the revision the caller decided on; anything else is a StaleRevisionError, never a retry. */
  readonly expectedRevision?: bigint;
  readonly idempotency?: IdempotencyClaim;
  /** Runs on every load before anything else (existence, visibility); throws to refuse. */
  readonly authorize?: (loaded: LoadedAggregate<TState>) => void;
  /**
   * Ids of the recorded events by index (the decision's, then the companions'), for writers whose
   * decisions are deterministic (an SLA firing): the same decision gets the same ids, so a
   * duplicate is the store's idempotent no-op. Defaults to the Idempotency-Key scheme, else random.
   */
  readonly eventIds?: (index: number) => string;
}

/**
 * Decides the events to append on the freshly loaded aggregate; may throw to refuse. A decider
 * command is one (`execute`); clock commands and SLA enforcement bring their own.
 */
export type Decision<TState> = (current: LoadedAggregate<TState>, context: DecideContext) => readonly EventEnvelope[] | Promise<readonly EventEnvelope[]>;

/** The Decision of one decider command. */
export function commandDecision<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
  aggregate: AggregateType<TState, TCommand>,
  command: TCommand,
): Decision<TState> {
  return (current, context) => aggregate.decider.decide(current.state, command, context);
}

export interface CommandHandlerOptions {
  /** Loads, decisions and appends per command before giving up on a contended stream. */
  readonly maxAttempts?: number;
  /** Pause before attempt `attempt + 1`; the default is a few jittered milliseconds. */
  readonly backoffMs?: (attempt: number) => number;
  /** Told when a follow-up creation fails; it is retried when the aggregate is next touched. */
  readonly onFollowUpFailed?: (error: unknown, followUp: FollowUpCreation) => void;
  /** Add their events to every decision's append (see CommandCompanion), in this order. */
  readonly companions?: readonly CommandCompanion[];
  /**
   * Turns decided events into what is stored, just before the append: seals personal data (see
   * customerSealing). Deciders stay pure and validate the plain command; the store, its hash
   * chains, exports and verification only ever see the sealed form.
   */
  readonly protectPersonalData?: ProtectPersonalData;
  /**
   * How many recently loaded streams keep their folded state in memory, so that the next load
   * reads and folds only the events appended since (default 2,000; 0 turns it off).
   */
  readonly cachedStreams?: number;
}

/** See CommandHandlerOptions.protectPersonalData; `stream` is where the events go. */
export type ProtectPersonalData = (stream: string, events: readonly EventEnvelope[]) => Promise<readonly EventEnvelope[]>;

const DEFAULT_MAX_ATTEMPTS = 30;
const DEFAULT_CACHED_STREAMS = 2_000;
// Full jitter, capped low: the contenders are requests inside one process, not remote clients.
const jitteredBackoff = (attempt: number): number => Math.random() * Math.min(2 ** attempt, 25);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type AnyAggregate = AggregateType<AnyMachineSnapshot, { type: string }>;

/**
 * Runs commands against event-sourced aggregates: load the stream, fold it, decide, append with
 * the loaded revision. A concurrent write makes it decide again on the fresh state (unless the
 * caller pinned a revision with If-Match); an Idempotency-Key makes a retried request return what
 * the first one recorded instead of recording again. Framework-free; CommandHandlingModule wires it.
 */
export class CommandHandler {
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly onFollowUpFailed: (error: unknown, followUp: FollowUpCreation) => void;
  private readonly companions: readonly CommandCompanion[];
  private readonly protectPersonalData: ProtectPersonalData;
  private readonly cache: LoadedAggregates;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly orgTree: OrgTree,
    options: CommandHandlerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.backoffMs = options.backoffMs ?? jitteredBackoff;
    this.onFollowUpFailed = options.onFollowUpFailed ?? ((error) => console.error(error));
    this.companions = options.companions ?? [];
    this.protectPersonalData = options.protectPersonalData ?? (async (_stream, events) => events);
    this.cache = new LoadedAggregates(options.cachedStreams ?? DEFAULT_CACHED_STREAMS);
  }

  /**
   * The aggregate as its stream now stands. Always reads the stream: a cached fold only saves
   * reading and folding the part already seen, since other handlers and processes append too.
   */
  async load<TState extends AnyMachineSnapshot>(aggregate: AggregateType<TState, { type: string }>, id: string): Promise<LoadedAggregate<TState>> {
    const stream = streamName(aggregate.kind, id);
    const cached = this.cache.get(stream) as LoadedAggregate<TState> | undefined;
    const loaded = (cached && (await this.caughtUp(aggregate, cached))) ?? this.loaded(aggregate, id, await readStreamOrEmpty(this.store, stream));
    this.cache.remember(loaded);
    return loaded;
  }

  /**
   * `cached` with the stream's tail folded on, read from the cached head itself. When the first
   * event or that head is no longer the one remembered (the stream was deleted or replaced, or its
   * start deleted, as a tampered file shows it), undefined, to read the stream whole.
   */
  private async caughtUp<TState extends AnyMachineSnapshot>(
    aggregate: AggregateType<TState, { type: string }>,
    cached: LoadedAggregate<TState>,
  ): Promise<LoadedAggregate<TState> | undefined> {
    const head = cached.history[cached.history.length - 1];
    const [first, tail] = await Promise.all([
      head.revision === 0n ? undefined : readStreamOrEmpty(this.store, cached.stream, { maxCount: 1 }),
      readStreamOrEmpty(this.store, cached.stream, { from: head.revision }),
    ]);
    if (tail[0]?.id !== head.id || (first && first[0]?.id !== cached.history[0].id)) return undefined;
    return tail.length === 1 ? cached : this.extended(aggregate, cached, tail.slice(1));
  }

  execute<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
    aggregate: AggregateType<TState, TCommand>,
    id: string,
    command: TCommand,
    request: CommandRequest,
    options: ExecuteOptions<TState> = {},
  ): Promise<CommandOutcome<TState>> {
    return this.executeDecision(aggregate, id, commandDecision(aggregate, command), request, options);
  }

  /**
   * `execute` for decisions other than one decider command (clock commands, SLA enforcement): the
   * same load, authorization, idempotency, If-Match, companions, retries on a concurrent write
   * (deciding again on the fresh state) and metadata.
   */
  async executeDecision<TState extends AnyMachineSnapshot>(
    aggregate: AggregateType<TState, { type: string }>,
    id: string,
    decision: Decision<TState>,
    request: CommandRequest,
    options: ExecuteOptions<TState> = {},
  ): Promise<CommandOutcome<TState>> {
    const { idempotency, expectedRevision } = options;
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(aggregate, id);
      options.authorize?.(current);
      if (idempotency) {
        const earlier = this.earlierOutcome(aggregate, current, request.actor, idempotency);
        if (earlier) return earlier;
      }
      if (expectedRevision !== undefined && current.revision !== expectedRevision) {
        throw new StaleRevisionError(aggregate.kind, id, expectedRevision, current.exists ? (current.revision as bigint) : null);
      }
      const context = this.decideContext(request.actor);
      const decided = await decision(current, context);
      if (decided.length === 0) return { ...current, recorded: [], replayed: false };

      const all = await this.protectPersonalData(current.stream, [...decided, ...(await this.companionEvents(aggregate, current, decided, context.now))]);
      const eventId = options.eventIds ?? ((index: number): string => (idempotency ? keyedEventId(request.actor.id, idempotency.key, index) : randomUUID()));
      const events = all.map((event, index) => this.toNewEvent(event, eventId(index), request, context.now, idempotency));
      let recorded: readonly RecordedEvent[];
      try {
        ({ recorded } = await this.store.appendToStream(current.stream, events, { expectedRevision: current.revision }));
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          if (expectedRevision !== undefined) {
            throw new StaleRevisionError(aggregate.kind, id, expectedRevision, error.actual === NO_STREAM ? null : error.actual);
          }
          if (attempt >= this.maxAttempts) throw new WriteContentionError(aggregate.kind, id, attempt);
          await sleep(this.backoffMs(attempt));
          continue;
        }
        // The loaded stream holds no event of this key, yet its ids are taken: the key was used on another stream.
        if (error instanceof DuplicateEventIdError && idempotency) throw new IdempotencyKeyReusedError(idempotency.key);
        throw error;
      }
      // Two requests with one key but different bodies can race to the same ids; the store keeps the first.
      if (idempotency && recorded.some((event) => metadataOf(event).requestHash !== idempotency.requestHash)) {
        throw new IdempotencyKeyReusedError(idempotency.key);
      }
      // Same ids from another request (a duplicate firing, a raced retry): the store kept theirs, we wrote nothing.
      const replayed = recorded.some((event) => metadataOf(event).causationId !== request.causationId);
      const after = this.extended(aggregate, current, recorded);
      this.cache.remember(after);
      return { ...after, recorded, replayed };
    }
  }

  /**
   * Decides a creation command without writing anything: a command that creates two aggregates
   * runs the second one's checks (role, payload) before the first append, so a refusal leaves no trace.
   */
  checkCreation<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(aggregate: AggregateType<TState, TCommand>, command: TCommand, actor: Actor): void {
    aggregate.decider.decide(aggregate.decider.initialState(), command, this.decideContext(actor));
  }

  /**
   * Creates an aggregate exactly once on behalf of an event that demands it, however often this
   * runs: the ids derive from the causing event and the append expects no stream, so a repeat is
   * the store's idempotent no-op and a stream created by anyone else means "already done".
   * Returns the aggregate as that creation left it.
   */
  async createOnce<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
    aggregate: AggregateType<TState, TCommand>,
    id: string,
    command: TCommand,
    request: CommandRequest,
    causedBy: RecordedEvent,
    idempotency?: IdempotencyClaim,
  ): Promise<CommandOutcome<TState>> {
    const existing = await this.load(aggregate, id);
    const history = existing.exists ? existing.history : await this.create(aggregate, existing, command, request, causedBy, idempotency);
    const recorded = history.filter((event) => metadataOf(event).causationId === causedBy.id);
    const asCreated = recorded.length === 0 ? history : history.slice(0, history.indexOf(recorded.at(-1)!) + 1);
    return { ...this.loaded(aggregate, id, asCreated), recorded, replayed: existing.exists };
  }

  /** createOnce's write on the absent stream: what it recorded, or the stream as whoever created it first left it. */
  private async create<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
    aggregate: AggregateType<TState, TCommand>,
    absent: LoadedAggregate<TState>,
    command: TCommand,
    request: CommandRequest,
    causedBy: RecordedEvent,
    idempotency: IdempotencyClaim | undefined,
  ): Promise<readonly RecordedEvent[]> {
    const context = this.decideContext(request.actor);
    const decided = aggregate.decider.decide(absent.state, command, context);
    const all = await this.protectPersonalData(absent.stream, [...decided, ...(await this.companionEvents(aggregate, absent, decided, context.now))]);
    const caused = { ...request, causationId: causedBy.id };
    const events = all.map((event, index) => this.toNewEvent(event, causedEventId(causedBy.id, index), caused, context.now, idempotency));
    try {
      return (await this.store.appendToStream(absent.stream, events, { expectedRevision: NO_STREAM })).recorded;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return (await this.load(aggregate, absent.id)).history;
    }
  }

  /**
   * Makes sure every creation the aggregate's history demands exists (the finding of a valid
   * complaint reply). Called after each command and each read of such an aggregate, so a crash
   * between the two appends is repaired by the next request that touches the aggregate.
   */
  async completeFollowUps<TState extends AnyMachineSnapshot>(aggregate: AggregateType<TState, { type: string }>, loaded: LoadedAggregate<TState>): Promise<void> {
    for (const followUp of aggregate.followUps?.(loaded.history, loaded.state) ?? []) {
      if (await this.streamExists(streamName(followUp.aggregate.kind, followUp.id))) continue;
      try {
        await this.createOnce(followUp.aggregate as AnyAggregate, followUp.id, followUp.command, systemRequest(followUp), followUp.causedBy);
      } catch (error) {
        // The request that got here has done its own work; the next one that touches the aggregate retries.
        this.onFollowUpFailed(error, followUp);
      }
    }
  }

  private async companionEvents<TState extends AnyMachineSnapshot>(
    aggregate: AggregateType<TState, { type: string }>,
    current: LoadedAggregate<TState>,
    decided: readonly EventEnvelope[],
    now: string,
  ): Promise<EventEnvelope[]> {
    if (this.companions.length === 0) return [];
    const input = {
      kind: aggregate.kind,
      id: current.id,
      history: current.history.map(toStoredEvent),
      decided,
      state: aggregate.decider.fold(decided, current.state),
      now,
    };
    const added: EventEnvelope[] = [];
    for (const companion of this.companions) added.push(...(await companion.decide(input)));
    return added;
  }

  private decideContext(actor: Actor): DecideContext {
    return { actor, now: this.clock.now().toISOString(), orgTree: this.orgTree };
  }

  private loaded<TState extends AnyMachineSnapshot>(aggregate: AggregateType<TState, { type: string }>, id: string, history: readonly RecordedEvent[]): LoadedAggregate<TState> {
    const last = history.at(-1);
    return {
      id,
      stream: streamName(aggregate.kind, id),
      state: aggregate.decider.fold(history.map(toStoredEvent)),
      exists: last !== undefined,
      revision: last?.revision ?? NO_STREAM,
      history,
    };
  }

  /** `current` with the events just recorded on top: folds only those, not the whole stream again. */
  private extended<TState extends AnyMachineSnapshot>(
    aggregate: AggregateType<TState, { type: string }>,
    current: LoadedAggregate<TState>,
    recorded: readonly RecordedEvent[],
  ): LoadedAggregate<TState> {
    return {
      ...current,
      state: aggregate.decider.fold(recorded.map(toStoredEvent), current.state),
      exists: current.exists || recorded.length > 0,
      revision: recorded.at(-1)?.revision ?? current.revision,
      history: [...current.history, ...recorded],
    };
  }

  /** The outcome of an earlier request under this key, or undefined when the key is new to this stream. */
  private earlierOutcome<TState extends AnyMachineSnapshot>(
    aggregate: AggregateType<TState, { type: string }>,
    current: LoadedAggregate<TState>,
    actor: Actor,
    claim: IdempotencyClaim,
  ): CommandOutcome<TState> | undefined {
    const recorded = current.history.filter((event) => {
      const metadata = metadataOf(event);
      return metadata.idempotencyKey === claim.key && metadata.actorId === actor.id;
    });
    if (recorded.length === 0) return undefined;
    if (recorded.some((event) => metadataOf(event).requestHash !== claim.requestHash)) throw new IdempotencyKeyReusedError(claim.key);
    const asItWas = current.history.slice(0, current.history.indexOf(recorded.at(-1)!) + 1);
    return { ...this.loaded(aggregate, current.id, asItWas), recorded, replayed: true };
  }

  private toNewEvent(event: EventEnvelope, id: string, request: CommandRequest, occurredAt: string, claim?: IdempotencyClaim): NewEvent {
    return {
      id,
      type: event.type,
      data: event.data as JsonObject,
      metadata: eventMetadata(request, occurredAt, event.schemaVersion, claim),
    };
  }

  private async streamExists(stream: string): Promise<boolean> {
    try {
      return (await this.store.readStream(stream, { maxCount: 1 })).length > 0;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return false;
      throw error;
    }
  }
}

/** Follow-ups are the system's doing, in the name of the causing event's correlation. */
function systemRequest(followUp: FollowUpCreation): CommandRequest {
  const cause = metadataOf(followUp.causedBy);
  return {
    actor: { id: 'system', role: 'system', unitId: typeof cause.unitId === 'string' ? cause.unitId : '' },
    correlationId: typeof cause.correlationId === 'string' ? cause.correlationId : followUp.causedBy.id,
    causationId: followUp.causedBy.id,
  };
}
