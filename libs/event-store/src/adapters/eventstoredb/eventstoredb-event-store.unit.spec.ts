import { AccessDeniedError, jsonEvent, DeadlineExceededError, NotLeaderError, StreamDeletedError } from '@eventstore/db-client';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedVersionError } from '../../port/event-store.errors';
import { readStreamOrEmpty } from '../../core/read-pages';
import { newEvent } from '../../testing/test-events';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDbClient } from './testing/fake-eventstoredb-client';

// The adapter against a FAKE of the server behind the client's API (fake-eventstoredb-client.ts):
// each test pins down one defect found by reading the adapter against client 6.2.1. None of this
// shows the adapter works against a real EventStoreDB; eventstoredb-event-store.int.spec.ts does
// that when EVENTSTORE_CONNECTION_STRING is set.
function open(options: ConstructorParameters<typeof EventStoreDbEventStore>[1] = {}) {
  const fake = new FakeEventStoreDbClient();
  return { fake, store: new EventStoreDbEventStore(fake.client, options) };
}

/** A client error as grpc-js hands it over, with the metadata the client reads. */
const grpcError = (metadata: Record<string, string>) => ({ message: 'refused', code: 9, metadata: { getMap: () => metadata } });

describe('EventStoreDB adapter (fake server)', () => {
  it('defect 1: refuses an event id already recorded in another stream, also when appending at an exact revision', async () => {
    const { store } = open();
    const event = newEvent('ComplaintNoted');
    await store.appendToStream('complaint-1', [event], { expectedRevision: 'no_stream' });
    await store.appendToStream('complaint-2', [newEvent('ComplaintOpened')], { expectedRevision: 'no_stream' });

    await expect(store.appendToStream('complaint-2', [event], { expectedRevision: 0n })).rejects.toEqual(new DuplicateEventIdError(event.id, 'complaint-1'));
    await expect(store.appendToStream('complaint-3', [event], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream('complaint-2')).toHaveLength(1);
    // The same append again on its own stream is still the idempotent no-op.
    expect((await store.appendToStream('complaint-1', [event], { expectedRevision: 'no_stream' })).nextExpectedRevision).toBe(0n);
    expect(await store.readAll()).toHaveLength(2);
  });

  it('defect 1: refuses an id recorded earlier in the same stream when appended again at a later exact revision', async () => {
    const { store } = open();
    const event = newEvent('CaseNumberAllocated');
    await store.appendToStream('case-numbers', [event], { expectedRevision: 'no_stream' });
    await store.appendToStream('case-numbers', [newEvent('CaseNumberAllocated')], { expectedRevision: 0n });
    await expect(store.appendToStream('case-numbers', [event], { expectedRevision: 1n })).rejects.toEqual(new DuplicateEventIdError(event.id, 'case-numbers'));
    expect(await store.readStream('case-numbers')).toHaveLength(2);
  });

  it('defect 4: an append answered with success: false (throwOnAppendFailure=false) is a conflict, not a success', async () => {
    const { fake, store } = open();
    await store.appendToStream('complaint-1', [newEvent('ComplaintOpened')], { expectedRevision: 'no_stream' });
    fake.throwOnAppendFailure = false;
    // Another writer gets in between the adapter's read of the head and its pinned write.
    const append = fake.appendToStream.bind(fake);
    fake.appendToStream = async (...args) => {
      if (args[0] === 'complaint-1') {
        fake.appendToStream = append;
        await append('complaint-1', jsonEvent({ type: 'ComplaintNoted', data: {} }));
      }
      return append(...args);
    };
    await expect(store.appendToStream('complaint-1', [newEvent('ComplaintClosed')], { expectedRevision: 0n })).rejects.toMatchObject({
      constructor: WrongExpectedVersionError,
      expected: 0n,
      actual: 1n,
    });
    expect((await store.readStream('complaint-1')).map((event) => event.type)).toEqual(['ComplaintOpened', 'ComplaintNoted']);
  });

  it('defect 5: discovery failure, AccessDenied, StreamDeleted, deadline and a failed read-back become EventStoreUnavailableError', async () => {
    const { fake, store } = open();
    const failures = [
      new Error('Failed to discover after 10 attempts.'),
      new AccessDeniedError(undefined, 'Access denied'),
      StreamDeletedError.fromStreamName('complaint-1'),
      new DeadlineExceededError(undefined, 'Deadline exceeded'),
    ];
    for (const failure of failures) {
      fake.failNext('readStream', failure);
      await expect(store.readStream('complaint-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    }
    // Committed, then the read-back fails: the outcome is unknown to the caller, who retries with the same ids.
    const event = newEvent('ComplaintOpened');
    const append = fake.appendToStream.bind(fake);
    fake.appendToStream = async (...args) => {
      const result = await append(...args);
      if (args[0] === 'complaint-1') fake.failNext('readStream', new DeadlineExceededError(undefined, 'Deadline exceeded'));
      return result;
    };
    await expect(store.appendToStream('complaint-1', [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect((await store.appendToStream('complaint-1', [event], { expectedRevision: 'no_stream' })).recorded.map((recorded) => recorded.id)).toEqual([event.id]);
    expect(await store.readStream('complaint-1')).toHaveLength(1);
  });

  it('defect 5: NotLeader is retried once (the client reconnects to the leader), then reported as unavailable', async () => {
    const { fake, store } = open();
    const notLeader = () => new NotLeaderError(grpcError({ 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' }) as never);
    fake.failNext('appendToStream', notLeader());
    await store.appendToStream('complaint-1', [newEvent('ComplaintOpened')], { expectedRevision: 'no_stream' });
    expect(await store.readStream('complaint-1')).toHaveLength(1);

    fake.failNext('readStream', notLeader());
    fake.failNext('readStream', notLeader());
    await expect(store.readStream('complaint-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('defect 7: a foreign non-JSON event on a shared server is skipped, not a failure of every read and of subscriptions', async () => {
    const { fake, store } = open();
    await store.appendToStream('complaint-1', [newEvent('ComplaintOpened')]);
    fake.writeForeign('billing-7', 'InvoiceSent', new Uint8Array([0xff, 0x00]));
    await store.appendToStream('complaint-2', [newEvent('ComplaintOpened')]);

    expect((await store.readAll()).map((event) => event.stream)).toEqual(['complaint-1', 'complaint-2']);
    expect((await store.readAll({ filter: { eventTypes: ['ComplaintOpened'] } })).map((event) => event.stream)).toEqual(['complaint-1', 'complaint-2']);
    expect(await store.headPosition()).toBe((await store.readStream('complaint-2'))[0].position);
  });

  it('defect 8: an append with any or stream_exists reads the head, not the whole stream', async () => {
    const { fake, store } = open();
    for (let index = 0; index < 20; index++) await store.appendToStream('audit-log-2026-12-07', [newEvent('AuditRecorded')]);
    fake.calls.length = 0;
    await store.appendToStream('audit-log-2026-12-07', [newEvent('AuditRecorded')], { expectedRevision: 'stream_exists' });
    const forwardReadsFromStart = fake.callsOf('readStream').filter((call) => call.options.direction !== 'backwards' && call.options.fromRevision === 'start');
    expect(forwardReadsFromStart).toEqual([]);
  });

  it('defect 8: a refusal decided on what was read (stream_exists on a missing stream) is not retried', async () => {
    const { fake, store } = open();
    await expect(store.appendToStream('complaint-9', [newEvent('ComplaintNoted')], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(fake.callsOf('readStream').filter((call) => call.stream === 'complaint-9').length).toBeLessThanOrEqual(2);
  });

  it('defect 8: lost races are retried a bounded number of times, with a pause between them', async () => {
    const { fake, store } = open();
    await store.appendToStream('complaint-1', [newEvent('ComplaintOpened')]);
    // Every pinned write loses: the server refuses it (answered as success: false) whatever the revision.
    const append = fake.appendToStream.bind(fake);
    let pinnedWrites = 0;
    fake.appendToStream = async (...args) => (args[0] === 'complaint-1' ? (pinnedWrites++, { success: false, nextExpectedRevision: -1n, position: undefined }) : append(...args));
    const started = Date.now();
    await expect(store.appendToStream('complaint-1', [newEvent('ComplaintNoted')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(pinnedWrites).toBe(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(10);
  });

  it('defect 9: a filtered readAll lets the server filter (a filtered subscription up to the head) instead of scanning $all', async () => {
    const { fake, store } = open();
    for (let index = 0; index < 5; index++) await store.appendToStream(`noise-${index}`, [newEvent('Noise')]);
    await store.appendToStream('sla-rules', [newEvent('SlaRulesChanged')]);
    await store.appendToStream('noise-9', [newEvent('Noise')]);
    fake.calls.length = 0;

    expect((await store.readAll({ filter: { streamPrefixes: ['sla-'] } })).map((event) => event.type)).toEqual(['SlaRulesChanged']);
    expect(fake.callsOf('readAll').filter((call) => call.options.direction !== 'backwards')).toEqual([]);
    expect(fake.callsOf('subscribeToAll')[0].options.filter).toMatchObject({ filterOn: 'streamName', prefixes: ['sla-'] });
    expect(await store.readAll({ filter: { streamPrefixes: ['nothing-'] } })).toEqual([]);
  });

  it('defect 9: events the client still holds when it reports caughtUp are not lost', async () => {
    const { fake, store } = open();
    for (let index = 0; index < 3; index++) await store.appendToStream(`sla-rules-${index}`, [newEvent('SlaRulesChanged')]);
    fake.announceCaughtUpEarly = true;
    expect(await store.readAll({ filter: { streamPrefixes: ['sla-'] } })).toHaveLength(3);
  });

  it('defect 10: every read, the read-back, headPosition and ping require the leader', async () => {
    const { fake, store } = open();
    await store.appendToStream('complaint-1', [newEvent('ComplaintOpened')]);
    await store.readStream('complaint-1');
    await store.readAll();
    await store.readAll({ filter: { streamPrefixes: ['complaint-'] } });
    await store.headPosition();
    await store.ping();
    const reads = fake.calls.filter((call) => call.method !== 'appendToStream' || call.stream === 'complaint-1');
    expect(reads.filter((call) => call.options.requiresLeader !== true)).toEqual([]);
  });

  it('defect 13: a read the server never answers fails within the read deadline instead of blocking', async () => {
    const { fake, store } = open({ readDeadlineMs: 50 });
    await store.appendToStream('complaint-1', [newEvent('ComplaintOpened')]);
    fake.wedged.add('readStream');
    fake.wedged.add('readAll');
    await expect(store.readStream('complaint-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(readStreamOrEmpty(store, 'complaint-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
