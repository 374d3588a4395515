import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../../port/event-store.errors';
import { newEvent } from '../../testing/test-events';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EVENT_ID_STREAM_PREFIX } from './eventstoredb-mapping';
import { FakeStreamsGrpcServer } from './testing/fake-streams-grpc-server';

// The real client (@eventstore/db-client 6.2.1) over real gRPC against a FAKE of the Streams
// service (testing/fake-streams-grpc-server.ts): for what only the wire shows. Not a real
// EventStoreDB; eventstoredb-event-store.int.spec.ts runs the contract suite against one when
// EVENTSTORE_CONNECTION_STRING is set.
describe('EventStoreDB adapter on the wire (fake Streams service)', () => {
  let server: FakeStreamsGrpcServer;
  let store: EventStoreDbEventStore | undefined;

  beforeEach(() => {
    server = new FakeStreamsGrpcServer((stream) => stream.startsWith(EVENT_ID_STREAM_PREFIX));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await server.stop();
  });

  it('defect 13: a read the server takes and never answers fails after the read deadline, though the client gives reads none', async () => {
    store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(await server.start()), { readDeadlineMs: 300 });
    server.wedgeReads = true;
    const started = Date.now();
    await expect(store.readStream('complaint-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(server.calls.filter((call) => call.method === 'read')).toHaveLength(2);
  });

  it('defect 10: every read and append carries the requires-leader header', async () => {
    store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(await server.start()), { readDeadlineMs: 2_000 });
    await expect(store.readStream('complaint-1')).rejects.toThrow(/not found/);
    await expect(store.appendToStream('complaint-1', [newEvent('ComplaintOpened')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(server.calls.length).toBeGreaterThanOrEqual(3);
    expect(server.calls.filter((call) => call.metadata['requires-leader'] !== 'true')).toEqual([]);
  });

  it("defect 4: with throwOnAppendFailure=false the client reports a refusal as success: false with a revision that is not the server's, and the adapter throws", async () => {
    const connectionString = await server.start('&throwOnAppendFailure=false');
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      const refused = await client.appendToStream('complaint-1', [], { expectedRevision: 'no_stream' });
      // The server said current revision 5; 6.2.1's batch append passes on hasCurrentStreamRevision(), a boolean.
      expect(refused).toEqual({ success: false, nextExpectedRevision: 1n, position: undefined });
    } finally {
      await client.dispose();
    }
    store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), { readDeadlineMs: 2_000 });
    await expect(store.appendToStream('complaint-1', [newEvent('ComplaintOpened')], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      constructor: WrongExpectedVersionError,
      expected: 'no_stream',
      actual: 'no_stream',
    });
  });
});
