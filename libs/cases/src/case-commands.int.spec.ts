import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type EventStore } from '@duban/event-store';
import { COMPLAINTS } from './aggregates';
import { CaseCommandHandler } from './case-commands';
import { asRequest, clock, handler, head, note, orgTree, register } from './testing/command-fixtures';

describe('CaseCommandHandler cache over one SQLite file shared by two processes (two connections)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'duban-commands-'));
  const stores: EventStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  it("sees the other process's appends on the next load and command", async () => {
    const file = join(directory, 'events.sqlite');
    const [first, second] = [openSqliteEventStore({ file }).store, openSqliteEventStore({ file }).store];
    stores.push(first, second);
    const [mine, theirs] = [new CaseCommandHandler(first, clock, orgTree), new CaseCommandHandler(second, clock, orgTree)];
    await mine.execute(COMPLAINTS, 'c1', register('c1'), asRequest(handler));
    await mine.execute(COMPLAINTS, 'c1', note('mine 1'), asRequest(handler));
    await theirs.execute(COMPLAINTS, 'c1', note('theirs'), asRequest(head));

    expect((await mine.load(COMPLAINTS, 'c1')).revision).toBe(2n);
    const outcome = await mine.execute(COMPLAINTS, 'c1', note('mine 2'), asRequest(handler));
    expect(outcome.revision).toBe(3n);
    expect(outcome.state.context.notes.map((entry) => entry.text)).toEqual(['mine 1', 'theirs', 'mine 2']);
    expect((await theirs.load(COMPLAINTS, 'c1')).state.context).toEqual(outcome.state.context);
  });
});
