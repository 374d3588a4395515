import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openPostgresEventStore, type PostgresEventStore } from '@duban/event-store';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../event-store/src/testing/postgres-test-schema';
import { INTEGRITY_CHECKPOINT_STREAM } from '@duban/integrity';
import { recordIntegrityCheckpoint } from './record-checkpoint';
import { verifyStore } from './verify-store';
import { verifyStream } from './verify-stream';

const event = (index: number) => ({ id: randomUUID(), type: 'Noted', data: { index, text: `note ${index}` }, metadata: { actorId: 'handler.haicheng' } });
const events = (count: number) => Array.from({ length: count }, (_, index) => event(index));

/** The same proofs as on a SQLite file (store-integrity.int.spec.ts), on PostgreSQL edited behind the store's back. */
describe('store integrity on PostgreSQL', () => {
  const schemas: string[] = [];
  let schema: string;
  let store: PostgresEventStore;
  const open = async () => (await openPostgresEventStore({ connectionString: testDatabaseUrl(), schema })).store;
  const tamper = async (sql: string) => {
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      expect((await client.query(sql.replaceAll('events', `"${schema}".events`))).rowCount).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  };

  beforeEach(async () => {
    schema = uniqueTestSchema('integrity');
    schemas.push(schema);
    store = await open();
    await store.appendToStream('complaint-1', events(5));
    await store.appendToStream('complaint-2', events(3));
    await recordIntegrityCheckpoint(store);
    await store.appendToStream('complaint-1', [event(5)]);
  });
  afterEach(() => store.close());
  afterAll(() => dropTestSchemas(schemas));

  it('proves an untouched store and each stream', async () => {
    expect(await verifyStore(store)).toEqual({ valid: true, events: 10, streams: 3, checkpoints: 1, unanchoredEvents: 1, breaks: [] });
    expect(await verifyStream(store, 'complaint-2')).toMatchObject({ valid: true, events: 3, anchor: { checkpoint: 1, revision: 2n } });
  });

  it('catches an edited data field', async () => {
    await tamper(`UPDATE events SET data = jsonb_set(data::jsonb, '{text}', '"nothing happened"')::json WHERE stream = 'complaint-1' AND revision = 2`);

    expect(await verifyStream(store, 'complaint-1')).toMatchObject({ valid: false, brokenAt: 2n, reason: 'content does not match its hash' });
  });

  it('catches a deleted event, and a truncated stream through the checkpoint that anchored its head', async () => {
    await tamper(`DELETE FROM events WHERE stream = 'complaint-1' AND revision = 1`);
    await tamper(`DELETE FROM events WHERE stream = 'complaint-2' AND revision >= 2`);

    expect((await verifyStore(store)).breaks).toEqual([
      { stream: 'complaint-1', brokenAt: 1n, reason: 'revision 1 is missing (next recorded: 2)' },
      { stream: 'complaint-2', brokenAt: 2n, reason: 'checkpoint #1 anchors revision 2, which is no longer there' },
    ]);
  });

  it('records one checkpoint when two processes race for it', async () => {
    const other = await open();
    try {
      const results = await Promise.all([recordIntegrityCheckpoint(store), recordIntegrityCheckpoint(other)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.readStream(INTEGRITY_CHECKPOINT_STREAM)).toHaveLength(2);
    } finally {
      await other.close();
    }
  });
});
