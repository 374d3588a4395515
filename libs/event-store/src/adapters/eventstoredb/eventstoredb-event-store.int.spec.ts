import { createEventStore } from '../../create-event-store';
import { describeEventStoreContract } from '../../testing/event-store.contract';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract('EventStoreDB', async () => createEventStore({ kind: 'eventstoredb', eventStoreDb: { connectionString } }));
} else {
  const notice =
    'EventStoreDB adapter was not exercised: EVENTSTORE_CONNECTION_STRING is not set. ' +
    'Run e.g. EVENTSTORE_CONNECTION_STRING="esdb://localhost:2113?tls=false" npx jest libs/event-store ' +
    'against a running EventStoreDB (22.6+) to put it through the contract suite.';
  // Not console.warn: jest hides console output of a file whose tests are all skipped.
  process.stderr.write(`\n⚠ ${notice}\n\n`);
  describe('EventStoreDB adapter', () => {
    it.skip('EventStoreDB adapter was not exercised: set EVENTSTORE_CONNECTION_STRING to run the contract suite against a real server', () => {});
  });
}
