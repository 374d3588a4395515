import { waitFor } from '../../testing/test-events';
import { EventStoreDbCheckpointStore } from './eventstoredb-checkpoint-store';
import { FakeEventStoreDbClient } from './testing/fake-eventstoredb-client';

// Against the FAKE server (fake-eventstoredb-client.ts), not a real EventStoreDB.
describe('EventStoreDB checkpoint store (fake server)', () => {
  const checkpointAppends = (fake: FakeEventStoreDbClient) => fake.callsOf('appendToStream').filter((call) => call.stream === 'duban_checkpoint-projector');

  it('defect 14: writes the $maxCount metadata once, not on every start', async () => {
    const fake = new FakeEventStoreDbClient();
    for (let start = 1; start <= 3; start++) {
      const checkpoints = new EventStoreDbCheckpointStore(fake.client, { minIntervalMs: 0 });
      await checkpoints.store('projector', BigInt(start));
      expect(await new EventStoreDbCheckpointStore(fake.client).load('projector')).toBe(BigInt(start));
    }
    expect(fake.callsOf('setStreamMetadata')).toHaveLength(1);
    expect((await fake.getStreamMetadata('duban_checkpoint-projector')).metadata).toEqual({ maxCount: 1 });
  });

  it('defect 14: a checkpoint per handled event becomes at most one event per interval, the newest one, and flush() writes what is held', async () => {
    const fake = new FakeEventStoreDbClient();
    const checkpoints = new EventStoreDbCheckpointStore(fake.client, { minIntervalMs: 100 });
    for (let position = 1n; position <= 50n; position++) await checkpoints.store('projector', position);
    expect(await checkpoints.load('projector')).toBe(50n); // this process sees its newest position at once
    expect(checkpointAppends(fake)).toHaveLength(1);

    await waitFor(async () => (await new EventStoreDbCheckpointStore(fake.client).load('projector')) === 50n, 'the trailing checkpoint write');
    expect(checkpointAppends(fake)).toHaveLength(2);

    await checkpoints.store('projector', 51n);
    await checkpoints.store('projector', 52n);
    await checkpoints.flush();
    expect(await new EventStoreDbCheckpointStore(fake.client).load('projector')).toBe(52n);
    expect(checkpointAppends(fake).length).toBeLessThanOrEqual(4);
  });
});
