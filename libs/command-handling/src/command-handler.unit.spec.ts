import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { InMemoryCheckpointStore, InMemoryEventStore, type EventStore, type ReadStreamOptions, type RecordedEvent } from '@duban/event-store';
import { waitFor } from '../../event-store/src/testing/test-events';
import { InterceptingStore } from '../../event-store/src/testing/intercepting-store';
import type { LoadedAggregate } from './aggregate-type';
import { CommandHandler as Handler, type CommandHandlerOptions } from './command-handler';
import type { CommandCompanion, CompanionInput } from './companion';
import { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from './command-handling.errors';
import { causedEventId, keyedEventId, requestHash } from './idempotency';
import { FollowUpReactor } from './follow-up-reactor';
import { FollowUps } from './follow-ups';
import {
  alice,
  asRequest,
  bob,
  close,
  comment,
  NOW,
  open,
  REVIEWS,
  TICKETS,
  ticketDomain,
  TicketRefused,
  type Agent,
  type Ticket,
  type TicketCommand,
  type TicketContext,
} from './testing/ticket-domain';

const clock = { now: () => NOW };

class CommandHandler extends Handler<Agent, TicketContext> {
  constructor(store: EventStore, options: CommandHandlerOptions = {}) {
    super(store, clock, ticketDomain, options);
  }
}

/** The handler under test, and `elsewhere`: another process's handler on the same store, the only kind of competitor a stream's commands meet. */
function setUp(options: CommandHandlerOptions = {}): { store: InterceptingStore; commands: CommandHandler; elsewhere: CommandHandler } {
  const store = new InterceptingStore();
  return { store, commands: new CommandHandler(store, { backoffMs: () => 0, ...options }), elsewhere: new CommandHandler(store) };
}

async function opened(commands: CommandHandler, id = 't1'): Promise<void> {
  await commands.execute(TICKETS, id, open(), asRequest(alice));
}

async function eventCount(store: EventStore, stream: string): Promise<number> {
  return (await store.readStream(stream)).length;
}

describe('CommandHandler.execute (a ticket domain: the core knows no domain of its own)', () => {
  it('folds, decides and appends with the loaded revision, recording who, when, why and which schema', async () => {
    const { store, commands } = setUp();
    await opened(commands);
    const outcome = await commands.execute(TICKETS, 't1', comment('called them'), asRequest(alice, 'request-2'));

    expect(outcome.revision).toBe(1n);
    expect(outcome.replayed).toBe(false);
    expect(outcome.state.comments).toHaveLength(1);
    const [, recorded] = await store.readStream('ticket-t1');
    expect(recorded.type).toBe('TicketCommented');
    expect(recorded.metadata).toEqual({
      actorId: 'alice',
      team: 'desk',
      occurredAt: NOW.toISOString(),
      correlationId: 'correlation-1',
      causationId: 'request-2',
      schemaVersion: 2,
    });
    expect(outcome.recorded.map((event) => event.id)).toEqual([recorded.id]);
  });

  it('lets the authorize hook refuse before anything is decided or written', async () => {
    const { store, commands } = setUp();
    await opened(commands);
    const refusal = new Error('not yours');
    await expect(
      commands.execute(TICKETS, 't1', comment('x'), asRequest(alice), {
        authorize: () => {
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(await eventCount(store, 'ticket-t1')).toBe(1);
  });

  describe('on a concurrent write', () => {
    it('decides again on the fresh state, so both commands land in order', async () => {
      const { store, commands, elsewhere } = setUp();
      await opened(commands);
      store.interceptNextAppend(async () => {
        await elsewhere.execute(TICKETS, 't1', comment('the competitor'), asRequest(bob));
      });
      const outcome = await commands.execute(TICKETS, 't1', comment('mine'), asRequest(alice));

      expect(outcome.revision).toBe(2n);
      const notes = outcome.state.comments;
      expect(notes).toEqual(['the competitor', 'mine']);
    });

    it('re-checks the lifecycle, so of two exclusive commands only one wins', async () => {
      const { store, commands, elsewhere } = setUp();
      await opened(commands);
      store.interceptNextAppend(async () => {
        await elsewhere.execute(TICKETS, 't1', close, asRequest(bob));
      });
      await expect(commands.execute(TICKETS, 't1', close, asRequest(alice))).rejects.toBeInstanceOf(TicketRefused);
      expect(await eventCount(store, 'ticket-t1')).toBe(2);
    });

    it("runs one stream's commands through one handler one at a time, so none of them has to retry", async () => {
      const { store, commands } = setUp({ maxAttempts: 1 });
      await opened(commands);
      const texts = Array.from({ length: 16 }, (_, index) => `note ${index}`);
      await Promise.all(texts.map((text) => commands.execute(TICKETS, 't1', comment(text), asRequest(alice))));
      expect((await commands.load(TICKETS, 't1')).state.comments).toEqual(texts);
      expect(await eventCount(store, 'ticket-t1')).toBe(17);
    });

    it('gives up after the configured attempts', async () => {
      const { store, commands, elsewhere } = setUp({ maxAttempts: 2 });
      await opened(commands);
      const competitor = async (): Promise<void> => {
        await elsewhere.execute(TICKETS, 't1', comment('competitor'), asRequest(bob));
      };
      store.interceptNextAppend(async () => {
        await competitor();
        store.interceptNextAppend(competitor);
      });
      await expect(commands.execute(TICKETS, 't1', comment('mine'), asRequest(alice))).rejects.toBeInstanceOf(WriteContentionError);
    });
  });

  describe('with If-Match', () => {
    it('refuses a stale revision with the current one, appending nothing', async () => {
      const { store, commands } = setUp();
      await opened(commands);
      await commands.execute(TICKETS, 't1', comment('first'), asRequest(alice));

      const stale = commands.execute(TICKETS, 't1', comment('second'), asRequest(alice), { expectedRevision: 0n });
      await expect(stale).rejects.toMatchObject({ constructor: StaleRevisionError, currentRevision: 1n, expectedRevision: 0n });
      expect(await eventCount(store, 'ticket-t1')).toBe(2);
    });

    it('does not retry a write that lost a race, since the caller decided on what it saw', async () => {
      const { store, commands, elsewhere } = setUp();
      await opened(commands);
      store.interceptNextAppend(async () => {
        await elsewhere.execute(TICKETS, 't1', comment('competitor'), asRequest(bob));
      });
      await expect(commands.execute(TICKETS, 't1', comment('mine'), asRequest(alice), { expectedRevision: 0n })).rejects.toMatchObject({
        constructor: StaleRevisionError,
        currentRevision: 1n,
      });
      expect(await eventCount(store, 'ticket-t1')).toBe(2);
    });

    it('accepts the current revision', async () => {
      const { commands } = setUp();
      await opened(commands);
      const outcome = await commands.execute(TICKETS, 't1', comment('mine'), asRequest(alice), { expectedRevision: 0n });
      expect(outcome.revision).toBe(1n);
    });
  });

  describe('with an Idempotency-Key', () => {
    const claim = { key: 'key-1', requestHash: requestHash('POST /tickets/c1/notes', { text: 'once' }) };

    it('derives the event ids from user, key and index and records the key and request hash', async () => {
      const { store, commands } = setUp();
      await opened(commands);
      await commands.execute(TICKETS, 't1', comment('once'), asRequest(alice), { idempotency: claim });
      const [, recorded] = await store.readStream('ticket-t1');
      expect(recorded.id).toBe(keyedEventId('alice', 'key-1', 0));
      expect(recorded.metadata).toMatchObject({ idempotencyKey: 'key-1', requestHash: claim.requestHash });
    });

    it('answers a retry with the outcome as it was, even after later events, and records nothing new', async () => {
      const { store, commands } = setUp();
      await opened(commands);
      const first = await commands.execute(TICKETS, 't1', comment('once'), asRequest(alice), { idempotency: claim });
      await commands.execute(TICKETS, 't1', comment('later'), asRequest(bob));
      const retry = await commands.execute(TICKETS, 't1', comment('once'), asRequest(alice), { idempotency: claim });

      expect(retry.replayed).toBe(true);
      expect(retry.revision).toBe(first.revision);
      expect(retry.state).toEqual(first.state);
      expect(retry.recorded.map((event) => event.id)).toEqual(first.recorded.map((event) => event.id));
      expect(await eventCount(store, 'ticket-t1')).toBe(3);
    });

    it('treats the same key from another user as a different key', async () => {
      const { store, commands } = setUp();
      await opened(commands);
      await commands.execute(TICKETS, 't1', comment('once'), asRequest(alice), { idempotency: claim });
      const other = await commands.execute(TICKETS, 't1', comment('once'), asRequest(bob), { idempotency: claim });
      expect(other.replayed).toBe(false);
      expect(await eventCount(store, 'ticket-t1')).toBe(3);
    });

    it('refuses the key with another request, appending nothing', async () => {
      const { store, commands } = setUp();
      await opened(commands);
      await commands.execute(TICKETS, 't1', comment('once'), asRequest(alice), { idempotency: claim });
      const otherBody = { key: 'key-1', requestHash: requestHash('POST /tickets/c1/notes', { text: 'twice' }) };
      await expect(commands.execute(TICKETS, 't1', comment('twice'), asRequest(alice), { idempotency: otherBody })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await eventCount(store, 'ticket-t1')).toBe(2);
    });

    it('refuses the key reused on another stream', async () => {
      const { store, commands } = setUp();
      await opened(commands, 't1');
      await opened(commands, 't2');
      await commands.execute(TICKETS, 't1', comment('once'), asRequest(alice), { idempotency: claim });
      const elsewhere = { key: 'key-1', requestHash: requestHash('POST /tickets/c2/notes', { text: 'once' }) };
      await expect(commands.execute(TICKETS, 't2', comment('once'), asRequest(alice), { idempotency: elsewhere })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await eventCount(store, 'ticket-t2')).toBe(1);
    });

    it('records one set of events when two requests with the key race, and refuses the one with another body', async () => {
      const { store, commands, elsewhere } = setUp();
      await opened(commands);
      // The loser loaded before the winner appended, so it cannot see the key yet; the ids tell.
      store.interceptNextAppend(async () => {
        await elsewhere.execute(TICKETS, 't1', comment('once'), asRequest(alice), { idempotency: claim });
      });
      const sameBody = await commands.execute(TICKETS, 't1', comment('once'), asRequest(alice), { idempotency: claim });
      expect(sameBody.revision).toBe(1n);
      expect(await eventCount(store, 'ticket-t1')).toBe(2);

      const raceClaim = { key: 'key-2', requestHash: requestHash('POST /tickets/c1/notes', { text: 'A' }) };
      store.interceptNextAppend(async () => {
        await elsewhere.execute(TICKETS, 't1', comment('A'), asRequest(alice), { idempotency: raceClaim });
      });
      const otherBody = { key: 'key-2', requestHash: requestHash('POST /tickets/c1/notes', { text: 'B' }) };
      await expect(commands.execute(TICKETS, 't1', comment('B'), asRequest(alice), { idempotency: otherBody })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await eventCount(store, 'ticket-t1')).toBe(3);
    });
  });
});

describe('FollowUps and the FollowUpReactor: the review a closing demands', () => {
  const closeForReview: TicketCommand = { type: 'close', reviewId: 'r1' };

  it("creates it once, as the domain's follow-up actor, caused by the demanding event", async () => {
    const { store, commands } = setUp();
    const followUps = new FollowUps(store, commands);
    await opened(commands);
    const closed = await commands.execute(TICKETS, 't1', closeForReview, asRequest(alice, 'request-close'));
    await followUps.complete(TICKETS, closed, closed.recorded);
    await followUps.completeFor(closed.recorded[0], [TICKETS, REVIEWS]);

    const closing = closed.recorded[0];
    const review = await store.readStream('review-r1');
    expect(review).toHaveLength(1);
    expect(review[0].id).toBe(causedEventId(closing.id, 0));
    expect(review[0].data).toMatchObject({ title: 'review of printer on fire', by: 'robot' });
    expect(review[0].metadata).toMatchObject({ actorId: 'robot', team: 'desk', causationId: closing.id, correlationId: 'correlation-1' });
  });

  it('runs a command on an existing ticket once per cause, and not at all where it no longer applies', async () => {
    const { store, commands } = setUp();
    const followUps = new FollowUps(store, commands);
    await opened(commands, 't2');
    await opened(commands);
    const closed = await commands.execute(TICKETS, 't1', { type: 'close', noteOn: 't2' }, asRequest(alice));
    await Promise.all([followUps.complete(TICKETS, closed, closed.recorded), followUps.completeFor(closed.recorded[0], [TICKETS, REVIEWS])]);
    await followUps.complete(TICKETS, closed, closed.recorded);
    const noted = await store.readStream('ticket-t2');
    expect(noted.map((recorded) => recorded.type)).toEqual(['TicketOpened', 'TicketCommented']);
    expect(noted[1]).toMatchObject({ id: causedEventId(closed.recorded[0].id, 0), data: { text: 'printer on fire closed', by: 'robot' } });

    await opened(commands, 't3');
    await commands.execute(TICKETS, 't2', close, asRequest(alice));
    const onClosed = await commands.execute(TICKETS, 't3', { type: 'close', noteOn: 't2' }, asRequest(alice));
    await followUps.complete(TICKETS, onClosed, onClosed.recorded);
    await opened(commands, 't4');
    const onMissing = await commands.execute(TICKETS, 't4', { type: 'close', noteOn: 'nowhere' }, asRequest(alice));
    await followUps.complete(TICKETS, onMissing, onMissing.recorded);
    expect(await eventCount(store, 'ticket-t2')).toBe(3);
    expect((await store.readAll()).some((recorded) => recorded.stream === 'ticket-nowhere')).toBe(false);
  });

  it('leaves events that demand nothing, and a creation made concurrently, alone', async () => {
    const { store, commands } = setUp();
    const followUps = new FollowUps(store, commands);
    await opened(commands, 't2');
    const plain = await commands.execute(TICKETS, 't2', close, asRequest(alice));
    await followUps.complete(TICKETS, plain, plain.recorded);
    await opened(commands);
    const closed = await commands.execute(TICKETS, 't1', closeForReview, asRequest(alice));
    await Promise.all([followUps.complete(TICKETS, closed, closed.recorded), followUps.completeFor(closed.recorded[0], [TICKETS, REVIEWS])]);
    expect((await store.readAll()).map((event) => event.stream)).toEqual(['ticket-t2', 'ticket-t2', 'ticket-t1', 'ticket-t1', 'review-r1']);
  });

  it('is completed by the reactor when the process died between the two appends, once across restarts from the checkpoint', async () => {
    const { store, commands } = setUp();
    await opened(commands);
    const closed = await commands.execute(TICKETS, 't1', closeForReview, asRequest(alice));
    store.failNextAppendTo = 'review-';
    await expect(new FollowUps(store, commands).complete(TICKETS, closed, closed.recorded)).rejects.toThrow('process died');
    expect(await eventCount(store, 'review-r1').catch(() => 0)).toBe(0);

    const checkpoints = new InMemoryCheckpointStore();
    const runReactorUntilCaughtUp = async (): Promise<void> => {
      const subscription = new FollowUpReactor(store, checkpoints, new FollowUps(store, new CommandHandler(store)), [TICKETS, REVIEWS], { name: 'reviews' }).start();
      await waitFor(async () => (await checkpoints.load('reviews')) === closed.recorded[0].position, 'the reactor to catch up');
      await subscription.stop();
    };
    await runReactorUntilCaughtUp();
    await runReactorUntilCaughtUp();
    expect(await eventCount(store, 'review-r1')).toBe(1);
  });
});

describe('CommandHandler companions', () => {
  const noting: CommandCompanion & { inputs: CompanionInput[] } = {
    inputs: [],
    async decide(input) {
      this.inputs.push(input);
      return input.decided.map((event) => ({ type: 'Observed', schemaVersion: 1, data: { of: event.type, occurredAt: input.now, actorId: 'system' } }));
    },
  };

  it("appends the companions' events in the command's own append, after its events, with the state after them", async () => {
    noting.inputs = [];
    const { store, commands } = setUp({ companions: [noting] });
    store.failNextAppendTo = 'ticket-';
    await expect(opened(commands)).rejects.toThrow('process died');
    expect(await store.readStream('ticket-t1').catch(() => [])).toEqual([]);

    const outcome = await commands.execute(TICKETS, 't1', open(), asRequest(alice));
    expect(outcome.recorded.map((event) => [event.type, event.revision])).toEqual([
      ['TicketOpened', 0n],
      ['Observed', 1n],
    ]);
    const input = noting.inputs.at(-1)!;
    expect(input).toMatchObject({ kind: 'ticket', id: 't1', history: [], now: NOW.toISOString() });
    expect((input.state as Ticket).opened).toBe(true);
  });

  it('is not consulted when the command decides nothing, and shares caller-supplied deterministic ids', async () => {
    noting.inputs = [];
    const { store, commands } = setUp({ companions: [noting] });
    await commands.executeDecision(TICKETS, 't1', () => [], asRequest(alice));
    expect(noting.inputs).toEqual([]);
    const ids = ['6f4c3a52-8d1e-4b7a-9c60-00000000000a', '6f4c3a52-8d1e-4b7a-9c60-00000000000b'];
    await commands.execute(TICKETS, 't1', open(), asRequest(alice), { eventIds: (index) => ids[index] });
    expect((await store.readStream('ticket-t1')).map((event) => event.id)).toEqual(ids);
  });
});

describe('CommandHandler loaded-aggregate cache', () => {
  /** Records how each stream read started: from the start (a whole read) or from a revision (a tail). */
  class CountingStore extends InMemoryEventStore {
    reads: { stream: string; from: unknown; maxCount?: number }[] = [];

    override async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
      this.reads.push({ stream, from: options?.from ?? 'start', maxCount: options?.maxCount });
      return super.readStream(stream, options);
    }
  }

  const comparable = (loaded: LoadedAggregate<Ticket>) => ({
    exists: loaded.exists,
    revision: loaded.revision,
    ids: loaded.history.map((event) => event.id),
    state: loaded.state,
  });

  it('reads only the tail after the cached head and folds it on', async () => {
    const store = new CountingStore();
    const commands = new CommandHandler(store);
    await opened(commands);
    await commands.execute(TICKETS, 't1', comment('one'), asRequest(alice));
    store.reads = [];

    const loaded = await commands.load(TICKETS, 't1');
    expect(store.reads).toEqual([
      { stream: 'ticket-t1', from: 'start', maxCount: 1 },
      { stream: 'ticket-t1', from: 1n, maxCount: undefined },
    ]);
    expect(loaded.state.comments).toEqual(['one']);
  });

  it('sees what another handler (another process on the same store) appended between two loads', async () => {
    const store = new InMemoryEventStore();
    const mine = new CommandHandler(store);
    const theirs = new CommandHandler(store);
    await opened(mine);
    expect((await mine.load(TICKETS, 't1')).revision).toBe(0n);

    await theirs.execute(TICKETS, 't1', comment('from elsewhere'), asRequest(bob));
    const loaded = await mine.load(TICKETS, 't1');
    expect(loaded.revision).toBe(1n);
    expect(loaded.state.comments).toEqual(['from elsewhere']);
    const outcome = await mine.execute(TICKETS, 't1', comment('mine'), asRequest(alice));
    expect(outcome.state.comments).toEqual(['from elsewhere', 'mine']);
  });

  it('decides again on the fresh tail after losing a race to another handler', async () => {
    const store = new InterceptingStore();
    const mine = new CommandHandler(store, { backoffMs: () => 0 });
    const theirs = new CommandHandler(store);
    await opened(mine);
    store.interceptNextAppend(async () => {
      await theirs.execute(TICKETS, 't1', comment('competitor'), asRequest(bob));
    });
    const outcome = await mine.execute(TICKETS, 't1', comment('mine'), asRequest(alice));
    expect(outcome.revision).toBe(2n);
    expect(comparable(await mine.load(TICKETS, 't1'))).toEqual(comparable(await theirs.load(TICKETS, 't1')));
  });

  it('reads a stream whole again when the cached head is no longer in it (deleted or replaced)', async () => {
    let store = new InMemoryEventStore();
    const swappable = new Proxy({} as EventStore, { get: (_, name: keyof EventStore) => store[name].bind(store) });
    const commands = new CommandHandler(swappable);
    await opened(commands);
    await commands.execute(TICKETS, 't1', comment('old'), asRequest(alice));

    store = new InMemoryEventStore();
    expect((await commands.load(TICKETS, 't1')).exists).toBe(false);
    await opened(commands);
    await commands.execute(TICKETS, 't1', comment('new 1'), asRequest(alice));
    await new CommandHandler(store).execute(TICKETS, 't1', comment('new 2'), asRequest(alice));
    store = new InMemoryEventStore();
    await opened(new CommandHandler(store));
    await new CommandHandler(store).execute(TICKETS, 't1', comment('other'), asRequest(alice));

    const loaded = await commands.load(TICKETS, 't1');
    expect(loaded.revision).toBe(1n);
    expect(loaded.state.comments).toEqual(['other']);
  });

  it('reads a stream whole again when its first event is no longer the one remembered (a deleted opening)', async () => {
    let store = new InMemoryEventStore();
    const swappable = new Proxy({} as EventStore, { get: (_, name: keyof EventStore) => store[name].bind(store) });
    const commands = new CommandHandler(swappable);
    await opened(commands);
    const noted = await commands.execute(TICKETS, 't1', comment('kept'), asRequest(alice));

    // The same head at the same revision, but revision 0 is something else now.
    store = new InMemoryEventStore();
    const [, kept] = noted.history;
    await store.appendToStream('ticket-t1', [{ ...kept, id: randomUUID() }, kept]);
    // As an uncached handler folds it: a stream that does not start with its opening is corrupt.
    await expect(new CommandHandler(store).load(TICKETS, 't1')).rejects.toThrow(TicketRefused);
    await expect(commands.load(TICKETS, 't1')).rejects.toThrow(TicketRefused);
  });

  it('keeps at most the configured number of streams, dropping the least recently used', async () => {
    const store = new CountingStore();
    const commands = new CommandHandler(store, { cachedStreams: 2 });
    for (const id of ['t1', 't2', 't3']) await opened(commands, id);
    await commands.load(TICKETS, 't2');
    await commands.load(TICKETS, 't3');
    store.reads = [];

    await commands.load(TICKETS, 't1');
    await commands.load(TICKETS, 't3');
    expect(store.reads).toEqual([
      { stream: 'ticket-t1', from: 'start', maxCount: undefined },
      { stream: 'ticket-t3', from: 0n, maxCount: undefined },
    ]);
  });

  it('gives what an uncached handler gives, on random commands, keys and writes by another handler', async () => {
    const step = fc.record({
      writer: fc.constantFrom('mine', 'theirs'),
      id: fc.constantFrom('t1', 't2', 't3'),
      command: fc.constantFrom<TicketCommand['type']>('open', 'comment', 'comment', 'close'),
      key: fc.option(fc.constantFrom('k1', 'k2', 'k3')),
      text: fc.constantFrom('a', 'b'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const store = new InMemoryEventStore();
        const writers = { mine: new CommandHandler(store, { cachedStreams: 2 }), theirs: new CommandHandler(store) };
        const uncached = new CommandHandler(store, { cachedStreams: 0 });
        for (const { writer, id, command, key, text } of steps) {
          const body = command === 'open' ? open(text) : command === 'comment' ? comment(text) : close;
          const idempotency = key === null ? undefined : { key, requestHash: requestHash(`POST /tickets/${id}`, body) };
          const outcome = await writers[writer].execute(TICKETS, id, body, asRequest(alice), { idempotency }).catch((error: Error) => error);
          const fresh = await uncached.load(TICKETS, id);
          if (!(outcome instanceof Error) && !outcome.replayed) expect(comparable(outcome)).toEqual(comparable(fresh));
          for (const other of ['t1', 't2', 't3']) {
            expect(comparable(await writers.mine.load(TICKETS, other))).toEqual(comparable(await uncached.load(TICKETS, other)));
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
