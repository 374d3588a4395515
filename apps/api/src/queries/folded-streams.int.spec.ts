import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type EventStore } from '@duban/event-store';
import type { StoredEvent } from '@duban/workflow';
import { FoldedStreams } from './folded-streams';

/** A fold whose state shows every event it saw, in order, so a missed, doubled or reordered event shows. */
type Seen = { stream: string; notes: string[] };
type Note = { stream: string; text: string };
const foldNotes = (events: readonly StoredEvent[], from?: Seen): Seen => {
  const notes = events.map((event) => event.data as Note);
  return { stream: notes[0]?.stream ?? from!.stream, notes: [...(from?.notes ?? []), ...notes.map((note) => note.text)] };
};

describe('FoldedStreams', () => {
  let directory: string;
  let store: EventStore;
  let folded: FoldedStreams<Seen, Seen>;

  const note = (stream: string, text: string) => store.appendToStream(stream, [{ id: randomUUID(), type: 'Noted', data: { stream, text }, metadata: {} }]);
  const sorted = (items: Seen[]) => [...items].sort((a, b) => a.stream.localeCompare(b.stream));

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'duban-folded-streams-'));
    store = openSqliteEventStore({ file: join(directory, 'events.sqlite'), synchronous: 'NORMAL' }).store;
    folded = new FoldedStreams(store, 'inspection-', foldNotes, (state) => (state.notes.includes('hidden') ? undefined : state));
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('folds only its kind, and a later read folds what was recorded since on from each stream state', async () => {
    await note('inspection-a', 'a1');
    await note('complaint-x', 'x1');
    await note('inspection-b', 'b1');
    expect(sorted(await folded.items())).toEqual([
      { stream: 'inspection-a', notes: ['a1'] },
      { stream: 'inspection-b', notes: ['b1'] },
    ]);

    await note('inspection-a', 'a2');
    await note('complaint-x', 'x2');
    await note('inspection-c', 'c1');
    await note('inspection-a', 'a3');
    expect(sorted(await folded.items())).toEqual([
      { stream: 'inspection-a', notes: ['a1', 'a2', 'a3'] },
      { stream: 'inspection-b', notes: ['b1'] },
      { stream: 'inspection-c', notes: ['c1'] },
    ]);
  });

  it('reads after a stretch of other kinds see the events that follow it, and leave out streams whose item is undefined', async () => {
    await note('inspection-a', 'a1');
    await folded.items();
    for (let index = 0; index < 200; index++) await note(`complaint-${index}`, 'x');
    await note('inspection-a', 'hidden');
    await note('inspection-b', 'b1');
    expect(await folded.items()).toEqual([{ stream: 'inspection-b', notes: ['b1'] }]);
  });

  it('reads at once see every event recorded before they began, each folded once', async () => {
    await note('inspection-a', 'a1');
    const first = folded.items();
    await note('inspection-a', 'a2');
    const [, second] = await Promise.all([first, folded.items()]);
    expect(second).toEqual([{ stream: 'inspection-a', notes: ['a1', 'a2'] }]);
  });
});
