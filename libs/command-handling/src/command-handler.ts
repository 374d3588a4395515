import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError, NO_STREAM, WrongExpectedVersionError, type EventStore, type JsonObject, type NewEvent, type RecordedEvent } from '@duban/event-store';
import { AggregateLoader } from './aggregate-loader';
import { streamOf, type AggregateType, type DomainEvent, type LoadedAggregate } from './aggregate-type';
import type { Clock } from './clock';
import type { ActorLike, CommandDomain } from './command-domain';
import type { CommandCompanion } from './companion';
import { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from './command-handling.errors';
import { eventMetadata, metadataOf, type CommandRequest } from './event-metadata';
import { causedEventId, keyedEventId, type IdempotencyClaim } from './idempotency';
import { jitteredBackoff, sleep } from './retry';
import { StreamQueue } from './stream-queue';

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
 * command is one (`execute`); other writers (clock commands, SLA enforcement) bring their own.
 */
export type Decision<TState, TContext> = (current: LoadedAggregate<TState>, context: TContext) => readonly DomainEvent[] | Promise<readonly DomainEvent[]>;

/** The Decision of one decider command. */
export function commandDecision<TState, TCommand, TContext>(aggregate: AggregateType<TState, TCommand, TContext>, command: TCommand): Decision<TState, TContext> {
  return (current, context) => aggregate.decider.decide(current.state, command, context);
}

export interface CommandHandlerOptions {
  /** Loads, decisions and appends per command before giving up on a contended stream. */
  readonly maxAttempts?: number;
  /** Pause before attempt `attempt + 1`; the default is a few jittered milliseconds. */
  readonly backoffMs?: (attempt: number) => number;
  /** Add their events to every decision's append (see CommandCompanion), in this order. */
  readonly companions?: readonly CommandCompanion[];
  /**
   * Fills in what a pure decider cannot know because only the store gives it (e.g. a case number
   * from a counter stream), once the decision stands and before protectPersonalData; runs again
   * on every append attempt, so what it hands out must be safe to ask for twice.
   */
  readonly completeEvents?: CompleteEvents;
  /**
   * Turns decided events into what is stored, just before the append (e.g. seals personal data).
   * Deciders stay pure and validate the plain command; the store only ever sees the protected form.
   */
  readonly protectPersonalData?: ProtectPersonalData;
  /**
   * How many recently loaded streams keep their folded state in memory, so that the next load
   * reads and folds only the events appended since (default 2,000; 0 turns it off).
   */
  readonly cachedStreams?: number;
}

/** See CommandHandlerOptions.protectPersonalData; `stream` is where the events go. */
export type ProtectPersonalData = (stream: string, events: readonly DomainEvent[]) => Promise<readonly DomainEvent[]>;
/** See CommandHandlerOptions.completeEvents; `stream` is where the events go. */
export type CompleteEvents = ProtectPersonalData;

const DEFAULT_MAX_ATTEMPTS = 30;
const DEFAULT_CACHED_STREAMS = 2_000;

/**
 * Runs commands against event-sourced aggregates: load the stream, fold it, decide, append with
 * the loaded revision. A concurrent write makes it decide again on the fresh state (unless the
 * caller pinned a revision with If-Match); an Idempotency-Key makes a retried request return what
 * the first one recorded instead of recording again. Generic over the domain's actors and decide
 * context (CommandDomain); framework-free.
 */
export class CommandHandler<TActor extends ActorLike, TContext> {
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly companions: readonly CommandCompanion[];
  private readonly completeEvents: CompleteEvents;
  private readonly protectPersonalData: ProtectPersonalData;
  private readonly loader: AggregateLoader;
  private readonly queue = new StreamQueue();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    readonly domain: CommandDomain<TActor, TContext>,
    options: CommandHandlerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.backoffMs = options.backoffMs ?? jitteredBackoff;
    this.companions = options.companions ?? [];
    this.completeEvents = options.completeEvents ?? (async (_stream, events) => events);
    this.protectPersonalData = options.protectPersonalData ?? (async (_stream, events) => events);
    this.loader = new AggregateLoader(store, (event) => domain.toDomainEvent(event), options.cachedStreams ?? DEFAULT_CACHED_STREAMS);
  }

  /** The aggregate as its stream now stands (see AggregateLoader). */
  load<TState>(aggregate: AggregateType<TState, unknown, TContext>, id: string): Promise<LoadedAggregate<TState>> {
    return this.loader.load(aggregate, id);
  }

  execute<TState, TCommand>(
    aggregate: AggregateType<TState, TCommand, TContext>,
    id: string,
    command: TCommand,
    request: CommandRequest<TActor>,
    options: ExecuteOptions<TState> = {},
  ): Promise<CommandOutcome<TState>> {
    return this.executeDecision(aggregate, id, commandDecision(aggregate, command), request, options);
  }

  /**
   * `execute` for decisions other than one decider command (clock commands, SLA enforcement): the
   * same load, authorization, idempotency, If-Match, companions, retries on a concurrent write
   * (deciding again on the fresh state) and metadata. Commands to one stream through this handler
   * run one at a time, in arrival order, so they never contend with each other: a retry means a
   * writer elsewhere (another process) appended in between.
   */
  executeDecision<TState>(
    aggregate: AggregateType<TState, unknown, TContext>,
    id: string,
    decision: Decision<TState, TContext>,
    request: CommandRequest<TActor>,
    options: ExecuteOptions<TState> = {},
  ): Promise<CommandOutcome<TState>> {
    return this.queue.run(streamOf(aggregate, id), () => this.decideAndAppend(aggregate, id, decision, request, options));
  }

  private async decideAndAppend<TState>(
    aggregate: AggregateType<TState, unknown, TContext>,
    id: string,
    decision: Decision<TState, TContext>,
    request: CommandRequest<TActor>,
    options: ExecuteOptions<TState>,
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
      const now = this.clock.now().toISOString();
      const decided = await decision(current, this.domain.decideContext(request.actor, now));
      if (decided.length === 0) return { ...current, recorded: [], replayed: false };

      const eventId = options.eventIds ?? ((index: number): string => (idempotency ? keyedEventId(request.actor.id, idempotency.key, index) : randomUUID()));
      const events = await this.toAppend(aggregate, current, decided, now, eventId, request, idempotency);
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
      const after = this.loader.extended(aggregate, current, recorded);
      this.loader.remember(after);
      return { ...after, recorded, replayed };
    }
  }

  /**
   * Decides a creation command without writing anything: a command that creates two aggregates
   * runs the second one's checks (role, payload) before the first append, so a refusal leaves no trace.
   */
  checkCreation<TState, TCommand>(aggregate: AggregateType<TState, TCommand, TContext>, command: TCommand, actor: TActor): void {
    aggregate.decider.decide(aggregate.decider.initialState(), command, this.domain.decideContext(actor, this.clock.now().toISOString()));
  }

  /**
   * Creates an aggregate exactly once on behalf of an event that demands it, however often this
   * runs: the ids derive from the causing event and the append expects no stream, so a repeat is
   * the store's idempotent no-op and a stream created by anyone else means "already done".
   * Returns the aggregate as that creation left it.
   */
  async createOnce<TState, TCommand>(
    aggregate: AggregateType<TState, TCommand, TContext>,
    id: string,
    command: TCommand,
    request: CommandRequest<TActor>,
    causedBy: RecordedEvent,
    idempotency?: IdempotencyClaim,
    idsPerStream = false,
  ): Promise<CommandOutcome<TState>> {
    const existing = await this.load(aggregate, id);
    const history = existing.exists ? existing.history : await this.create(aggregate, existing, command, { ...request, causationId: causedBy.id }, idempotency, idsPerStream);
    const recorded = history.filter((event) => metadataOf(event).causationId === causedBy.id);
    const asCreated = recorded.length === 0 ? history : history.slice(0, history.indexOf(recorded.at(-1)!) + 1);
    return { ...this.loader.folded(aggregate, id, asCreated), recorded, replayed: existing.exists };
  }

  /** createOnce's write on the absent stream: what it recorded, or the stream as whoever created it first left it. */
  private async create<TState, TCommand>(
    aggregate: AggregateType<TState, TCommand, TContext>,
    absent: LoadedAggregate<TState>,
    command: TCommand,
    caused: CommandRequest<TActor>,
    idempotency: IdempotencyClaim | undefined,
    idsPerStream: boolean,
  ): Promise<readonly RecordedEvent[]> {
    const now = this.clock.now().toISOString();
    const decided = aggregate.decider.decide(absent.state, command, this.domain.decideContext(caused.actor, now));
    const eventId = (index: number): string => causedEventId(caused.causationId, index, idsPerStream ? absent.stream : undefined);
    const events = await this.toAppend(aggregate, absent, decided, now, eventId, caused, idempotency);
    try {
      return (await this.store.appendToStream(absent.stream, events, { expectedRevision: NO_STREAM })).recorded;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return (await this.load(aggregate, absent.id)).history;
    }
  }

  /** The decided events, the companions' after them, protected and with ids and metadata: what one append writes. */
  private async toAppend<TState>(
    aggregate: AggregateType<TState, unknown, TContext>,
    current: LoadedAggregate<TState>,
    decided: readonly DomainEvent[],
    now: string,
    eventId: (index: number) => string,
    request: CommandRequest<TActor>,
    claim: IdempotencyClaim | undefined,
  ): Promise<NewEvent[]> {
    const completed = await this.completeEvents(current.stream, [...decided, ...(await this.companionEvents(aggregate, current, decided, now))]);
    const all = await this.protectPersonalData(current.stream, completed);
    const actorFields = this.domain.actorMetadata(request.actor);
    return all.map((event, index) => ({
      id: eventId(index),
      type: event.type,
      data: event.data as JsonObject,
      metadata: eventMetadata(actorFields, request, now, event.schemaVersion, claim),
    }));
  }

  private async companionEvents<TState>(
    aggregate: AggregateType<TState, unknown, TContext>,
    current: LoadedAggregate<TState>,
    decided: readonly DomainEvent[],
    now: string,
  ): Promise<DomainEvent[]> {
    if (this.companions.length === 0) return [];
    const input = {
      kind: aggregate.kind,
      id: current.id,
      history: current.history.map((event) => this.domain.toDomainEvent(event)),
      decided,
      state: aggregate.decider.fold(decided, current.state),
      now,
    };
    const added: DomainEvent[] = [];
    for (const companion of this.companions) added.push(...(await companion.decide(input)));
    return added;
  }

  /** The outcome of an earlier request under this key, or undefined when the key is new to this stream. */
  private earlierOutcome<TState>(
    aggregate: AggregateType<TState, unknown, TContext>,
    current: LoadedAggregate<TState>,
    actor: TActor,
    claim: IdempotencyClaim,
  ): CommandOutcome<TState> | undefined {
    const recorded = current.history.filter((event) => {
      const metadata = metadataOf(event);
      return metadata.idempotencyKey === claim.key && metadata.actorId === actor.id;
    });
    if (recorded.length === 0) return undefined;
    if (recorded.some((event) => metadataOf(event).requestHash !== claim.requestHash)) throw new IdempotencyKeyReusedError(claim.key);
    const asItWas = current.history.slice(0, current.history.indexOf(recorded.at(-1)!) + 1);
    return { ...this.loader.folded(aggregate, current.id, asItWas), recorded, replayed: true };
  }
}
