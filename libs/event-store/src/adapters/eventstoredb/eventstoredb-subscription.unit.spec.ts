import type { AllStreamResolvedEvent, EventStoreDBClient, SubscribeToAllOptions } from '@eventstore/db-client';
import { waitFor } from '../../testing/test-events';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { toGlobalPosition } from './eventstoredb-position';

// The native subscription path against a scripted stand-in for the client (no server needed).
const resolved = (streamId: string, type: string, commit: bigint): AllStreamResolvedEvent => ({
  event: {
    streamId,
    type,
    id: `00000000-0000-4000-8000-${commit.toString().padStart(12, '0')}`,
    isJson: true,
    revision: 0n,
    created: new Date(0),
    data: {},
    metadata: undefined,
    position: { commit, prepare: commit },
  },
});

/** Connection n yields script[n]; the first then drops, later ones stay open and never end on their own. */
function scriptedClient(script: AllStreamResolvedEvent[][]) {
  const subscribeCalls: SubscribeToAllOptions[] = [];
  let unsubscribes = 0;
  const client = {
    subscribeToAll(options: SubscribeToAllOptions) {
      subscribeCalls.push(options);
      const connection = subscribeCalls.length;
      const events = (async function* () {
        yield* script[connection - 1] ?? [];
        if (connection === 1) throw new Error('connection reset');
        await new Promise(() => {});
      })();
      return Object.assign(events, { unsubscribe: async () => void unsubscribes++ });
    },
    dispose: async () => {},
  };
  return { client: client as unknown as EventStoreDBClient, subscribeCalls, unsubscribes: () => unsubscribes };
}

describe('EventStoreDB subscription (scripted client)', () => {
  it('skips system and checkpoint events, resumes after a drop from the last handled position, and stops', async () => {
    const { client, subscribeCalls, unsubscribes } = scriptedClient([
      [resolved('complaint-1', 'ComplaintOpened', 10n), resolved('$stats-127.0.0.1:2113', '$statsCollected', 11n), resolved('duban_checkpoint-projector', 'CheckpointStored', 12n)],
      [resolved('complaint-1', 'ComplaintOpened', 10n), resolved('complaint-2', 'ComplaintOpened', 13n)],
    ]);
    const store = new EventStoreDbEventStore(client);
    const handled: bigint[] = [];
    const drops: unknown[] = [];
    const subscription = store.subscribeToAll(
      { filter: { streamPrefixes: ['complaint-'] }, retry: { initialDelayMs: 5 }, onDropped: (error) => drops.push(error) },
      async (event) => void handled.push(event.position),
    );

    await waitFor(() => handled.length === 2, 'two domain events');
    await subscription.stop();

    expect(handled).toEqual([toGlobalPosition({ commit: 10n, prepare: 10n }), toGlobalPosition({ commit: 13n, prepare: 13n })]);
    expect(subscribeCalls.map((call) => call.fromPosition)).toEqual(['start', { commit: 10n, prepare: 10n }]);
    expect(subscribeCalls[0].filter).toMatchObject({ filterOn: 'streamName', prefixes: ['complaint-'] });
    expect(drops).toEqual([expect.objectContaining({ message: 'connection reset' })]);
    expect(unsubscribes()).toBe(2);
  });
});
