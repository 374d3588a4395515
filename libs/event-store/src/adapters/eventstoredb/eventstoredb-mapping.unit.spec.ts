import {
  StreamNotFoundError as ClientStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  type AllStreamRecordedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../../port/event-store.errors';
import { isInternalEvent, toRecordedEvent, toStoreError, withChainFields } from './eventstoredb-mapping';
import { toEventStoreDbPosition, toGlobalPosition } from './eventstoredb-position';

// These cover the adapter's pure translation code; the adapter against a real server is covered
// by eventstoredb-event-store.int.spec.ts when EVENTSTORE_CONNECTION_STRING is set.
describe('EventStoreDB position packing', () => {
  it('round-trips (commit, prepare) through one bigint beyond 2^64', () => {
    const position = { commit: 123_456_789_012n, prepare: 123_456_789_987n };
    const packed = toGlobalPosition(position)!;
    expect(typeof packed).toBe('bigint');
    expect(packed).toBeGreaterThan(2n ** 64n);
    expect(toEventStoreDbPosition(packed)).toEqual(position);
  });

  it('orders like $all: by commit, then prepare; events of one append sharing a commit stay distinct', () => {
    const inLogOrder = [
      { commit: 100n, prepare: 100n },
      { commit: 100n, prepare: 250n },
      { commit: 400n, prepare: 400n },
    ].map((position) => toGlobalPosition(position)!);
    expect([...inLogOrder].sort((a, b) => (a < b ? -1 : 1))).toEqual(inLogOrder);
    expect(new Set(inLogOrder).size).toBe(3);
    expect(toEventStoreDbPosition(inLogOrder[0] + 1n)).toEqual({ commit: 100n, prepare: 101n });
  });

  it('treats the server markers for "no position" as absent', () => {
    expect(toGlobalPosition(undefined)).toBeUndefined();
    expect(toGlobalPosition({ commit: -1n, prepare: -1n })).toBeUndefined();
    expect(toGlobalPosition({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toBeUndefined();
  });
});

describe('EventStoreDB event mapping', () => {
  const recorded = (overrides: Partial<AllStreamRecordedEvent> = {}) =>
    ({
      streamId: 'complaint-1',
      id: '9c3b6a58-1f2e-4d1a-9a8b-0c1d2e3f4a5b',
      isJson: true,
      revision: 7n,
      type: 'ComplaintOpened',
      created: new Date('2025-01-02T03:04:05Z'),
      data: { amount: 10 },
      metadata: { correlationId: 'c-1' },
      position: { commit: 5n, prepare: 6n },
      ...overrides,
    }) as AllStreamRecordedEvent;

  it('maps a JSON event to a RecordedEvent with bigint revision and packed position', () => {
    expect(toRecordedEvent(recorded())).toEqual({
      id: '9c3b6a58-1f2e-4d1a-9a8b-0c1d2e3f4a5b',
      stream: 'complaint-1',
      revision: 7n,
      position: (5n << 64n) | 6n,
      type: 'ComplaintOpened',
      data: { amount: 10 },
      metadata: { correlationId: 'c-1' },
      createdAt: new Date('2025-01-02T03:04:05Z'),
    });
    expect(toRecordedEvent(recorded({ metadata: undefined })).metadata).toEqual({});
  });

  it('carries the chain fields in reserved metadata keys and hands them back apart from the metadata', () => {
    const integrity = { hash: 'a'.repeat(64), previousHash: 'b'.repeat(64) };
    const stored = withChainFields({ correlationId: 'c-1' }, integrity);
    expect(stored).toEqual({ correlationId: 'c-1', $hash: integrity.hash, $previousHash: integrity.previousHash });

    expect(toRecordedEvent(recorded({ metadata: stored }))).toMatchObject({ metadata: { correlationId: 'c-1' }, integrity });
    const first = toRecordedEvent(recorded({ metadata: withChainFields({}, { hash: integrity.hash, previousHash: null }) }));
    expect(first).toMatchObject({ metadata: {}, integrity: { hash: integrity.hash, previousHash: null } });
    expect(toRecordedEvent(recorded())).not.toHaveProperty('integrity'); // written before tamper evidence
  });

  it('refuses events it cannot represent instead of inventing data', () => {
    expect(() => toRecordedEvent(recorded({ isJson: false, data: new Uint8Array([1]) } as never))).toThrow(/not a JSON object/);
    expect(() => toRecordedEvent(recorded({ position: undefined }))).toThrow(/no position/);
  });

  it('hides system events, link events and checkpoint streams', () => {
    expect(isInternalEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(true);
    expect(isInternalEvent({ streamId: '$ce-complaint', type: '$>' })).toBe(true);
    expect(isInternalEvent({ streamId: 'complaint-1', type: '$metadata' })).toBe(true);
    expect(isInternalEvent({ streamId: 'duban_checkpoint-projector', type: 'CheckpointStored' })).toBe(true);
    expect(isInternalEvent({ streamId: 'complaint-1', type: 'ComplaintOpened' })).toBe(false);
  });
});

describe('EventStoreDB error mapping', () => {
  it('maps a wrong expected version with our expectation and the actual revision', () => {
    const clientError = new ClientWrongExpectedVersionError(undefined, { streamName: 'complaint-1', expected: 3n, current: 5n });
    const mapped = toStoreError(clientError, 'complaint-1', 3n);
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ stream: 'complaint-1', expected: 3n, actual: 5n });

    const missing = new ClientWrongExpectedVersionError(undefined, { streamName: 'complaint-2', expected: 'stream_exists', current: -1n });
    expect(toStoreError(missing, 'complaint-2', 'stream_exists')).toMatchObject({ actual: 'no_stream' });
  });

  it('maps stream-not-found and unavailability, and passes anything else through', () => {
    expect(toStoreError(new ClientStreamNotFoundError(undefined, 'complaint-9'), 'complaint-9')).toEqual(new StreamNotFoundError('complaint-9'));
    expect(toStoreError(new UnavailableError(undefined, 'connection refused'))).toBeInstanceOf(EventStoreUnavailableError);
    const unexpected = new RangeError('bug');
    expect(toStoreError(unexpected)).toBe(unexpected);
  });
});
