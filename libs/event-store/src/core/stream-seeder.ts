import type { EventStore } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/event-store.errors';
import { NO_STREAM, type NewEvent } from '../port/event-store.port';

/** The first event of a stream, written only if the stream does not exist yet. */
export type StreamSeed = { readonly stream: string; readonly event: NewEvent };

/**
 * Shipped defaults as version 1 of their streams (SLA policies, calendars, checklist templates):
 * the returned function appends each seed with `no_stream` once per process, on first use, and
 * again after a failure. Give the seed events deterministic ids, so concurrent seeders write once;
 * a stream that exists (seeded elsewhere, or already edited) is not the seeder's to touch.
 */
export function streamSeeder(store: EventStore, seeds: () => readonly StreamSeed[]): () => Promise<void> {
  let seeded: Promise<void> | undefined;
  const appendSeeds = async (): Promise<void> => {
    for (const { stream, event } of seeds()) {
      try {
        await store.appendToStream(stream, [event], { expectedRevision: NO_STREAM });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
  };
  return () => {
    seeded ??= appendSeeds().catch((error: unknown) => {
      seeded = undefined;
      throw error;
    });
    return seeded;
  };
}
