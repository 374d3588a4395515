import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { verifyStreamChain } from '@duban/integrity';
import { WrongExpectedVersionError } from '../../port/event-store.errors';
import type { RecordedEvent } from '../../port/event-store.port';
import { newEvent, waitFor } from '../../testing/test-events';
import { openSqliteEventStore } from './sqlite-event-store';

const APPENDER = resolve(__dirname, '../../../../../test/fixtures/event-store-sqlite-appender.js');
const directory = mkdtempSync(join(tmpdir(), 'duban-event-store-mp-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface Ack {
  stream: string;
  id: string;
}

/** Runs the appender fixture in its own node process; `acks` fills as it acknowledges appends. */
function spawnAppender(config: { file: string; streams: string[]; appends: number; workers: number }, onAck?: (acks: Ack[]) => void) {
  const child = spawn(process.execPath, [APPENDER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let done = false;
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const [word, stream, id] = line.split(' ');
      if (word === 'ack') {
        acks.push({ stream, id });
        onAck?.(acks);
      } else if (word === 'done') done = true;
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  return { child, acks, exited, isDone: () => done, stderr: () => stderr };
}

/** Map.groupBy arrives only in Node 21. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Revisions 0..n-1 in every stream, and each stream's hash chain unbroken whichever process wrote which event. */
function expectContiguousRevisions(events: RecordedEvent[]): void {
  const byStream = groupBy(events, (event) => event.stream);
  for (const streamEvents of byStream.values()) {
    expect(streamEvents.map((event) => event.revision)).toEqual(streamEvents.map((_, index) => BigInt(index)));
    expect(verifyStreamChain(streamEvents)).toEqual({ valid: true, events: streamEvents.length });
  }
}

describe('SQLite event store shared by several processes', () => {
  it('two child processes and this one appending to the same stream concurrently lose nothing', async () => {
    const file = join(directory, `${randomUUID()}.sqlite`);
    const contended = 'complaint-contended';
    const CHILD_APPENDS = 300;
    await openSqliteEventStore({ file }).store.close(); // schema in place before the children race to create it
    const children = [1, 2].map(() => spawnAppender({ file, streams: [contended], appends: CHILD_APPENDS, workers: 5 }));

    const { store } = openSqliteEventStore({ file });
    await waitFor(() => children.every((child) => child.acks.length > 0), 'both children appending');
    // At least 100 of ours, and more for as long as a child still appends, so that the writers overlap even on a loaded machine.
    const ours: ReturnType<typeof newEvent>[] = [];
    while (ours.length < 100 || children.some((child) => !child.isDone() && child.child.exitCode === null)) {
      const event = newEvent('ParentAppended');
      ours.push(event);
      for (let attempt = 1; ; attempt++) {
        if (attempt > 1_000) throw new Error(`Gave up appending ${event.id}`);
        const [head] = await store.readStream(contended, { direction: 'backwards', maxCount: 1 }).catch(() => []);
        try {
          await store.appendToStream(contended, [event], { expectedRevision: head?.revision ?? 'no_stream' });
          break;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
        }
      }
      await new Promise((resolveTick) => setImmediate(resolveTick));
    }
    const exits = await Promise.all(children.map((child) => child.exited));

    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    children.forEach((child) => expect(child.isDone()).toBe(true));
    const recorded = await store.readStream(contended);
    const expectedIds = [...ours.map((event) => event.id), ...children.flatMap((child) => child.acks.map((ack) => ack.id))];
    // The three writers really overlapped: children's events sit between our first and last one.
    const ourIds = new Set(ours.map((event) => event.id));
    const ourRevisions = recorded.filter((event) => ourIds.has(event.id)).map((event) => event.revision);
    const [firstOurs, lastOurs] = [ourRevisions[0], ourRevisions.at(-1)!];
    expect(recorded.some((event) => !ourIds.has(event.id) && event.revision > firstOurs && event.revision < lastOurs)).toBe(true);
    expect(recorded).toHaveLength(ours.length + 2 * CHILD_APPENDS);
    expect(new Set(recorded.map((event) => event.id))).toEqual(new Set(expectedIds));
    expectContiguousRevisions(recorded);
    await store.close();
  }, 60_000);

  it('after SIGKILL mid-way through 1,000 concurrent appends, every acknowledged event is there exactly once and the file is intact', async () => {
    const file = join(directory, `${randomUUID()}.sqlite`);
    const streams = Array.from({ length: 25 }, (_, index) => `complaint-${index}`);
    const KILL_AFTER_ACKS = 300;
    const appender = spawnAppender({ file, streams, appends: 1_000, workers: 50 }, (acks) => {
      if (acks.length === KILL_AFTER_ACKS) appender.child.kill('SIGKILL');
    });

    const exit = await appender.exited;

    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(appender.isDone()).toBe(false); // killed mid-way, not after the last append
    expect(appender.acks.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(appender.acks.length).toBeLessThan(1_000);

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      raw.close();
    }
    const { store } = openSqliteEventStore({ file });
    const all = await store.readAll();
    const recordedById = groupBy(all, (event) => event.id);
    for (const ack of appender.acks) {
      expect(recordedById.get(ack.id)?.map((event) => event.stream)).toEqual([ack.stream]);
    }
    expect(recordedById.size).toBe(all.length); // no duplicates among what was written, acknowledged or not
    expect(all.length).toBeGreaterThanOrEqual(appender.acks.length);
    expectContiguousRevisions(all);
    await store.close();
  }, 60_000);
});
