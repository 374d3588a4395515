import { Client } from 'pg';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../libs/event-store/src/testing/postgres-test-schema';
import { ONE_ESCALATION_POLICIES, waitFor, newSetting, removeSetting, type CrashSetting } from '../support/crash-scenarios';
import { sendContendingCommands } from '../support/contending-commands';
import { processEnv, startApiProcess, startWorkerProcess, type ApiProcess, type HttpClient } from '../support/duban-processes';

/**
 * Scale-out on PostgreSQL: two API processes and two worker processes on one event-store schema
 * and one Redis (as docker/docker-compose.postgres.yml runs them). Conflicting commands through
 * both APIs must all land (no lost update), If-Match races must have one winner, and two workers
 * sweeping the same due deadlines must escalate each complaint once.
 */
jest.setTimeout(180_000);

const COMPLAINTS = 16;

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
});
