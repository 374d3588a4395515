import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type EventStore } from '@duban/event-store';
import { COMPLAINTS } from './aggregates';
import { CaseCommandHandler } from './case-commands';
import { asRequest, clock, handler, orgTree, register } from './testing/command-fixtures';

describe('case numbers from two command handlers on one SQLite file (two API instances)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'duban-numbers-'));
  const stores: EventStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('never hands out a number twice and leaves no gap when every registration succeeds', async () => {
    const file = join(directory, 'events.sqlite');
    const [first, second] = [openSqliteEventStore({ file }).store, openSqliteEventStore({ file }).store];
    stores.push(first, second);
    const instances = [new CaseCommandHandler(first, clock, orgTree), new CaseCommandHandler(second, clock, orgTree)];
    const perInstance = 25;
    const registrations = instances.flatMap((commands, instance) =>
      Array.from({ length: perInstance }, async (_, index) => {
        const id = `c-${instance}-${index}`;
        const outcome = await commands.execute(COMPLAINTS, id, register(id), asRequest(handler));
        return { stream: `complaint-${id}`, number: outcome.state.context.number };
      }),
    );
    const numbered = await Promise.all(registrations);

    const expected = Array.from({ length: 2 * perInstance }, (_, index) => `TS-2024-${String(index + 1).padStart(6, '0')}`);
    expect(numbered.map(({ number }) => number).sort()).toEqual(expected);
    // The counter says which case got which number, in the order the store serialised them.
    const allocations = await first.readStream('case-numbers-TS-2024');
    expect(allocations.map(({ data }) => data.number)).toEqual(expected);
    expect(Object.fromEntries(allocations.map(({ data }) => [data.caseStream, data.number]))).toEqual(Object.fromEntries(numbered.map(({ stream, number }) => [stream, number])));
  });
});
