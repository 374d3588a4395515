import { BACKWARDS, END, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { StreamNotFoundError } from '../../port/event-store.errors';
import type { CheckpointStore, GlobalPosition } from '../../port/event-store.port';
import { CHECKPOINT_STREAM_PREFIX, collect, toStoreError } from './eventstoredb-mapping';

/**
 * One stream per subscriber, `duban_checkpoint-<name>`, whose last event holds the position as
 * decimal text; `$maxCount: 1` lets the server scavenge older ones.
 */
export class EventStoreDbCheckpointStore implements CheckpointStore {
  private readonly streamsWithMaxCount = new Set<string>();

  constructor(private readonly client: EventStoreDBClient) {}

  async load(name: string): Promise<GlobalPosition | undefined> {
    const stream = CHECKPOINT_STREAM_PREFIX + name;
    try {
      const read = this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      const [position] = await collect(read, (resolved) => (resolved.event?.data as { position?: string })?.position);
      return position === undefined ? undefined : BigInt(position);
    } catch (error) {
      const mapped = toStoreError(error, stream);
      if (mapped instanceof StreamNotFoundError) return undefined;
      throw mapped;
    }
  }

  async store(name: string, position: GlobalPosition): Promise<void> {
    const stream = CHECKPOINT_STREAM_PREFIX + name;
    try {
      if (!this.streamsWithMaxCount.has(stream)) {
        await this.client.setStreamMetadata(stream, { maxCount: 1 });
        this.streamsWithMaxCount.add(stream);
      }
      await this.client.appendToStream(stream, jsonEvent({ type: 'CheckpointStored', data: { position: position.toString() } }));
    } catch (error) {
      throw toStoreError(error, stream);
    }
  }
}
