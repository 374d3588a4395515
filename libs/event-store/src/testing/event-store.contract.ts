/**
 * The one behavioural contract every EventStore adapter must pass. Call it from a spec file with a
 * factory; it registers its own describe/it blocks. Stores may be shared with other tests and hold
 * unrelated events: every test works in its own stream category.
 */
import { verifyStreamChain } from '@duban/integrity';
import { InvalidAppendError, StreamNotFoundError, WrongExpectedVersionError } from '../port/event-store.errors';
import type { EventStore } from '../port/event-store';
import type {
  AppendResult,
  CheckpointStore,
  EventHandler,
  ExpectedRevision,
  LeanEvent,
  NewEvent,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../port/event-store.port';
import { readStreamOrEmpty } from '../core/read-pages';
import { deferred, newEvent, uniqueCategory, waitFor } from './test-events';

export interface ContractStores {
  store: EventStore;
  checkpoints: CheckpointStore;
}

const FAST_RETRY = { initialDelayMs: 10, maxDelayMs: 50 };
const MAX_ATTEMPTS = 1_000;

export function describeEventStoreContract(adapterName: string, open: () => Promise<ContractStores>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let checkpoints: CheckpointStore;
    let category: string;
    const stream = (id: string | number = 1) => `${category}-${id}`;
    const ids = (events: readonly { id: string }[]) => events.map((event) => event.id);
    const expectWrongVersion = async (append: Promise<unknown>, expected: ExpectedRevision, actual: bigint | 'no_stream', streamName: string) => {
      const error = await append.then(
        () => {
          throw new Error('append succeeded but should have been rejected');
        },
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ stream: streamName, expected, actual });
    };

    beforeAll(async () => {
      ({ store, checkpoints } = await open());
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(() => {
      category = uniqueCategory();
    });

    describe('expected revision', () => {
      it('no_stream creates the stream: revisions from 0, position of the last event returned', async () => {
        const events = [newEvent(), newEvent()];
        const result = await store.appendToStream(stream(), events, { expectedRevision: 'no_stream' });

        const recorded = await store.readStream(stream());
        expect(recorded.map((event) => event.revision)).toEqual([0n, 1n]);
        expect(result).toEqual({ nextExpectedRevision: 1n, position: recorded[1].position, recorded });
        expect(ids(recorded)).toEqual(ids(events));
      });

      it('no_stream on an existing stream throws with expected no_stream and the actual revision', async () => {
        await store.appendToStream(stream(), [newEvent(), newEvent()]);
        await expectWrongVersion(store.appendToStream(stream(), [newEvent()], { expectedRevision: 'no_stream' }), 'no_stream', 1n, stream());
      });

      it('stream_exists throws on a missing stream and appends to an existing one', async () => {
        await expectWrongVersion(store.appendToStream(stream(), [newEvent()], { expectedRevision: 'stream_exists' }), 'stream_exists', 'no_stream', stream());
        await store.appendToStream(stream(), [newEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream(), [newEvent()], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('any appends whether or not the stream exists, and is the default', async () => {
        expect((await store.appendToStream(stream(), [newEvent()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0n);
        expect((await store.appendToStream(stream(), [newEvent()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1n);
        expect((await store.appendToStream(stream(), [newEvent()])).nextExpectedRevision).toBe(2n);
      });

      it('an exact revision appends when it matches and throws with expected and actual when it does not', async () => {
        await expectWrongVersion(store.appendToStream(stream(), [newEvent()], { expectedRevision: 0n }), 0n, 'no_stream', stream());
        const first = await store.appendToStream(stream(), [newEvent(), newEvent(), newEvent()]);
        const second = await store.appendToStream(stream(), [newEvent()], { expectedRevision: first.nextExpectedRevision });
        expect(second.nextExpectedRevision).toBe(3n);
        expect(second.position).toBeGreaterThan(first.position);

        await expectWrongVersion(store.appendToStream(stream(), [newEvent()], { expectedRevision: 2n }), 2n, 3n, stream());
        await expectWrongVersion(store.appendToStream(stream(), [newEvent()], { expectedRevision: 7n }), 7n, 3n, stream());
        expect(await store.readStream(stream())).toHaveLength(4);
      });
    });

    describe('what an append returns', () => {
      it('the recorded events exactly as a later read returns them, data and chain included', async () => {
        await store.appendToStream(stream(), [newEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream(2), [newEvent()]);
        const events = [newEvent('Opened', { b: 1, a: [2, { d: null, c: 'x' }] }, { actorId: 'u-1' }), newEvent()];
        const result = await store.appendToStream(stream(), events, { expectedRevision: 0n });

        const read = await store.readStream(stream(), { from: 1n });
        expect(result.recorded).toEqual(read);
        expect(ids(result.recorded)).toEqual(ids(events));
        expect(result.recorded.map((event) => event.revision)).toEqual([1n, 2n]);
        expect(result.recorded[1].position).toBe(result.position);
        expect(result.recorded[0].integrity?.previousHash).toBe((await store.readStream(stream(), { maxCount: 1 }))[0].integrity?.hash);
      });

      it('on an idempotent re-append, the events stored the first time, not the ones sent again', async () => {
        const original = newEvent('Opened', { first: true });
        const first = await store.appendToStream(stream(), [original, newEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream(), [newEvent()]);
        const again = await store.appendToStream(stream(), [{ ...original, data: { first: false } }, first.recorded[1]], { expectedRevision: 'no_stream' });

        expect(again.recorded).toEqual(await store.readStream(stream(), { maxCount: 2 }));
        expect(again.recorded).toEqual(first.recorded);
        expect(again.recorded[0].data).toEqual({ first: true });
      });

      it('copies: changing what an append returned changes nothing stored', async () => {
        const result = await store.appendToStream(stream(), [newEvent('Opened', { a: 1 })]);
        (result.recorded[0].data as { a: number }).a = 2;
        expect((await store.readStream(stream()))[0].data).toEqual({ a: 1 });
      });
    });

    describe('idempotent re-append of the same event ids', () => {
      it('with no_stream: same result, no duplicates', async () => {
        const events = [newEvent(), newEvent()];
        const first = await store.appendToStream(stream(), events, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(stream(), events, { expectedRevision: 'no_stream' });

        expect(again).toEqual(first);
        expect(ids(await store.readStream(stream()))).toEqual(ids(events));
      });

      it('with an exact revision: the ids must stand right after it', async () => {
        await store.appendToStream(stream(), [newEvent()], { expectedRevision: 'no_stream' });
        const retried = [newEvent(), newEvent()];
        const first = await store.appendToStream(stream(), retried, { expectedRevision: 0n });
        const again = await store.appendToStream(stream(), retried, { expectedRevision: 0n });

        expect(again).toEqual(first);
        expect(first.nextExpectedRevision).toBe(2n);
        expect(await store.readStream(stream())).toHaveLength(3);
      });

      it('with an exact revision they do not follow: a conflict, not a replay', async () => {
        const first = newEvent();
        await store.appendToStream(stream(), [first], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream(), [newEvent()], { expectedRevision: 0n });

        await expectWrongVersion(store.appendToStream(stream(), [first], { expectedRevision: 0n }), 0n, 1n, stream());
        expect(await store.readStream(stream())).toHaveLength(2);
      });

      it('with any or stream_exists: the ids must stand consecutively in the stream', async () => {
        await store.appendToStream(stream(), [newEvent()]);
        const retried = [newEvent(), newEvent()];
        const first = await store.appendToStream(stream(), retried, { expectedRevision: 'any' });
        await store.appendToStream(stream(), [newEvent()]);

        expect(await store.appendToStream(stream(), retried, { expectedRevision: 'any' })).toEqual(first);
        expect(await store.appendToStream(stream(), retried, { expectedRevision: 'stream_exists' })).toEqual(first);
        expect(await store.readStream(stream())).toHaveLength(4);
      });

      it('rejects a partial overlap with WrongExpectedVersionError and writes nothing', async () => {
        const [a, b, c] = [newEvent(), newEvent(), newEvent()];
        await store.appendToStream(stream(), [a, b], { expectedRevision: 'no_stream' });

        await expectWrongVersion(store.appendToStream(stream(), [a, b, c], { expectedRevision: 'no_stream' }), 'no_stream', 1n, stream());
        await expectWrongVersion(store.appendToStream(stream(), [a, c], { expectedRevision: 'no_stream' }), 'no_stream', 1n, stream());
        expect(ids(await store.readStream(stream()))).toEqual(ids([a, b]));
      });
    });

    describe('tamper evidence', () => {
      it('chains every event to the previous one of its stream, whatever the expectation and batch size', async () => {
        await store.appendToStream(stream(), [newEvent('Opened', { b: 1, a: [2, { d: null, c: 'x' }] })], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream(), [newEvent(), newEvent()], { expectedRevision: 0n });
        await store.appendToStream(stream(), [newEvent()], { expectedRevision: 'stream_exists' });
        await store.appendToStream(stream(), [newEvent('Noted', {}, { actorId: 'u-1' })]);
        await store.appendToStream(stream(2), [newEvent()]);

        const recorded = await store.readStream(stream());
        expect(verifyStreamChain(recorded)).toEqual({ valid: true, events: 5 });
        expect(recorded[0].integrity?.previousHash).toBeNull();
        recorded.slice(1).forEach((event, index) => expect(event.integrity?.previousHash).toBe(recorded[index].integrity?.hash));
        expect(new Set(recorded.map((event) => event.integrity?.hash)).size).toBe(5);
        const [otherStream] = await store.readStream(stream(2));
        expect(otherStream.integrity?.previousHash).toBeNull();

        const all = await store.readAll({ filter: { streamPrefixes: [`${category}-`] } });
        expect(all.map((event) => event.integrity)).toEqual([...recorded, otherStream].map((event) => event.integrity));
      });

      it('keeps the chain as it was when the same ids are appended again', async () => {
        const retried = [newEvent(), newEvent()];
        await store.appendToStream(stream(), [newEvent()]);
        await store.appendToStream(stream(), retried, { expectedRevision: 0n });
        const before = await store.readStream(stream());

        await store.appendToStream(stream(), retried, { expectedRevision: 0n });
        await store.appendToStream(stream(), retried, { expectedRevision: 'any' });
        await store.appendToStream(stream(), [newEvent()]);

        const after = await store.readStream(stream());
        expect(after.slice(0, 3)).toEqual(before);
        expect(verifyStreamChain(after)).toEqual({ valid: true, events: 4 });
      });

      it('refuses metadata under the reserved chain keys', async () => {
        await expect(store.appendToStream(stream(), [newEvent('Forged', {}, { $hash: 'f00' })])).rejects.toThrow(InvalidAppendError);
        await expect(store.appendToStream(stream(), [newEvent('Forged', {}, { $previousHash: null })])).rejects.toThrow(/reserved/);
      });
    });

    describe('request validation', () => {
      it('rejects an empty event list and non-uuid ids, writing nothing', async () => {
        await expect(store.appendToStream(stream(), [])).rejects.toThrow(InvalidAppendError);
        await expect(store.appendToStream(stream(), [{ ...newEvent(), id: 'complaint-42' }])).rejects.toThrow(/not a uuid/);
        await expect(store.appendToStream(stream(), [newEvent(), { ...newEvent(), id: '' }])).rejects.toThrow(InvalidAppendError);
        await expect(store.readStream(stream())).rejects.toThrow(StreamNotFoundError);
      });
    });

    describe('ordering', () => {
      it('keeps append order per stream (revisions 0..n-1) and across streams (strictly increasing positions)', async () => {
        const appended: { stream: string; events: NewEvent[]; result: AppendResult }[] = [];
        for (const [target, count] of [
          [1, 1],
          [2, 2],
          [1, 3],
          [3, 1],
          [2, 1],
          [1, 1],
        ] as const) {
          const events = Array.from({ length: count }, () => newEvent());
          appended.push({ stream: stream(target), events, result: await store.appendToStream(stream(target), events) });
        }

        const all = await store.readAll({ filter: { streamPrefixes: [`${category}-`] } });
        expect(ids(all)).toEqual(appended.flatMap(({ events }) => ids(events)));
        all.slice(1).forEach((event, index) => expect(event.position).toBeGreaterThan(all[index].position));
        for (const { events, result } of appended) {
          expect(all.find((event) => event.id === events[events.length - 1].id)?.position).toBe(result.position);
        }
        for (const target of [1, 2, 3]) {
          const revisions = (await store.readStream(stream(target))).map((event) => event.revision);
          expect(revisions).toEqual(revisions.map((_, index) => BigInt(index)));
        }
      });
    });

    describe('readStream', () => {
      let events: NewEvent[];
      beforeEach(async () => {
        events = Array.from({ length: 10 }, (_, index) => newEvent('Numbered', { index }));
        await store.appendToStream(stream(), events, { expectedRevision: 'no_stream' });
      });
      const revisionsOf = async (options: Parameters<EventStore['readStream']>[1]) => (await store.readStream(stream(), options)).map((event) => event.revision);

      it('reads forwards from a revision, limited by maxCount', async () => {
        expect(await revisionsOf({ from: 3n, maxCount: 4 })).toEqual([3n, 4n, 5n, 6n]);
        expect(await revisionsOf({})).toHaveLength(10);
        expect(await revisionsOf({ from: 'start', maxCount: 2 })).toEqual([0n, 1n]);
      });

      it('reads backwards from the end or from a revision', async () => {
        expect(await revisionsOf({ direction: 'backwards', maxCount: 3 })).toEqual([9n, 8n, 7n]);
        expect(await revisionsOf({ direction: 'backwards', from: 'end', maxCount: 1 })).toEqual([9n]);
        expect(await revisionsOf({ direction: 'backwards', from: 2n })).toEqual([2n, 1n, 0n]);
      });

      it('returns an empty list past the end of an existing stream', async () => {
        expect(await revisionsOf({ from: 10n })).toEqual([]);
      });

      it('returns the data and metadata as written', async () => {
        const written = newEvent('Detailed', { amount: 12.5, nested: { list: [1, 'two', null] }, text: 'Zürich ✓' }, { correlationId: 'c-1' });
        await store.appendToStream(stream(), [written]);
        const [read] = await store.readStream(stream(), { direction: 'backwards', maxCount: 1 });
        expect(read).toMatchObject({ id: written.id, stream: stream(), type: 'Detailed', data: written.data, metadata: written.metadata });
        expect(read.createdAt).toBeInstanceOf(Date);
        expect(Math.abs(read.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
        const [withoutMetadata] = await store.readStream(stream(), { maxCount: 1 });
        expect(withoutMetadata.metadata).toEqual({});
      });

      it('throws StreamNotFoundError for a stream that has no events', async () => {
        const missing = stream('missing');
        await expect(store.readStream(missing)).rejects.toThrow(StreamNotFoundError);
        await expect(store.readStream(missing)).rejects.toMatchObject({ stream: missing });
      });
    });

    describe('readAll', () => {
      it('reads from a position (inclusive), limited by maxCount', async () => {
        const results = [];
        for (let index = 0; index < 5; index++) results.push(await store.appendToStream(stream(index), [newEvent()]));
        const filter = { streamPrefixes: [`${category}-`] };

        const fromThird = await store.readAll({ fromPosition: results[2].position, filter });
        expect(fromThird.map((event) => event.position)).toEqual(results.slice(2).map((result) => result.position));
        const limited = await store.readAll({ fromPosition: results[1].position, maxCount: 2, filter });
        expect(limited.map((event) => event.position)).toEqual([results[1].position, results[2].position]);
      });

      it('filters by stream prefixes (any of them) and event types (any of them), both when both are given', async () => {
        const other = uniqueCategory();
        await store.appendToStream(stream('a'), [newEvent('Opened'), newEvent('Closed')]);
        await store.appendToStream(`${other}-b`, [newEvent('Opened'), newEvent('Noted')]);
        await store.appendToStream(`${category}x-c`, [newEvent('Opened')]);
        const described = async (filter: { streamPrefixes?: string[]; eventTypes?: string[] }) => (await store.readAll({ filter })).map((event) => `${event.stream}/${event.type}`);

        expect(await described({ streamPrefixes: [`${category}-`] })).toEqual([`${stream('a')}/Opened`, `${stream('a')}/Closed`]);
        expect(await described({ streamPrefixes: [`${category}-`, `${other}-`] })).toHaveLength(4);
        expect(await described({ streamPrefixes: [`${category}-`, `${other}-`], eventTypes: ['Opened', 'Noted'] })).toEqual([
          `${stream('a')}/Opened`,
          `${other}-b/Opened`,
          `${other}-b/Noted`,
        ]);
        const opened = await store.readAll({ filter: { eventTypes: ['Opened'] } });
        expect(opened.every((event) => event.type === 'Opened')).toBe(true);
        expect(opened.map((event) => event.stream)).toEqual(expect.arrayContaining([stream('a'), `${other}-b`, `${category}x-c`]));
      });

      it('a lean read returns what a projection folds of the same events, from the same position, filtered and limited alike', async () => {
        await store.appendToStream(stream('a'), [newEvent('Opened', { amount: 12, note: '催办' }, { schemaVersion: 2 }), newEvent('Noted')]);
        await store.appendToStream(`${uniqueCategory()}-b`, [newEvent('Opened')]);
        await store.appendToStream(stream('c'), [newEvent('Opened', { amount: 3 })]);
        const filter = { streamPrefixes: [`${category}-`] };
        const folded = ({ stream: name, revision, position, type, data, metadata }: LeanEvent) => ({ stream: name, revision, position, type, data, metadata });

        const full = await store.readAll({ filter });
        expect(full).toHaveLength(3);
        expect((await store.readAll({ filter, lean: true })).map(folded)).toEqual(full.map(folded));
        const limited = await store.readAll({ fromPosition: full[1].position, maxCount: 1, filter: { ...filter, eventTypes: ['Opened'] }, lean: true });
        expect(limited.map(folded)).toEqual([folded(full[2])]);
      });

      it('headPosition is the position of the newest event', async () => {
        const first = await store.appendToStream(stream(), [newEvent()]);
        expect(await store.headPosition()).toBe(first.position);
        const second = await store.appendToStream(stream(), [newEvent(), newEvent()]);
        expect(await store.headPosition()).toBe(second.position);
      });
    });

    describe('bigint revisions and positions', () => {
      it('returns every revision and position as a bigint, never a number', async () => {
        const result = await store.appendToStream(stream(), [newEvent(), newEvent()]);
        const [read] = await store.readStream(stream());
        const [fromAll] = await store.readAll({ fromPosition: read.position, maxCount: 1 });
        const values = [result.nextExpectedRevision, result.position, read.revision, read.position, fromAll.position, await store.headPosition()];
        values.forEach((value) => expect(typeof value).toBe('bigint'));
      });

      it('the checkpoint store keeps positions beyond 2^64 exactly', async () => {
        const huge = 2n ** 70n + 1n;
        await checkpoints.store(`${category}-big`, huge);
        expect(await checkpoints.load(`${category}-big`)).toBe(huge);
        expect(await checkpoints.load(`${category}-never-stored`)).toBeUndefined();
      });
    });

    describe('subscribeToAll', () => {
      const running: Subscription[] = [];
      afterEach(async () => {
        await Promise.all(running.splice(0).map((subscription) => subscription.stop()));
      });
      const subscribe = (options: SubscribeToAllOptions, handler: EventHandler) => {
        const subscription = store.subscribeToAll({ filter: { streamPrefixes: [`${category}-`] }, retry: FAST_RETRY, ...options }, handler);
        running.push(subscription);
        return subscription;
      };
      const recorder = () => {
        const seen: RecordedEvent[] = [];
        return { seen, handler: async (event: RecordedEvent) => void seen.push(event) };
      };

      it('catches up on history, then delivers live events, each once and in order', async () => {
        const history = [newEvent(), newEvent(), newEvent()];
        await store.appendToStream(stream(1), history.slice(0, 2));
        await store.appendToStream(stream(2), history.slice(2));
        const { seen, handler } = recorder();
        subscribe({}, handler);
        await waitFor(() => seen.length === 3, 'history');

        const live = [newEvent(), newEvent()];
        await store.appendToStream(stream(1), [live[0]]);
        await store.appendToStream(stream(3), [live[1]]);
        await waitFor(() => seen.length === 5, 'live events');
        await new Promise((resolve) => setTimeout(resolve, 150));

        expect(ids(seen)).toEqual(ids([...history, ...live]));
      });

      it('starts after the given position (exclusive) and applies the filter', async () => {
        const skipped = await store.appendToStream(stream(), [newEvent('Kept'), newEvent('Kept')]);
        const later = [newEvent('Kept'), newEvent('Dropped'), newEvent('Kept')];
        await store.appendToStream(stream(), later);
        const { seen, handler } = recorder();
        subscribe({ afterPosition: skipped.position, filter: { streamPrefixes: [`${category}-`], eventTypes: ['Kept'] } }, handler);

        await waitFor(() => seen.length === 2, 'filtered events');
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(ids(seen)).toEqual(ids([later[0], later[2]]));
      });

      it('resumes from its stored checkpoint after a stop, with nothing missed or repeated', async () => {
        const checkpoint = { store: checkpoints, name: `${category}-projector` };
        const before = [newEvent(), newEvent(), newEvent()];
        await store.appendToStream(stream(), before);
        const firstRun = recorder();
        const subscription = subscribe({ checkpoint }, firstRun.handler);
        await waitFor(() => firstRun.seen.length === 3, 'first run');
        await subscription.stop();
        expect(await checkpoints.load(checkpoint.name)).toBe(firstRun.seen[2].position);

        const meanwhile = [newEvent(), newEvent()];
        await store.appendToStream(stream(), meanwhile);
        const secondRun = recorder();
        subscribe({ checkpoint }, secondRun.handler);
        await waitFor(() => secondRun.seen.length === 2, 'second run');
        await new Promise((resolve) => setTimeout(resolve, 150));

        expect(ids(firstRun.seen)).toEqual(ids(before));
        expect(ids(secondRun.seen)).toEqual(ids(meanwhile));
      });

      it('after a handler failure, backs off and redelivers from the last checkpoint', async () => {
        const checkpoint = { store: checkpoints, name: `${category}-flaky` };
        const events = [newEvent(), newEvent(), newEvent()];
        await store.appendToStream(stream(), events);
        const delivered: string[] = [];
        const handled: string[] = [];
        const drops: unknown[] = [];
        const checkpointsAtFailure: (bigint | undefined)[] = [];
        let failuresLeft = 2;
        subscribe({ checkpoint, onDropped: (error) => drops.push(error) }, async (event) => {
          delivered.push(event.id);
          if (event.id === events[1].id && failuresLeft-- > 0) {
            checkpointsAtFailure.push(await checkpoints.load(checkpoint.name));
            throw new Error('projection database down');
          }
          handled.push(event.id);
        });

        await waitFor(() => handled.length === 3, 'all events handled');
        expect(handled).toEqual(ids(events));
        expect(delivered).toEqual([events[0].id, events[1].id, events[1].id, events[1].id, events[2].id]);
        expect(drops).toEqual([expect.objectContaining({ message: 'projection database down' }), expect.objectContaining({ message: 'projection database down' })]);
        const [firstEvent] = await store.readStream(stream());
        expect(checkpointsAtFailure).toEqual([firstEvent.position, firstEvent.position]);
      });

      it('stop() waits for the in-flight handler and nothing is delivered afterwards', async () => {
        await store.appendToStream(stream(), [newEvent()]);
        const release = deferred();
        const started = deferred();
        const seen: string[] = [];
        let handlerFinished = false;
        const subscription = subscribe({}, async (event) => {
          seen.push(event.id);
          started.resolve();
          await release.promise;
          handlerFinished = true;
        });
        await started.promise;

        let stopped = false;
        const stopping = subscription.stop().then(() => (stopped = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(stopped).toBe(false);
        release.resolve();
        await stopping;
        expect(handlerFinished).toBe(true);

        await store.appendToStream(stream(), [newEvent()]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(seen).toHaveLength(1);
      });
    });

    describe('close', () => {
      it('stops running subscriptions, waiting for their in-flight handlers', async () => {
        const own = await open();
        const release = deferred();
        const started = deferred();
        const seen: string[] = [];
        let handlerFinished = false;
        own.store.subscribeToAll({ filter: { streamPrefixes: [`${category}-`] } }, async (event) => {
          seen.push(event.id);
          started.resolve();
          await release.promise;
          handlerFinished = true;
        });
        await own.store.appendToStream(stream(), [newEvent(), newEvent()]);
        await started.promise;

        let closed = false;
        const closing = own.store.close().then(() => (closed = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(closed).toBe(false);
        release.resolve();
        await closing;

        expect(handlerFinished).toBe(true);
        expect(seen).toHaveLength(1);
      });
    });

    describe('concurrency', () => {
      it('100 concurrent appenders with expected revisions and retries: 100 events, revisions 0..99, no loss, no duplicate', async () => {
        const target = stream('contended');
        const appendWithRetry = async (event: NewEvent): Promise<number> => {
          // Bounded: against a broken store the awaits may never yield to timers, so jest could not time out.
          for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const [head] = await readStreamOrEmpty(store, target, { direction: 'backwards', maxCount: 1 });
            try {
              await store.appendToStream(target, [event], { expectedRevision: head?.revision ?? 'no_stream' });
              return attempt;
            } catch (error) {
              if (!(error instanceof WrongExpectedVersionError)) throw error;
            }
          }
          throw new Error(`Gave up appending ${event.id} after ${MAX_ATTEMPTS} attempts`);
        };
        const events = Array.from({ length: 100 }, (_, index) => newEvent('Contended', { index }));

        const attempts = await Promise.all(events.map(appendWithRetry));

        const recorded = await store.readStream(target);
        expect(recorded.map((event) => event.revision)).toEqual(Array.from({ length: 100 }, (_, index) => BigInt(index)));
        expect(new Set(ids(recorded))).toEqual(new Set(ids(events)));
        expect(verifyStreamChain(recorded)).toEqual({ valid: true, events: 100 });
        expect(Math.max(...attempts)).toBeGreaterThan(1); // the appenders really did collide
      }, 60_000);
    });
  });
}
