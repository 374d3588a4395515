import { EventStoreDbEventStore } from '../../event-store/src/adapters/eventstoredb/eventstoredb-event-store';
import { FakeEventStoreDbClient } from '../../event-store/src/adapters/eventstoredb/testing/fake-eventstoredb-client';
import { newEvent, waitFor } from '../../event-store/src/testing/test-events';
import type { CaseProjection } from './case-projection';
import { ProjectionRunner } from './projection-runner';

// Issue 20 defect 12: EventStoreDB packs (commit, prepare) into one position, so neighbouring
// events stand about 10^21 apart there; the lag must count events, whatever the store's positions.
// The store is the EventStoreDB adapter over a FAKE server, not a real EventStoreDB.
describe('ProjectionRunner lag', () => {
  it('counts the events the read models have not applied, not the distance between positions', async () => {
    const store = new EventStoreDbEventStore(new FakeEventStoreDbClient().client);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const projection = { position: () => undefined, applyPage: () => held };
    for (let index = 0; index < 3; index++) await store.appendToStream(`complaint-${index}`, [newEvent('ComplaintOpened')]);
    const runner = new ProjectionRunner(store, projection as unknown as CaseProjection);
    runner.start();
    try {
      expect((await runner.lag()).lag).toBe(3n);
      release();
      await waitFor(async () => (await runner.lag()).lag === 0n, 'the read models to catch up', 2_000);
    } finally {
      release();
      await runner.stop();
      await store.close();
    }
  });
});
