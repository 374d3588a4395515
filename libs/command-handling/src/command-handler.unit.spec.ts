import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { InMemoryEventStore, type AppendOptions, type AppendResult, type EventStore, type NewEvent, type ReadStreamOptions, type RecordedEvent } from '@duban/event-store';
import { CommandNotAllowedError, EventRejectedError, type ComplaintCommand, type ComplaintState } from '@duban/workflow';
import { COMPLAINTS, FINDINGS } from './aggregates';
import { CommandHandler, type CommandHandlerOptions, type LoadedAggregate } from './command-handler';
import type { CommandCompanion, CompanionInput } from './companion';
import { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from './command-handling.errors';
import { causedEventId, keyedEventId, requestHash } from './idempotency';
import { asRequest, clock, handler, head, note, NOW, orgTree, register } from './testing/command-fixtures';

/** Lets a test run something (a competing request) just before the next append reaches the store. */
class InterceptingStore extends InMemoryEventStore {
  private beforeNextAppend: (() => Promise<void>) | undefined;
  failNextAppendTo: string | undefined;

  interceptNextAppend(action: () => Promise<void>): void {
    this.beforeNextAppend = action;
  }

  override async appendToStream(stream: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const action = this.beforeNextAppend;
    this.beforeNextAppend = undefined;
    await action?.();
    if (this.failNextAppendTo !== undefined && stream.startsWith(this.failNextAppendTo)) {
      this.failNextAppendTo = undefined;
      throw new Error('process died');
    }
    return super.appendToStream(stream, events, options);
  }
}

function setUp(options: CommandHandlerOptions = {}): { store: InterceptingStore; commands: CommandHandler } {
  const store = new InterceptingStore();
  return { store, commands: new CommandHandler(store, clock, orgTree, { backoffMs: () => 0, ...options }) };
}

async function registered(commands: CommandHandler, id = 'c1'): Promise<void> {
  await commands.execute(COMPLAINTS, id, register(id), asRequest(handler));
}

async function eventCount(store: EventStore, stream: string): Promise<number> {
  return (await store.readStream(stream)).length;
}

describe('CommandHandler.execute', () => {
  it('folds, decides and appends with the loaded revision, recording who, when, why and which schema', async () => {
    const { store, commands } = setUp();
    await registered(commands);
    const outcome = await commands.execute(COMPLAINTS, 'c1', note('called the customer'), asRequest(handler, 'request-2'));

    expect(outcome.revision).toBe(1n);
    expect(outcome.replayed).toBe(false);
    expect((outcome.state as ComplaintState).context.notes).toHaveLength(1);
    const [, recorded] = await store.readStream('complaint-c1');
    expect(recorded.type).toBe('ComplaintNoteAdded');
    expect(recorded.metadata).toEqual({
      actorId: 'handler.one',
      role: 'handler',
      unitId: 'outlet',
      occurredAt: NOW.toISOString(),
      correlationId: 'correlation-1',
      causationId: 'request-2',
      schemaVersion: 1,
    });
    expect(outcome.recorded.map((event) => event.id)).toEqual([recorded.id]);
  });

  it('lets the authorize hook refuse before anything is decided or written', async () => {
    const { store, commands } = setUp();
    await registered(commands);
    const refusal = new Error('not yours');
    await expect(
      commands.execute(COMPLAINTS, 'c1', note('x'), asRequest(handler), {
        authorize: () => {
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(await eventCount(store, 'complaint-c1')).toBe(1);
  });

  describe('on a concurrent write', () => {
    it('decides again on the fresh state, so both commands land in order', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      store.interceptNextAppend(async () => {
        await commands.execute(COMPLAINTS, 'c1', note('the competitor'), asRequest(head));
      });
      const outcome = await commands.execute(COMPLAINTS, 'c1', note('mine'), asRequest(handler));

      expect(outcome.revision).toBe(2n);
      const notes = (outcome.state as ComplaintState).context.notes.map((entry) => entry.text);
      expect(notes).toEqual(['the competitor', 'mine']);
    });

    it('re-checks the lifecycle, so of two exclusive commands only one wins', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      store.interceptNextAppend(async () => {
        await commands.execute(COMPLAINTS, 'c1', { type: 'withdraw', reason: 'customer withdrew' }, asRequest(head));
      });
      await expect(commands.execute(COMPLAINTS, 'c1', { type: 'withdraw', reason: 'again' }, asRequest(handler))).rejects.toBeInstanceOf(CommandNotAllowedError);
      expect(await eventCount(store, 'complaint-c1')).toBe(2);
    });

    it('gives up after the configured attempts', async () => {
      const { store, commands } = setUp({ maxAttempts: 2 });
      await registered(commands);
      const competitor = async (): Promise<void> => {
        await commands.execute(COMPLAINTS, 'c1', note('competitor'), asRequest(head));
      };
      store.interceptNextAppend(async () => {
        await competitor();
        store.interceptNextAppend(competitor);
      });
      await expect(commands.execute(COMPLAINTS, 'c1', note('mine'), asRequest(handler))).rejects.toBeInstanceOf(WriteContentionError);
    });
  });

  describe('with If-Match', () => {
    it('refuses a stale revision with the current one, appending nothing', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      await commands.execute(COMPLAINTS, 'c1', note('first'), asRequest(handler));

      const stale = commands.execute(COMPLAINTS, 'c1', note('second'), asRequest(handler), { expectedRevision: 0n });
      await expect(stale).rejects.toMatchObject({ constructor: StaleRevisionError, currentRevision: 1n, expectedRevision: 0n });
      expect(await eventCount(store, 'complaint-c1')).toBe(2);
    });

    it('does not retry a write that lost a race, since the caller decided on what it saw', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      store.interceptNextAppend(async () => {
        await commands.execute(COMPLAINTS, 'c1', note('competitor'), asRequest(head));
      });
      await expect(commands.execute(COMPLAINTS, 'c1', note('mine'), asRequest(handler), { expectedRevision: 0n })).rejects.toMatchObject({
        constructor: StaleRevisionError,
        currentRevision: 1n,
      });
      expect(await eventCount(store, 'complaint-c1')).toBe(2);
    });

    it('accepts the current revision', async () => {
      const { commands } = setUp();
      await registered(commands);
      const outcome = await commands.execute(COMPLAINTS, 'c1', note('mine'), asRequest(handler), { expectedRevision: 0n });
      expect(outcome.revision).toBe(1n);
    });
  });

  describe('with an Idempotency-Key', () => {
    const claim = { key: 'key-1', requestHash: requestHash('POST /complaints/c1/notes', { text: 'once' }) };

    it('derives the event ids from user, key and index and records the key and request hash', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(handler), { idempotency: claim });
      const [, recorded] = await store.readStream('complaint-c1');
      expect(recorded.id).toBe(keyedEventId('handler.one', 'key-1', 0));
      expect(recorded.metadata).toMatchObject({ idempotencyKey: 'key-1', requestHash: claim.requestHash });
    });

    it('answers a retry with the outcome as it was, even after later events, and records nothing new', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      const first = await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(handler), { idempotency: claim });
      await commands.execute(COMPLAINTS, 'c1', note('later'), asRequest(head));
      const retry = await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(handler), { idempotency: claim });

      expect(retry.replayed).toBe(true);
      expect(retry.revision).toBe(first.revision);
      expect(retry.state.context).toEqual(first.state.context);
      expect(retry.recorded.map((event) => event.id)).toEqual(first.recorded.map((event) => event.id));
      expect(await eventCount(store, 'complaint-c1')).toBe(3);
    });

    it('treats the same key from another user as a different key', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(handler), { idempotency: claim });
      const other = await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(head), { idempotency: claim });
      expect(other.replayed).toBe(false);
      expect(await eventCount(store, 'complaint-c1')).toBe(3);
    });

    it('refuses the key with another request, appending nothing', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(handler), { idempotency: claim });
      const otherBody = { key: 'key-1', requestHash: requestHash('POST /complaints/c1/notes', { text: 'twice' }) };
      await expect(commands.execute(COMPLAINTS, 'c1', note('twice'), asRequest(handler), { idempotency: otherBody })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await eventCount(store, 'complaint-c1')).toBe(2);
    });

    it('refuses the key reused on another stream', async () => {
      const { store, commands } = setUp();
      await registered(commands, 'c1');
      await registered(commands, 'c2');
      await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(handler), { idempotency: claim });
      const elsewhere = { key: 'key-1', requestHash: requestHash('POST /complaints/c2/notes', { text: 'once' }) };
      await expect(commands.execute(COMPLAINTS, 'c2', note('once'), asRequest(handler), { idempotency: elsewhere })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await eventCount(store, 'complaint-c2')).toBe(1);
    });

    it('records one set of events when two requests with the key race, and refuses the one with another body', async () => {
      const { store, commands } = setUp();
      await registered(commands);
      // The loser loaded before the winner appended, so it cannot see the key yet; the ids tell.
      store.interceptNextAppend(async () => {
        await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(handler), { idempotency: claim });
      });
      const sameBody = await commands.execute(COMPLAINTS, 'c1', note('once'), asRequest(handler), { idempotency: claim });
      expect(sameBody.revision).toBe(1n);
      expect(await eventCount(store, 'complaint-c1')).toBe(2);

      const raceClaim = { key: 'key-2', requestHash: requestHash('POST /complaints/c1/notes', { text: 'A' }) };
      store.interceptNextAppend(async () => {
        await commands.execute(COMPLAINTS, 'c1', note('A'), asRequest(handler), { idempotency: raceClaim });
      });
      const otherBody = { key: 'key-2', requestHash: requestHash('POST /complaints/c1/notes', { text: 'B' }) };
      await expect(commands.execute(COMPLAINTS, 'c1', note('B'), asRequest(handler), { idempotency: otherBody })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await eventCount(store, 'complaint-c1')).toBe(3);
    });
  });
});

