import { describeEventStoreContract } from '../../testing/event-store.contract';
import { EventStoreDbCheckpointStore } from './eventstoredb-checkpoint-store';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDbClient } from './testing/fake-eventstoredb-client';

// The contract suite over the FAKE server (testing/fake-eventstoredb-client.ts): it checks the
// adapter's own logic (reservations, chaining, retries, filtered reads, checkpoints) against the
// port, not the server. The suite against a real EventStoreDB is eventstoredb-event-store.int.spec.ts.
describeEventStoreContract('EventStoreDB adapter over a fake server', async () => {
  const fake = new FakeEventStoreDbClient();
  const checkpoints = new EventStoreDbCheckpointStore(fake.client, { minIntervalMs: 0 });
  return { store: new EventStoreDbEventStore(fake.client, { beforeClose: () => checkpoints.flush() }), checkpoints };
});
