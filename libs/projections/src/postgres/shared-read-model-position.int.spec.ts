import { Pool } from 'pg';
import { openPostgresEventStore, type PostgresEventStore } from '@duban/event-store';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../../event-store/src/testing/postgres-test-schema';
import { waitFor } from '../../../event-store/src/testing/test-events';
import { actedAt, appendEvent, registerComplaint } from '../testing/case-events';
import { LeasedProjector } from './leased-projector';
import { SharedReadModelPosition } from './shared-read-model-position';

describe('SharedReadModelPosition: an API instance follows the shared projector’s checkpoint', () => {
  const schema = uniqueTestSchema('position');
  let store: PostgresEventStore;
  let pool: Pool;
  let projector: LeasedProjector;
  let position: SharedReadModelPosition;

  beforeAll(async () => {
    ({ store } = await openPostgresEventStore({ connectionString: testDatabaseUrl(), schema }));
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    projector = new LeasedProjector(store, { connectionString: testDatabaseUrl(), schema, retryMs: 100, pollMs: 20 });
    // Polling an hour apart: only the projector's NOTIFY can move the position during the test.
    position = new SharedReadModelPosition(pool, store, { connectionString: testDatabaseUrl(), schema, pollMs: 3_600_000 });
    position.start();
  });
  afterAll(async () => {
    await projector.stop();
    await position.stop();
    await pool.end();
    await store.close();
    await dropTestSchemas([schema]);
  });

  it('waits in vain while no projector runs, counting the events behind; then learns each page from its notification', async () => {
    await registerComplaint(store, 'c1', 'haicheng', '2026-03-03T01:00:00.000Z');
    const { position: assigned } = await appendEvent(store, 'complaint-c1', 'ComplaintAssigned', { assigneeId: 'handler.haicheng', ...actedAt('2026-03-03T02:00:00.000Z') });
    expect(await position.waitFor(assigned, 300)).toBe(false);
    expect(await position.lag()).toEqual({ position: 0n, headPosition: assigned, lag: 2n });

    projector.start();
    expect(await position.waitFor(assigned, 10_000)).toBe(true);
    // Give the listening connection time to be open for certain, then a write the poll would not see for an hour.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { position: registered } = await registerComplaint(store, 'c2', 'haicheng', '2026-03-03T03:00:00.000Z');
    // Not through waitFor, which also reads the checkpoint once.
    await waitFor(() => position.position() === registered, 'the notification of the page', 10_000);
    expect(await position.lag()).toEqual({ position: registered, headPosition: registered, lag: 0n });
  });
});