describe('CommandHandler follow-ups: the finding of a valid complaint reply', () => {
  const validReply: ComplaintCommand = { type: 'reply', responsibility: 'valid', text: '已整改并致歉', channel: 'phone' };

  it('creates the finding once, as the system, caused by the reply event', async () => {
    const { store, commands } = setUp();
    await registered(commands);
    const replied = await commands.execute(COMPLAINTS, 'c1', validReply, asRequest(handler, 'request-reply'));
    await commands.completeFollowUps(COMPLAINTS, replied);
    await commands.completeFollowUps(COMPLAINTS, await commands.load(COMPLAINTS, 'c1'));

    const replyEvent = replied.recorded[0];
    const findingId = (replyEvent.data as { findingId: string }).findingId;
    const finding = await store.readStream(`finding-${findingId}`);
    expect(finding).toHaveLength(1);
    expect(finding[0].id).toBe(causedEventId(replyEvent.id, 0));
    expect(finding[0].data).toMatchObject({ source: { kind: 'complaint', complaintId: 'c1' }, unitId: 'outlet', category: 'attitude' });
    expect(finding[0].metadata).toMatchObject({ actorId: 'system', role: 'system', causationId: replyEvent.id, correlationId: 'correlation-1' });
  });

  it('is repaired by the next access when the process died between the two appends', async () => {
    const { store, commands } = setUp();
    await registered(commands);
    const replied = await commands.execute(COMPLAINTS, 'c1', validReply, asRequest(handler));
    const findingId = (replied.recorded[0].data as { findingId: string }).findingId;
    store.failNextAppendTo = 'finding-';
    const failures: unknown[] = [];
    const failing = new CommandHandler(store, clock, orgTree, { onFollowUpFailed: (error) => failures.push(error) });
    await failing.completeFollowUps(COMPLAINTS, replied);
    expect(failures).toHaveLength(1);
    await expect(store.readStream(`finding-${findingId}`)).rejects.toThrow(/not found/);

    await commands.completeFollowUps(COMPLAINTS, await commands.load(COMPLAINTS, 'c1'));
    const finding = await commands.load(FINDINGS, findingId);
    expect(finding.revision).toBe(0n);
    expect(finding.state.value).toBe('received');
  });

  it('leaves a finding created concurrently alone', async () => {
    const { store, commands } = setUp();
    await registered(commands);
    const replied = await commands.execute(COMPLAINTS, 'c1', validReply, asRequest(handler));
    await Promise.all([commands.completeFollowUps(COMPLAINTS, replied), commands.completeFollowUps(COMPLAINTS, replied)]);
    const findingId = (replied.recorded[0].data as { findingId: string }).findingId;
    expect(await eventCount(store, `finding-${findingId}`)).toBe(1);
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
    store.failNextAppendTo = 'complaint-';
    await expect(registered(commands)).rejects.toThrow('process died');
    expect(await store.readStream('complaint-c1').catch(() => [])).toEqual([]);

    const outcome = await commands.execute(COMPLAINTS, 'c1', register('c1'), asRequest(handler));
    expect(outcome.recorded.map((event) => [event.type, event.revision])).toEqual([
      ['ComplaintRegistered', 0n],
      ['Observed', 1n],
    ]);
    const input = noting.inputs.at(-1)!;
    expect(input).toMatchObject({ kind: 'complaint', id: 'c1', history: [], now: NOW.toISOString() });
    expect((input.state as ComplaintState).value).toBe('received');
  });

  it('is not consulted when the command decides nothing, and shares caller-supplied deterministic ids', async () => {
    noting.inputs = [];
    const { store, commands } = setUp({ companions: [noting] });
    await commands.executeDecision(COMPLAINTS, 'c1', () => [], asRequest(handler));
    expect(noting.inputs).toEqual([]);
    const ids = ['6f4c3a52-8d1e-4b7a-9c60-00000000000a', '6f4c3a52-8d1e-4b7a-9c60-00000000000b'];
    await commands.execute(COMPLAINTS, 'c1', register('c1'), asRequest(handler), { eventIds: (index) => ids[index]! });
    expect((await store.readStream('complaint-c1')).map((event) => event.id)).toEqual(ids);
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

  const comparable = (loaded: LoadedAggregate<ComplaintState>) => ({
    exists: loaded.exists,
    revision: loaded.revision,
    ids: loaded.history.map((event) => event.id),
    value: loaded.exists ? loaded.state.value : undefined,
    context: loaded.exists ? loaded.state.context : undefined,
  });

  it('reads only the tail after the cached head and folds it on', async () => {
    const store = new CountingStore();
    const commands = new CommandHandler(store, clock, orgTree);
    await registered(commands);
    await commands.execute(COMPLAINTS, 'c1', note('one'), asRequest(handler));
    store.reads = [];

    const loaded = await commands.load(COMPLAINTS, 'c1');
    expect(store.reads).toEqual([
      { stream: 'complaint-c1', from: 'start', maxCount: 1 },
      { stream: 'complaint-c1', from: 1n, maxCount: undefined },
    ]);
    expect(loaded.state.context.notes.map((entry) => entry.text)).toEqual(['one']);
  });

  it('sees what another handler (another process on the same store) appended between two loads', async () => {
    const store = new InMemoryEventStore();
    const mine = new CommandHandler(store, clock, orgTree);
    const theirs = new CommandHandler(store, clock, orgTree);
    await registered(mine);
    expect((await mine.load(COMPLAINTS, 'c1')).revision).toBe(0n);

    await theirs.execute(COMPLAINTS, 'c1', note('from elsewhere'), asRequest(head));
    const loaded = await mine.load(COMPLAINTS, 'c1');
    expect(loaded.revision).toBe(1n);
    expect(loaded.state.context.notes.map((entry) => entry.text)).toEqual(['from elsewhere']);
    const outcome = await mine.execute(COMPLAINTS, 'c1', note('mine'), asRequest(handler));
    expect(outcome.state.context.notes.map((entry) => entry.text)).toEqual(['from elsewhere', 'mine']);
  });

  it('decides again on the fresh tail after losing a race to another handler', async () => {
    const store = new InterceptingStore();
    const mine = new CommandHandler(store, clock, orgTree, { backoffMs: () => 0 });
    const theirs = new CommandHandler(store, clock, orgTree);
    await registered(mine);
    store.interceptNextAppend(async () => {
      await theirs.execute(COMPLAINTS, 'c1', note('competitor'), asRequest(head));
    });
    const outcome = await mine.execute(COMPLAINTS, 'c1', note('mine'), asRequest(handler));
    expect(outcome.revision).toBe(2n);
    expect(comparable(await mine.load(COMPLAINTS, 'c1'))).toEqual(comparable(await theirs.load(COMPLAINTS, 'c1')));
  });

  it('reads a stream whole again when the cached head is no longer in it (deleted or replaced)', async () => {
    let store = new InMemoryEventStore();
    const swappable = new Proxy({} as EventStore, { get: (_, name: keyof EventStore) => store[name].bind(store) });
    const commands = new CommandHandler(swappable, clock, orgTree);
    await registered(commands);
    await commands.execute(COMPLAINTS, 'c1', note('old'), asRequest(handler));

    store = new InMemoryEventStore();
    expect((await commands.load(COMPLAINTS, 'c1')).exists).toBe(false);
    await registered(commands);
    await commands.execute(COMPLAINTS, 'c1', note('new 1'), asRequest(handler));
    await new CommandHandler(store, clock, orgTree).execute(COMPLAINTS, 'c1', note('new 2'), asRequest(handler));
    store = new InMemoryEventStore();
    await registered(new CommandHandler(store, clock, orgTree));
    await new CommandHandler(store, clock, orgTree).execute(COMPLAINTS, 'c1', note('other'), asRequest(handler));

    const loaded = await commands.load(COMPLAINTS, 'c1');
    expect(loaded.revision).toBe(1n);
    expect(loaded.state.context.notes.map((entry) => entry.text)).toEqual(['other']);
  });

  it('reads a stream whole again when its first event is no longer the one remembered (a deleted registration)', async () => {
    let store = new InMemoryEventStore();
    const swappable = new Proxy({} as EventStore, { get: (_, name: keyof EventStore) => store[name].bind(store) });
    const commands = new CommandHandler(swappable, clock, orgTree);
    await registered(commands);
    const noted = await commands.execute(COMPLAINTS, 'c1', note('kept'), asRequest(handler));

    // The same head at the same revision, but revision 0 is something else now.
    store = new InMemoryEventStore();
    const [, kept] = noted.history;
    await store.appendToStream('complaint-c1', [{ ...kept, id: randomUUID() }, kept]);
    // As an uncached handler folds it: a stream that does not start with its registration is corrupt.
    await expect(new CommandHandler(store, clock, orgTree).load(COMPLAINTS, 'c1')).rejects.toThrow(EventRejectedError);
    await expect(commands.load(COMPLAINTS, 'c1')).rejects.toThrow(EventRejectedError);
  });

  it('keeps at most the configured number of streams, dropping the least recently used', async () => {
    const store = new CountingStore();
    const commands = new CommandHandler(store, clock, orgTree, { cachedStreams: 2 });
    for (const id of ['c1', 'c2', 'c3']) await registered(commands, id);
    await commands.load(COMPLAINTS, 'c2');
    await commands.load(COMPLAINTS, 'c3');
    store.reads = [];

    await commands.load(COMPLAINTS, 'c1');
    await commands.load(COMPLAINTS, 'c3');
    expect(store.reads).toEqual([
      { stream: 'complaint-c1', from: 'start', maxCount: undefined },
      { stream: 'complaint-c3', from: 0n, maxCount: undefined },
    ]);
  });

  it('gives what an uncached handler gives, on random commands, keys and writes by another handler', async () => {
    const step = fc.record({
      writer: fc.constantFrom('mine', 'theirs'),
      id: fc.constantFrom('c1', 'c2', 'c3'),
      command: fc.constantFrom<ComplaintCommand['type']>('register', 'add-note', 'add-note', 'withdraw'),
      key: fc.option(fc.constantFrom('k1', 'k2', 'k3')),
      text: fc.constantFrom('a', 'b'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const store = new InMemoryEventStore();
        const writers = { mine: new CommandHandler(store, clock, orgTree, { cachedStreams: 2 }), theirs: new CommandHandler(store, clock, orgTree) };
        const uncached = new CommandHandler(store, clock, orgTree, { cachedStreams: 0 });
        for (const { writer, id, command, key, text } of steps) {
          const body = command === 'register' ? register(id) : command === 'add-note' ? note(text) : { type: 'withdraw' as const, reason: text };
          const idempotency = key === null ? undefined : { key, requestHash: requestHash(`POST /complaints/${id}`, body) };
          const outcome = await writers[writer].execute(COMPLAINTS, id, body, asRequest(handler), { idempotency }).catch((error: Error) => error);
          const fresh = await uncached.load(COMPLAINTS, id);
          if (!(outcome instanceof Error) && !outcome.replayed) expect(comparable(outcome)).toEqual(comparable(fresh));
          for (const other of ['c1', 'c2', 'c3']) {
            expect(comparable(await writers.mine.load(COMPLAINTS, other))).toEqual(comparable(await uncached.load(COMPLAINTS, other)));
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
