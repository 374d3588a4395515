import { BACKWARDS, END, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { StreamNotFoundError } from '../../port/event-store.errors';
import type { CheckpointStore, GlobalPosition } from '../../port/event-store.port';
import { CHECKPOINT_STREAM_PREFIX, LEADER, collect, retryOnceOnNotLeader, toStoreError } from './eventstoredb-mapping';

export interface EventStoreDbCheckpointOptions {
  /**
   * At most one checkpoint event per subscriber in this interval (default 1 s); positions stored
   * in between are kept in memory and the newest is written when it ends, or by flush(). A crash
   * loses at most that much progress, and the subscriber handles those events again (at least once).
   */
  readonly minIntervalMs?: number;
  readonly readDeadlineMs?: number;
}

/**
 * One stream per subscriber, `duban_checkpoint-<name>`, whose last event holds the position as
 * decimal text; `$maxCount: 1` lets the server scavenge older ones. A subscriber stores a position
 * after every event, and each write is an event in $all: writes are spaced out (see minIntervalMs),
 * and the stream's metadata is written once, when it lacks the limit, not on every start.
 */
export class EventStoreDbCheckpointStore implements CheckpointStore {
  private readonly streamsWithMaxCount = new Set<string>();
  private readonly lastWritten = new Map<string, { position: GlobalPosition; at: number }>();
  private readonly pending = new Map<string, { position: GlobalPosition; timer: NodeJS.Timeout }>();
  private readonly minIntervalMs: number;
  private readonly readDeadlineMs: number;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbCheckpointOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 1_000;
    this.readDeadlineMs = options.readDeadlineMs ?? 10_000;
  }

  async load(name: string): Promise<GlobalPosition | undefined> {
    const pending = this.pending.get(name);
    if (pending) return pending.position;
    const stream = CHECKPOINT_STREAM_PREFIX + name;
    try {
      const read = () => this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1, ...LEADER });
      const [position] = await retryOnceOnNotLeader(() =>
        collect(read(), (resolved) => (resolved.event?.data as { position?: string } | undefined)?.position, { deadlineMs: this.readDeadlineMs }),
      );
      return position === undefined ? undefined : BigInt(position);
    } catch (error) {
      const mapped = toStoreError(error, stream);
      if (mapped instanceof StreamNotFoundError) return undefined;
      throw mapped;
    }
  }

  async store(name: string, position: GlobalPosition): Promise<void> {
    const last = this.lastWritten.get(name);
    if (last?.position === position && !this.pending.has(name)) return;
    const dueAt = (last?.at ?? -Infinity) + this.minIntervalMs;
    if (Date.now() >= dueAt) return this.write(name, position);
    const pending = this.pending.get(name);
    if (pending) return void (pending.position = position);
    // The write when the interval ends reports failures nowhere but the next store() or flush(), which write again.
    const timer = setTimeout(() => void this.writePending(name).catch(() => undefined), dueAt - Date.now());
    timer.unref();
    this.pending.set(name, { position, timer });
  }

  /** Writes the positions still held in memory (on close, before the client disconnects). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((name) => this.writePending(name)));
  }

  private async writePending(name: string): Promise<void> {
    const pending = this.pending.get(name);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(name);
    await this.write(name, pending.position);
  }

  private async write(name: string, position: GlobalPosition): Promise<void> {
    const stream = CHECKPOINT_STREAM_PREFIX + name;
    try {
      await this.limitToOneEvent(stream);
      const checkpoint = jsonEvent({ type: 'CheckpointStored', data: { position: position.toString() } });
      await retryOnceOnNotLeader(() => this.client.appendToStream(stream, checkpoint, LEADER));
      this.lastWritten.set(name, { position, at: Date.now() });
    } catch (error) {
      throw toStoreError(error, stream);
    }
  }

  private async limitToOneEvent(stream: string): Promise<void> {
    if (this.streamsWithMaxCount.has(stream)) return;
    const { metadata } = await retryOnceOnNotLeader(() => this.client.getStreamMetadata(stream, LEADER));
    if (metadata?.maxCount !== 1) await retryOnceOnNotLeader(() => this.client.setStreamMetadata(stream, { ...metadata, maxCount: 1 }, LEADER));
    this.streamsWithMaxCount.add(stream);
  }
}
