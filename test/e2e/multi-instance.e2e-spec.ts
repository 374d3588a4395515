import {
  checkProjectionsConverge,
  dueClocksOpen,
  escalationCounts,
  ONE_ESCALATION_POLICIES,
  waitFor,
  withEventsFile,
  newSetting,
  removeSetting,
  type CrashSetting,
} from '../support/crash-scenarios';
import { sendContendingCommands } from '../support/contending-commands';
import { processEnv, startApiProcess, startWorkerProcess, type ApiProcess, type HttpClient } from '../support/duban-processes';

/**
 * Scale-out on one machine: two API processes and two worker processes share one SQLite file, one
 * read-model file and one Redis. Conflicting commands go through both APIs at once; the store's
 * optimistic concurrency must keep every acknowledged write (no lost update), If-Match races must
 * have one winner, and two workers sweeping and consuming the same due deadlines must escalate
 * each complaint once.
 */
jest.setTimeout(180_000);

const COMPLAINTS = 24;

describe('two APIs and two workers on one SQLite file and one Redis', () => {
  const setting: CrashSetting = newSetting('multi', ONE_ESCALATION_POLICIES);
  const env = processEnv({ ...setting, extra: { SWEEP_INTERVAL_MS: '1000' } });
  let apis: ApiProcess[];
  let handlers: HttpClient[];

  beforeAll(async () => {
    apis = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    handlers = await Promise.all(apis.map((api) => api.http.as('handler.haicheng')));
  });
  afterAll(() => removeSetting(setting));

  it('keeps every concurrent write, gives If-Match races one winner, escalates each overdue complaint once and converges the shared read models', async () => {
    const { ids, answered } = await sendContendingCommands(handlers, COMPLAINTS);

    const workers = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    try {
      const unanswered = new Set(ids.slice(COMPLAINTS / 2).map((id) => `complaint-${id}`));
      await waitFor(() => dueClocksOpen(setting.dataDir) >= unanswered.size, 'the unanswered reply clocks to fall due');
      const escalated = () => [...escalationCounts(setting.dataDir)].filter(([stream, count]) => unanswered.has(stream) && count.escalations > 0).length;
      await waitFor(() => escalated() === unanswered.size, 'every unanswered complaint to be escalated');
      // Both workers sweep every second: give them several chances to double an escalation.
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 3_000));
    } finally {
      await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    }

    const counts = escalationCounts(setting.dataDir);
    for (const id of ids) {
      const stream = `complaint-${id}`;
      const notesInStream = withEventsFile(setting.dataDir, (db) =>
        db.prepare<[string], string>("SELECT json_extract(data, '$.text') FROM events WHERE stream = ? AND type = 'ComplaintNoteAdded'").pluck().all(stream),
      );
      expect({ stream, notes: notesInStream.sort() }).toEqual({ stream, notes: ['经由实例 0 的备注', '经由实例 1 的备注'] });
      const replies = withEventsFile(setting.dataDir, (db) => Number(db.prepare("SELECT COUNT(*) FROM events WHERE stream = ? AND type = 'ComplaintReplied'").pluck().get(stream)));
      const escalations = counts.get(stream)?.escalations ?? 0;
      if (answered.includes(id)) expect({ stream, replies, escalationsAtMost: escalations <= 1 }).toEqual({ stream, replies: 1, escalationsAtMost: true });
      else expect({ stream, replies, escalations }).toEqual({ stream, replies: 0, escalations: 1 });
    }

    // Both APIs serve the same case at the same revision, and the read-model file they share matches the replay.
    for (const id of ids) {
      const [first, second] = await Promise.all(handlers.map((handler) => handler.get(`/complaints/${id}`)));
      expect(second.body.revision).toBe(first.body.revision);
    }
    const violations: string[] = [];
    for (const api of apis) await checkProjectionsConverge(api, setting.dataDir, violations);
    expect(violations).toEqual([]);
  });
});
