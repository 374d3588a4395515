/**
 * In-memory EventStore for unit tests of code above the port. Same semantics as the durable
 * adapters (it passes the same contract suite): expected revisions, idempotent re-append,
 * store-wide unique ids, bigint revisions and positions, catch-up subscriptions. Nothing survives
 * the process; data is copied through JSON on the way in and out, like a real store, so callers
 * cannot mutate recorded events.
 */
import { chainBatch } from '@duban/integrity';
import { planAppend, type RecordedLocation } from '../../core/append-plan';
import { validateAppend } from '../../core/append-request';
import { matchesFilter } from '../../core/event-filter';
import { StreamNotFoundError } from '../../port/event-store.errors';
import type { EventStore } from '../../port/event-store';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  GlobalPosition,
  LeanEvent,
  LeanReadAllOptions,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../../port/event-store.port';
import { ActiveSubscriptions } from '../../subscription/active-subscriptions';
import { AppendSignal } from '../../subscription/append-signal';
import { pollingFeed, type PollingOptions } from '../../subscription/polling-feed';

export class InMemoryEventStore implements EventStore {
  /** Index i holds the event at global position i + 1. */
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly appended = new AppendSignal();
  private readonly subscriptions = new ActiveSubscriptions();

  constructor(private readonly polling: PollingOptions = {}) {}

  async appendToStream(stream: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const validated = validateAppend(stream, events, expected);
    const recorded = this.streams.get(stream) ?? [];
    const recordedById = new Map<string, RecordedLocation>();
    for (const { id } of validated) {
      const existing = this.byId.get(id);
      if (existing) recordedById.set(id, existing);
    }
    const currentRevision = recorded.length === 0 ? 'no_stream' : BigInt(recorded.length - 1);
    const plan = planAppend(stream, validated, expected, currentRevision, recordedById);
    if (plan.kind === 'already-appended') {
      return { ...plan.result, recorded: validated.map((event) => copyEvent(this.byId.get(event.id)!)) };
    }

    const createdAt = new Date();
    const chain = chainBatch(stream, plan.firstRevision, recorded.at(-1)?.integrity?.hash ?? null, validated);
    const appended = validated.map((event, index) => {
      const record: RecordedEvent = {
        ...copyJson(event),
        stream,
        revision: plan.firstRevision + BigInt(index),
        position: BigInt(this.log.length + 1),
        createdAt,
        integrity: chain[index],
      };
      this.log.push(record);
      recorded.push(record);
      this.byId.set(record.id, record);
      return copyEvent(record);
    });
    this.streams.set(stream, recorded);
    this.appended.notify();
    const last = recorded[recorded.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position, recorded: appended };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const recorded = this.streams.get(stream);
    if (!recorded) throw new StreamNotFoundError(stream);
    const { direction = 'forwards', from = direction === 'forwards' ? 'start' : 'end', maxCount = Infinity } = options;
    // Revisions here are array indexes: this store always starts streams at revision 0.
    const last = BigInt(recorded.length - 1);
    const start = from === 'start' ? 0n : from === 'end' ? last : from;
    const selected = direction === 'forwards' ? recorded.slice(Number(start > last ? last + 1n : start)) : recorded.slice(0, Number(start < last ? start : last) + 1).reverse();
    return selected.slice(0, maxCount).map(copyEvent);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  readAll(options: LeanReadAllOptions): Promise<LeanEvent[]>;
  async readAll(options: ReadAllOptions | LeanReadAllOptions = {}): Promise<LeanEvent[]> {
    const { fromPosition = 'start', maxCount = Infinity, filter } = options;
    const startIndex = fromPosition === 'start' || fromPosition < 1n ? 0 : Number(fromPosition - 1n);
    // Only the lean fields, so that tests of a projection fail when it reads more than it asked for.
    const copy = options.lean ? copyLeanEvent : copyEvent;
    const selected: LeanEvent[] = [];
    for (let index = startIndex; index < this.log.length && selected.length < maxCount; index++) {
      if (matchesFilter(this.log[index], filter)) selected.push(copy(this.log[index]));
    }
    return selected;
  }

  async headPosition(): Promise<GlobalPosition> {
    return BigInt(this.log.length);
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    return this.subscriptions.start(pollingFeed(this, this.appended, options.filter, this.polling), options, handler);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    await this.subscriptions.stopAll();
  }
}

function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function copyEvent(event: RecordedEvent): RecordedEvent {
  return {
    ...event,
    data: copyJson(event.data),
    metadata: copyJson(event.metadata),
    createdAt: new Date(event.createdAt),
    ...(event.integrity && { integrity: { ...event.integrity } }),
  };
}

function copyLeanEvent({ stream, revision, position, type, data, metadata }: RecordedEvent): LeanEvent {
  return { stream, revision, position, type, data: copyJson(data), metadata: copyJson(metadata) };
}
