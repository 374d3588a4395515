import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { ensurePostgres, type EnsuredPostgres } from '../../libs/event-store/src/adapters/postgres/local-postgres';
import { SHIPPED_POLICIES, newSetting, removeSetting, type CrashSetting } from '../support/crash-scenarios';
import { complaintBody } from '../support/demo-data';
import { processEnv, startApiProcess, type ApiProcess, type HttpClient } from '../support/duban-processes';

/**
 * The API on a PostgreSQL server that is stopped and started again under load (a private server on
 * a free port, so the machine's is not disturbed): while it is down, commands answer 503 and change
 * nothing; afterwards the API recovers by itself, every acknowledged command is in the log, and a
 * retry of each refused one with its idempotency key lands exactly once. The API is the only process,
 * so it builds the shared read models itself (PROJECTOR_CANDIDATES=all): after the restart it takes
 * the projector role again and its lists catch up, no event applied twice.
 */
jest.setTimeout(180_000);

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

describe('the API while its PostgreSQL restarts', () => {
  const setting: CrashSetting = newSetting('postgres-restart', SHIPPED_POLICIES);
  const serverDir = mkdtempSync(join(tmpdir(), 'duban-postgres-restart-'));
  let postgres: EnsuredPostgres;
  let api: ApiProcess;
  let handler: HttpClient;

  beforeAll(async () => {
    postgres = await ensurePostgres({ url: `postgres://postgres@127.0.0.1:${await freePort()}/duban`, dataDir: serverDir, installWhenRoot: false });
    // Four lanes of notes whose 503s come back at once can pass the per-user rate limit; that is not what this tests.
    api = await startApiProcess(
      processEnv({ ...setting, extra: { EVENT_STORE: 'postgres', DATABASE_URL: postgres.url, RATE_LIMIT_PER_MINUTE: '100000', PROJECTOR_CANDIDATES: 'all' } }),
    );
    handler = await api.http.as('handler.haicheng');
  });
  afterAll(async () => {
    await removeSetting(setting);
    await postgres?.stop().catch(() => undefined);
    rmSync(serverDir, { recursive: true, force: true });
  });

  it('answers 503 while the server is down, recovers, loses no acknowledged command and doubles none, and its lists catch up', async () => {
    const registered = await handler.post('/complaints', complaintBody(), { 'Idempotency-Key': randomUUID() });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    const sent: { key: string; text: string; status: number }[] = [];
    let loading = true;
    const appender = async (lane: number) => {
      for (let index = 0; loading; index++) {
        const note = { key: randomUUID(), text: `第 ${lane}-${index} 条备注`, status: 0 };
        note.status = (await handler.post(`/complaints/${id}/notes`, { text: note.text }, { 'Idempotency-Key': note.key }).catch(() => ({ status: -1 }))).status;
        sent.push(note);
        await sleep(20);
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(appender));

    await sleep(1_500);
    await postgres.stop();
    await sleep(2_500);
    const ready = await api.http.get('/health/ready').catch((error: unknown) => {
      throw new Error(`The API did not answer while PostgreSQL was down (${String(error)}); its output:\n${api.output()}`);
    });
    await postgres.start();
    await sleep(4_000);
    loading = false;
    await load;

    const statuses = new Set(sent.map((note) => note.status));
    expect([...statuses].sort()).toEqual([200, 503]);
    expect(ready.status).toBe(503);
    // After the restart the API answers again without being restarted itself.
    expect(sent.slice(-4).map((note) => note.status)).toEqual([200, 200, 200, 200]);

    const refused = sent.filter((note) => note.status !== 200);
    for (const note of refused) {
      const retried = await handler.post(`/complaints/${id}/notes`, { text: note.text }, { 'Idempotency-Key': note.key });
      expect({ text: note.text, status: retried.status }).toEqual({ text: note.text, status: 200 });
    }

    const database = new Client({ connectionString: postgres.url });
    await database.connect();
    try {
      const { rows } = await database.query<{ text: string }>(`SELECT data->>'text' AS text FROM duban.events WHERE stream = $1 AND type = 'ComplaintNoteAdded'`, [
        `complaint-${id}`,
      ]);
      const recorded = rows.map((row) => row.text);
      expect(recorded.length).toBe(new Set(recorded).size);
      expect(new Set(recorded)).toEqual(new Set(sent.map((note) => note.text)));

      const { rows: heads } = await database.query<{ head: string }>('SELECT max(position)::text AS head FROM duban.events');
      const listed = await handler.get(`/complaints?minPosition=${heads[0].head}`);
      expect({ status: listed.status, ids: listed.body.items?.map((item: { id: string }) => item.id) }).toEqual({ status: 200, ids: [id] });
      const { rows: applied } = await database.query<{ events_applied: string; events: string }>(
        `SELECT c.events_applied::text, (SELECT count(*) FROM duban.events e WHERE e.position <= c.position)::text AS events FROM duban.read_checkpoints c`,
      );
      expect(applied).toHaveLength(1);
      expect(applied[0].events_applied).toBe(applied[0].events);
      const readiness = await api.http.get('/health/ready');
      expect(readiness.body.projections).toEqual({ position: heads[0].head, headPosition: heads[0].head, lag: '0' });
    } finally {
      await database.end();
    }
  });
});
