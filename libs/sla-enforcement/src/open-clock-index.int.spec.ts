import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresEventStore, openSqliteEventStore, type EventStore, type ProjectionStateStore, type RecordedEvent } from '@duban/event-store';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../event-store/src/testing/postgres-test-schema';
import type { ClockFiring } from './case-clocks';
import { OPEN_CLOCKS_PROJECTION, OpenClockIndex } from './open-clock-index';
import { plus, registered, slaSetUpOn, START, staticRules } from './testing/sla-test-kit';

const SECOND = 1000;
const directory = mkdtempSync(join(tmpdir(), 'duban-open-clocks-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await dropTestSchemas(schemas);
});

type Opened = { store: EventStore; projectionState: ProjectionStateStore };
/** Each call opens the same file or schema again, as a restarted worker would. */
const stores: [string, () => () => Promise<Opened>][] = [
  [
    'SQLite',
    () => {
      const file = join(directory, `${schemas.length}-${Date.now()}.sqlite`);
      return async () => openSqliteEventStore({ file });
    },
  ],
  [
    'PostgreSQL',
    () => {
      const schema = uniqueTestSchema('clocks');
      schemas.push(schema);
      return () => openPostgresEventStore({ connectionString: testDatabaseUrl(), schema });
    },
  ],
];

describe.each(stores)('OpenClockIndex saved in the event store (%s)', (_, storage) => {
  it('a restarted worker loads the saved index and reads only the clock events appended after its position', async () => {
    const open = storage();
    const rules = staticRules();
    const before = await open();
    const { commands } = slaSetUpOn(before.store, rules);
    await registered(commands, 'c1');
    await registered(commands, 'c2');
    await new OpenClockIndex(before.store, rules, { state: before.projectionState }).findDueOrUpcoming(START, 0);
    await before.store.close();

    const after = await open();
    try {
      const saved = await after.projectionState.load(OPEN_CLOCKS_PROJECTION);
      expect([...saved!.documents.keys()].sort()).toEqual(['complaint-c1', 'complaint-c2']);
      const { clock, commands: restartedCommands } = slaSetUpOn(after.store, rules);
      clock.advance(10 * SECOND);
      await registered(restartedCommands, 'c3', { receivedAt: plus(10 * SECOND) });

      const reads = jest.spyOn(after.store, 'readAll');
      const firings = await new OpenClockIndex(after.store, rules, { state: after.projectionState }).findDueOrUpcoming(clock.now(), 60 * SECOND);

      expect(reads).toHaveBeenCalledTimes(1);
      expect(reads.mock.calls[0][0]).toMatchObject({ fromPosition: saved!.position });
      const read: RecordedEvent[] = await reads.mock.results[0].value;
      // Inclusive: the saved position's own event is read again (and skipped); all the others are c3's.
      expect(read[0].position).toBe(saved!.position);
      expect(read.slice(1).map((event) => event.stream)).toEqual(read.slice(1).map(() => 'complaint-c3'));
      expect(read.length).toBeGreaterThan(1);
      reads.mockRestore();
      // Firings due at one instant come in no particular order.
      const inOrder = (found: ClockFiring[]) => [...found].sort((a, b) => a.at.localeCompare(b.at) || a.stream.localeCompare(b.stream));
      expect(inOrder(firings).map((firing) => firing.stream)).toEqual(['complaint-c1', 'complaint-c2', 'complaint-c1', 'complaint-c2', 'complaint-c3', 'complaint-c3']);
      expect(inOrder(firings)).toEqual(inOrder(await new OpenClockIndex(after.store, rules).findDueOrUpcoming(clock.now(), 60 * SECOND)));
    } finally {
      await after.store.close();
    }
  });
});
