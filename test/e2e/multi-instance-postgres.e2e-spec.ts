import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { openPostgresEventStore } from '@duban/event-store';
import { PostgresCaseQueries, replayCheck } from '@duban/projections';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../libs/event-store/src/testing/postgres-test-schema';
import { ONE_ESCALATION_POLICIES, waitFor, newSetting, removeSetting, type CrashSetting } from '../support/crash-scenarios';
import { sendContendingCommands } from '../support/contending-commands';
import { complaintBody } from '../support/demo-data';
import { processEnv, startApiProcess, startWorkerProcess, type ApiProcess, type HttpClient } from '../support/duban-processes';

/**
 * Scale-out on PostgreSQL: two API processes and two worker processes on one event-store schema
 * and one Redis (as docker/docker-compose.postgres.yml runs them). Conflicting commands through
 * both APIs must all land (no lost update), If-Match races must have one winner, and two workers
 * sweeping the same due deadlines must escalate each complaint once. The read models are shared in
 * PostgreSQL: one worker builds them, and when it is SIGKILLed mid-load the other takes over
 * without applying an event twice or skipping one, and both APIs list the same cases.
 */
jest.setTimeout(180_000);

const COMPLAINTS = 16;
const HOLDING = 'Holding the projector role';

describe('two APIs and two workers on one PostgreSQL event store and one Redis', () => {
  const setting: CrashSetting = newSetting('multi-postgres', ONE_ESCALATION_POLICIES);
  const schema = uniqueTestSchema('e2e');
  const env = processEnv({ ...setting, extra: { SWEEP_INTERVAL_MS: '1000', EVENT_STORE: 'postgres', DATABASE_URL: testDatabaseUrl(), POSTGRES_SCHEMA: schema } });
  const database = new Client({ connectionString: testDatabaseUrl() });
  let apis: ApiProcess[];
  let handlers: HttpClient[];
  /** What the log holds, read the way an operator's psql would. */
  const count = async (where: string, parameters: unknown[] = []) =>
    Number((await database.query<{ count: string }>(`SELECT COUNT(*) AS count FROM "${schema}".events WHERE ${where}`, parameters)).rows[0].count);

  beforeAll(async () => {
    await database.connect();
    apis = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    handlers = await Promise.all(apis.map((api) => api.http.as('handler.haicheng')));
  });
  afterAll(async () => {
    await removeSetting(setting);
    await database.end();
    await dropTestSchemas([schema]);
  });

  it('keeps every concurrent write, gives If-Match races one winner and escalates each overdue complaint once', async () => {
    const { ids, answered } = await sendContendingCommands(handlers, COMPLAINTS);

    const unanswered = ids.slice(COMPLAINTS / 2).map((id) => `complaint-${id}`);
    const workers = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    try {
      await waitFor(async () => (await count("type = 'ComplaintEscalated' AND stream = ANY($1)", [unanswered])) >= unanswered.length, 'every unanswered complaint to be escalated');
      // Both workers sweep every second: give them several chances to double an escalation.
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 3_000));
    } finally {
      await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    }

    for (const id of ids) {
      const stream = `complaint-${id}`;
      const { rows } = await database.query<{ text: string }>(`SELECT data->>'text' AS text FROM "${schema}".events WHERE stream = $1 AND type = 'ComplaintNoteAdded'`, [stream]);
      expect({ stream, notes: rows.map((row) => row.text).sort() }).toEqual({ stream, notes: ['经由实例 0 的备注', '经由实例 1 的备注'] });
      const replies = await count("stream = $1 AND type = 'ComplaintReplied'", [stream]);
      const escalations = await count("stream = $1 AND type = 'ComplaintEscalated'", [stream]);
      if (answered.includes(id)) expect({ stream, replies, escalationsAtMost: escalations <= 1 }).toEqual({ stream, replies: 1, escalationsAtMost: true });
      else expect({ stream, replies, escalations }).toEqual({ stream, replies: 0, escalations: 1 });
    }

    // Both APIs serve every case at the same revision, read from the same log.
    for (const id of ids) {
      const [first, second] = await Promise.all(handlers.map((handler) => handler.get(`/complaints/${id}`)));
      expect(second.body.revision).toBe(first.body.revision);
    }
  });

  it('the projector holder SIGKILLed mid-load: the other worker takes over, no event applied twice or skipped, both APIs list the same', async () => {
    const workers = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    try {
      await waitFor(() => workers.some((worker) => worker.output().includes(HOLDING)), 'a worker to take the projector role', 30_000);
      const holder = workers.find((worker) => worker.output().includes(HOLDING))!;
      const other = workers.find((worker) => worker !== holder)!;

      let registered = 0;
      const lane = async (handler: HttpClient) => {
        for (let index = 0; index < 15; index++) {
          const answer = await handler.post('/complaints', complaintBody(), { 'Idempotency-Key': randomUUID() });
          expect(answer.status).toBe(201);
          registered += 1;
          const noted = await handler.post(`/complaints/${answer.body.id}/notes`, { text: '接管期间的备注' }, { 'Idempotency-Key': randomUUID() });
          expect(noted.status).toBe(200);
        }
      };
      const load = Promise.all(handlers.map(lane));
      await waitFor(() => registered >= 8, 'the load to be under way');
      await holder.kill('SIGKILL');
      expect(registered).toBeLessThan(30);
      await waitFor(() => other.output().includes(HOLDING), 'the other worker to take over', 30_000);
      await load;

      const headOfLog = async () => (await database.query<{ head: string }>(`SELECT max(position)::text AS head FROM "${schema}".events`)).rows[0].head;
      // The 3-second reply clocks escalate the new complaints: compare the lists once the log stands still.
      await waitFor(async () => {
        const before = await headOfLog();
        await new Promise((resolveSleep) => setTimeout(resolveSleep, 4_000));
        return (await headOfLog()) === before;
      }, 'the workers to finish escalating');
      const head = await headOfLog();
      const complaints = await count("type = 'ComplaintRegistered'");
      const listed = await Promise.all(handlers.map((handler) => everyComplaint(handler, head)));
      expect(listed[0].length).toBe(complaints);
      expect(listed[1]).toEqual(listed[0]);

      const checkpoint = async () =>
        (
          await database.query<{ position: string; events_applied: string; events: string; head: string }>(
            `SELECT c.position::text, c.events_applied::text, (SELECT count(*) FROM "${schema}".events e WHERE e.position <= c.position)::text AS events,
               (SELECT max(position) FROM "${schema}".events)::text AS head
             FROM "${schema}".read_checkpoints c WHERE name = 'cases'`,
          )
        ).rows[0];
      await waitFor(async () => {
        const { position, head: logHead } = await checkpoint();
        return position === logHead;
      }, 'the projector to reach the head of the log');
      const caughtUp = await checkpoint();
      expect(caughtUp.events_applied).toBe(caughtUp.events);
      for (const api of apis) {
        expect((await api.http.get('/health/ready')).body.projections).toEqual({ position: caughtUp.position, headPosition: caughtUp.position, lag: '0' });
        expect((await api.http.get('/metrics')).body).toMatch(/^duban_projection_lag_events 0$/m);
      }
      const { store } = await openPostgresEventStore({ connectionString: testDatabaseUrl(), schema });
      const pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
      try {
        const replayed = await replayCheck(store, new PostgresCaseQueries(pool, schema), BigInt(caughtUp.position));
        expect(replayed).toEqual({ cases: complaints, notYetProjected: 0, differences: [] });
      } finally {
        await pool.end();
        await store.close();
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    }
  });
});

/** Every complaint a handler sees once the read models include `minPosition`, page by page (retrying the 503 of a projector still catching up). */
async function everyComplaint(handler: HttpClient, minPosition: string): Promise<{ id: string; state: string; position: string }[]> {
  const items: { id: string; state: string; position: string }[] = [];
  let cursor: string | undefined;
  do {
    const path = `/complaints?limit=20&minPosition=${minPosition}${cursor ? `&cursor=${cursor}` : ''}`;
    let answer = await handler.get(path);
    for (let attempt = 0; answer.status === 503 && attempt < 10; attempt++) answer = await handler.get(path);
    expect(answer.status).toBe(200);
    items.push(...answer.body.items.map(({ id, state, position }: { id: string; state: string; position: string }) => ({ id, state, position })));
    cursor = answer.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
