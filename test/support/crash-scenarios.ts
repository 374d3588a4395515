import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { createRedisConnection } from '@duban/redis';
import { notificationJobId, QUEUES } from '@duban/scheduling';
import { CaseCommandHandler, COMPLAINTS } from '@duban/cases';
import { systemClock } from '@duban/command-handling';
import { openSqliteEventStore } from '@duban/event-store';
import { orgTreeFromParents } from '@duban/workflow';
import { CaseProjection, CaseQueries, openReadModelDatabase, replayCheck } from '@duban/projections';
import { complaintBody, HAICHENG_OUTLET } from './demo-data';
import { deleteKeysWithPrefix, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { killAllStarted, processEnv, spawnWorkerProcess, startApiProcess, startWorkerProcess, type ApiProcess, type HttpAnswer, type HttpClient } from './duban-processes';

/**
 * The SIGKILL scenarios, shared by the e2e specs (one short round) and `npm run crash-test` (many
 * rounds, random kill moments). Each returns what it measured and the violations it found: an
 * acknowledged command lost or doubled, a retry that did not answer exactly once, read models that
 * differ from the replayed streams, an escalation missing or doubled.
 */
export interface CrashSetting {
  readonly dataDir: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly slaPolicyFile: string;
}

/** A fresh DATA_DIR and Redis key prefix for real processes of one test. */
export function newSetting(name: string, slaPolicyFile: string): CrashSetting {
  return { dataDir: mkdtempSync(join(tmpdir(), `duban-${name}-`)), redisUrl: sharedRedisUrl(), queuePrefix: uniqueKeyPrefix(name), slaPolicyFile };
}

/** Ends every process started and deletes the setting's files and Redis keys. */
export async function removeSetting(setting: CrashSetting): Promise<void> {
  await killAllStarted();
  await deleteKeysWithPrefix(setting.redisUrl, setting.queuePrefix);
  rmSync(setting.dataDir, { recursive: true, force: true });
}

const FIXTURES = join(__dirname, '../fixtures');
/** Clocks on every complaint, so that registrations append several events (the shipped policies). */
export const SHIPPED_POLICIES = join(__dirname, '../../config/sla/policies.default.json');
/** A 3-second reply clock and a month per further level: exactly one escalation per unanswered complaint. */
export const ONE_ESCALATION_POLICIES = join(FIXTURES, 'sla-policies.one-escalation.json');

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** A read-only look at the event store file, as an operator's sqlite3 would take it. */
export function withEventsFile<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

type KeyedEvent = { stream: string; revision: number; key: string };

function eventsByIdempotencyKey(dataDir: string): Map<string, KeyedEvent[]> {
  const rows = withEventsFile(dataDir, (db) =>
    db
      .prepare<[], KeyedEvent>(
        "SELECT stream, revision, json_extract(metadata, '$.idempotencyKey') AS key FROM events WHERE json_extract(metadata, '$.idempotencyKey') IS NOT NULL ORDER BY position",
      )
      .all(),
  );
  const byKey = new Map<string, KeyedEvent[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  return byKey;
}

function storedEventCount(dataDir: string): number {
  return withEventsFile(dataDir, (db) => Number(db.prepare('SELECT COUNT(*) FROM events').pluck().get()));
}

// ---------------------------------------------------------------------------------------------
// The API killed while clients send commands

/** One command as a client sends it: retried with the same key and body, it must mean the same. */
interface SentCommand {
  readonly key: string;
  readonly path: string;
  readonly body: object;
  readonly as: 'handler' | 'head';
  /** The complaint's stream when known before sending (follow-ups). */
  stream?: string;
  answer?: HttpAnswer;
}

export interface ApiCrashOptions {
  readonly clients: number;
  /** SIGKILL once this many commands were acknowledged. */
  readonly killAfterAcks: number;
}

export interface ApiCrashReport {
  acknowledged: number;
  inFlightAtKill: number;
  eventsStored: number;
  complaints: number;
  restartMs: number;
  violations: string[];
}

/** A client's work: register a complaint, then notes, assignment and a reply on it; again and again. */
function* commandsOfOneComplaint(valid: boolean): Generator<SentCommand, void, string> {
  const id = yield { key: randomUUID(), path: '/complaints', body: complaintBody(), as: 'handler' };
  const on = (path: string, body: object, as: SentCommand['as'] = 'handler'): SentCommand => ({
    key: randomUUID(),
    path: `/complaints/${id}/${path}`,
    body,
    as,
    stream: `complaint-${id}`,
  });
  yield on('notes', { text: '已电话联系客户，复述诉求。' });
  yield on('assign', { assigneeId: 'handler.haicheng' }, 'head');
  yield on('notes', { text: '核实中。' });
  // A valid reply opens a rectification finding: a second stream, written after the first.
  yield on('reply', { responsibility: valid ? 'valid' : 'customer', text: '已致歉并说明。', channel: 'phone' });
}

export async function runApiCrashRound(setting: CrashSetting, options: ApiCrashOptions): Promise<ApiCrashReport> {
  const env = processEnv(setting);
  const violations: string[] = [];
  let api: ApiProcess = await startApiProcess(env);
  const anonymous = api.http;
  const users = { handler: await anonymous.as('handler.haicheng'), head: await anonymous.as('head.haicheng') };
  const sent: SentCommand[] = [];
  const inFlight = new Set<SentCommand>();
  let acknowledged = 0;
  let killed = false;

  const send = (command: SentCommand, client: HttpClient) => client.post(command.path, command.body, { 'Idempotency-Key': command.key });

  async function runClient(index: number): Promise<void> {
    while (!killed) {
      const commands = commandsOfOneComplaint(index % 2 === 0);
      let next = commands.next();
      while (!next.done && !killed) {
        const command = next.value;
        sent.push(command);
        inFlight.add(command);
        try {
          command.answer = await send(command, users[command.as]);
        } catch {
          return; // the API is gone: this command stays unacknowledged
        }
        inFlight.delete(command);
        if (command.answer.status >= 300) {
          violations.push(`${command.path} answered ${command.answer.status} before the kill: ${JSON.stringify(command.answer.body)}`);
          return;
        }
        acknowledged += 1;
        command.stream ??= `complaint-${command.answer.body.id as string}`;
        next = commands.next(command.answer.body.id as string);
      }
    }
  }

  const clients = Promise.all(Array.from({ length: options.clients }, (_, index) => runClient(index)));
  await waitFor(() => acknowledged >= options.killAfterAcks || violations.length > 0, `${options.killAfterAcks} acknowledged commands`);
  killed = true;
  await api.kill('SIGKILL');
  await clients;
  const unacknowledged = sent.filter((command) => command.answer === undefined);
  const inFlightAtKill = inFlight.size;

  const restartedAt = Date.now();
  api = await startApiProcess(env);
  const restartMs = Date.now() - restartedAt;
  const client = { handler: users.handler.at(api.url), head: users.head.at(api.url) };
  try {
    // 1. Everything acknowledged is there, exactly once.
    checkExactlyOnce(
      setting.dataDir,
      sent.filter((command) => command.answer !== undefined),
      violations,
    );
    // 2. Retries: every acknowledged command again changes nothing; every unacknowledged one is recorded once.
    const before = storedEventCount(setting.dataDir);
    for (const command of sent.filter((candidate) => candidate.answer !== undefined)) {
      const again = await send(command, client[command.as]);
      if (again.status !== command.answer!.status || again.body.revision !== command.answer!.body.revision) {
        violations.push(
          `retry of acknowledged ${command.path} answered ${again.status} revision ${again.body.revision}, first ${command.answer!.status} revision ${command.answer!.body.revision}`,
        );
      }
    }
    if (storedEventCount(setting.dataDir) !== before) violations.push(`retrying acknowledged commands appended ${storedEventCount(setting.dataDir) - before} events`);
    for (const command of unacknowledged) {
      command.answer = await send(command, client[command.as]);
      if (command.answer.status >= 300) violations.push(`retry of unacknowledged ${command.path} answered ${command.answer.status}: ${JSON.stringify(command.answer.body)}`);
      command.stream ??= `complaint-${command.answer.body.id as string}`;
    }
    checkExactlyOnce(setting.dataDir, sent, violations);
    // 3. The worker's follow-up reactor completes what a crash interrupted (a valid reply's finding) ...
    const complaintStreams = [...new Set(sent.map((command) => command.stream!))];
    const worker = await startWorkerProcess(env);
    try {
      await waitFor(() => validRepliesWithoutFinding(setting.dataDir) === 0, "the worker to raise every valid reply's finding");
    } finally {
      await worker.kill('SIGTERM');
    }
    checkOneFindingPerValidReply(setting.dataDir, violations);
    // ... and the read models converge to the state replayed from the streams.
    await checkProjectionsConverge(api, setting.dataDir, violations);
    return { acknowledged, inFlightAtKill, eventsStored: storedEventCount(setting.dataDir), complaints: complaintStreams.length, restartMs, violations };
  } finally {
    await api.kill('SIGTERM');
  }
}

/** Each command's events: present, in its own stream, one contiguous block (a doubled command would be a second block). */
function checkExactlyOnce(dataDir: string, commands: readonly SentCommand[], violations: string[]): void {
  const byKey = eventsByIdempotencyKey(dataDir);
  for (const command of commands) {
    const events = byKey.get(command.key) ?? [];
    if (events.length === 0) {
      violations.push(`${command.path} (key ${command.key}) was acknowledged but has no event`);
      continue;
    }
    const streams = new Set(events.map((event) => event.stream));
    const revisions = events.map((event) => event.revision);
    const contiguous = revisions.every((revision, index) => index === 0 || revision === revisions[index - 1] + 1);
    if (streams.size !== 1 || !streams.has(command.stream!) || !contiguous) {
      violations.push(`${command.path} (key ${command.key}) is recorded as ${JSON.stringify(events)}`);
    }
  }
}

/** For every valid complaint reply, how many findings it raised. */
function findingsPerValidReply(dataDir: string): { stream: string; findings: number }[] {
  return withEventsFile(dataDir, (db) =>
    db
      .prepare<[], { stream: string; findings: number }>(
        `SELECT replied.stream AS stream,
                (SELECT COUNT(*) FROM events AS raised
                  WHERE raised.type = 'FindingRaised' AND raised.revision = 0
                    AND json_extract(raised.metadata, '$.causationId') = replied.id) AS findings
           FROM events AS replied
          WHERE replied.type = 'ComplaintReplied' AND json_extract(replied.data, '$.responsibility') = 'valid'`,
      )
      .all(),
  );
}

const validRepliesWithoutFinding = (dataDir: string): number => findingsPerValidReply(dataDir).filter((reply) => reply.findings === 0).length;

function checkOneFindingPerValidReply(dataDir: string, violations: string[]): void {
  for (const { stream, findings } of findingsPerValidReply(dataDir)) if (findings !== 1) violations.push(`${stream}: a valid reply opened ${findings} findings`);
}

export async function checkProjectionsConverge(api: ApiProcess, dataDir: string, violations: string[]): Promise<void> {
  await waitFor(async () => (await api.http.get('/health/ready')).body?.projections?.lag === '0', 'the read models to catch up');
  const { store } = openSqliteEventStore({ file: join(dataDir, 'events.sqlite') });
  const db = openReadModelDatabase(join(dataDir, 'read-models.sqlite'));
  try {
    const projectedUpTo = new CaseProjection(db, store).position() ?? 0n;
    const result = await replayCheck(store, new CaseQueries(db), projectedUpTo);
    if (result.notYetProjected > 0) violations.push(`${result.notYetProjected} case(s) not projected although the lag is 0`);
    for (const difference of result.differences) violations.push(`read model differs from the replay: ${JSON.stringify(difference)}`);
  } finally {
    db.close();
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The worker killed while it escalates

export interface WorkerCrashOptions {
  readonly complaints: number;
  /** SIGKILL once at least this share of the escalations is recorded (and not all of them). */
  readonly killAtShare: number;
}

export interface WorkerCrashReport {
  complaints: number;
  /** Fewer than `complaints` when the kill came mid-escalation (not when the worker was quicker than the watch). */
  escalatedAtKill: number;
  escalatedAfterRestart: number;
  violations: string[];
}

export function escalationCounts(dataDir: string): Map<string, { escalations: number; breaches: number }> {
  const rows = withEventsFile(dataDir, (db) =>
    db
      .prepare<[], { stream: string; escalations: number; breaches: number }>(
        `SELECT stream, SUM(type = 'ComplaintEscalated') AS escalations, SUM(type = 'ClockBreached') AS breaches
           FROM events WHERE stream LIKE 'complaint-%' GROUP BY stream`,
      )
      .all(),
  );
  return new Map(rows.map((row) => [row.stream, { escalations: Number(row.escalations), breaches: Number(row.breaches) }]));
}

const escalatedStreams = (dataDir: string) => [...escalationCounts(dataDir).values()].filter((count) => count.escalations > 0).length;

/** The longest a worker's start plus the first escalations of a burst may take before the kill is given up on. */
const WORKER_START_AND_BURST_MS = 180_000;

/**
 * Registers `complaints` complaints with a 3-second reply clock while no worker runs, lets them all
 * fall due, starts the worker (its reconcile job and the API's queued jobs escalate them concurrently),
 * SIGKILLs it part-way and starts it again. Every complaint must then be escalated exactly once.
 */
export async function runWorkerCrashRound(setting: CrashSetting, options: WorkerCrashOptions): Promise<WorkerCrashReport> {
  const env = processEnv({ ...setting, extra: { SWEEP_INTERVAL_MS: '1000' } });
  const violations: string[] = [];
  const api = await startApiProcess(env);
  try {
    await registerComplaints(api, options.complaints);
    await waitFor(() => dueClocksOpen(setting.dataDir) === options.complaints, 'every reply clock to fall due');

    const first = spawnWorkerProcess(env);
    const killAt = Math.max(1, Math.floor(options.complaints * options.killAtShare));
    // Not at 'Worker running': a worker reports ready before its reconcile (a job) escalates anything. Its
    // start from the sources counts against the wait too, which takes long on a busy machine.
    await waitFor(() => escalatedStreams(setting.dataDir) >= killAt, `${killAt} escalations`, WORKER_START_AND_BURST_MS);
    await first.kill('SIGKILL');
    const escalatedAtKill = escalatedStreams(setting.dataDir);

    const second = await startWorkerProcess(env);
    try {
      await waitFor(() => escalatedStreams(setting.dataDir) === options.complaints, 'every complaint to be escalated');
      // Two more sweeps, and the jobs the killed worker left active: nothing may escalate again.
      await sleep(2_500);
    } finally {
      await second.kill('SIGTERM');
    }
    const counts = escalationCounts(setting.dataDir);
    for (const [stream, count] of counts) {
      if (count.escalations !== 1 || count.breaches !== 1) violations.push(`${stream}: ${count.escalations} escalations, ${count.breaches} breaches`);
    }
    if (counts.size !== options.complaints) violations.push(`${counts.size} complaint streams for ${options.complaints} registrations`);
    const unannounced = await unannouncedEvents(setting);
    if (unannounced.length > 0) violations.push(`${unannounced.length} breaches or escalations never queued for notification, e.g. ${unannounced.slice(0, 3).join(', ')}`);
    return { complaints: options.complaints, escalatedAtKill, escalatedAfterRestart: escalatedStreams(setting.dataDir), violations };
  } finally {
    await api.kill('SIGTERM');
  }
}

/** Registers `count` complaints as handler.haicheng, ten at a time; returns their ids. */
async function registerComplaints(api: ApiProcess, count: number): Promise<string[]> {
  const handler = await api.http.as('handler.haicheng');
  const ids: string[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (started < count) {
        started += 1;
        const answer = await handler.post('/complaints', complaintBody(), { 'Idempotency-Key': randomUUID() });
        if (answer.status !== 201) throw new Error(`Registration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        ids.push(answer.body.id as string);
      }
    }),
  );
  return ids;
}

// ---------------------------------------------------------------------------------------------
// The worker killed while it raises the findings of valid replies

export interface FollowUpCrashOptions {
  readonly replies: number;
  /** SIGKILL once at least this share of the findings is raised. */
  readonly killAtShare: number;
}

export interface FollowUpCrashReport {
  /** Fewer than `replies` when the kill came between a reply and its finding (not when the worker was quicker than the watch). */
  raisedAtKill: number;
  raisedAfterRestart: number;
  violations: string[];
}

/**
 * Records `replies` valid complaint replies without their findings (what an API killed between
 * the two appends leaves behind), starts the worker, SIGKILLs it while its follow-up reactor
 * raises the findings and starts it again: every reply must then have exactly one finding.
 */
export async function runFollowUpCrashRound(setting: CrashSetting, options: FollowUpCrashOptions): Promise<FollowUpCrashReport> {
  const env = processEnv(setting);
  const api = await startApiProcess(env);
  let complaintIds: string[];
  try {
    complaintIds = await registerComplaints(api, options.replies);
  } finally {
    await api.kill('SIGTERM');
  }
  const { store } = openSqliteEventStore({ file: join(setting.dataDir, 'events.sqlite') });
  try {
    // The reply as the API records it, minus the follow-up; replies need no org tree.
    const commands = new CaseCommandHandler(store, systemClock, orgTreeFromParents({ hq: null }));
    const request = { actor: { id: 'handler.haicheng', role: 'handler', unitId: HAICHENG_OUTLET }, correlationId: randomUUID(), causationId: randomUUID() } as const;
    for (const id of complaintIds) await commands.execute(COMPLAINTS, id, { type: 'reply', responsibility: 'valid', text: '情况属实', channel: 'phone' }, request);
  } finally {
    await store.close();
  }
  const raised = () => options.replies - validRepliesWithoutFinding(setting.dataDir);
  if (raised() !== 0) throw new Error(`${raised()} findings raised before the worker ran`);

  const first = spawnWorkerProcess(env);
  const killAt = Math.max(1, Math.floor(options.replies * options.killAtShare));
  await waitFor(() => raised() >= killAt, `${killAt} findings raised`);
  await first.kill('SIGKILL');
  const raisedAtKill = raised();

  const second = await startWorkerProcess(env);
  try {
    await waitFor(() => raised() === options.replies, 'every finding to be raised');
  } finally {
    await second.kill('SIGTERM');
  }
  const violations: string[] = [];
  checkOneFindingPerValidReply(setting.dataDir, violations);
  if (findingsPerValidReply(setting.dataDir).length !== options.replies)
    violations.push(`${findingsPerValidReply(setting.dataDir).length} valid replies for ${options.replies} recorded`);
  return { raisedAtKill, raisedAfterRestart: raised(), violations };
}

/** Breaches and escalations without a job in the notifications queue (given the relay a while to catch up). */
async function unannouncedEvents(setting: CrashSetting): Promise<string[]> {
  const eventIds = withEventsFile(setting.dataDir, (db) => db.prepare<[], string>("SELECT id FROM events WHERE type IN ('ClockBreached', 'ComplaintEscalated')").pluck().all());
  const connection = createRedisConnection(setting.redisUrl, 'worker', 'duban-crash-test');
  const queue = new Queue(QUEUES.notifications, { connection, prefix: setting.queuePrefix });
  let missing = eventIds;
  try {
    const deadline = Date.now() + 30_000;
    do {
      const found = await Promise.all(missing.map((id) => queue.getJob(notificationJobId({ id }))));
      missing = missing.filter((_, index) => found[index] === undefined);
      if (missing.length > 0) await sleep(500);
    } while (missing.length > 0 && Date.now() < deadline);
    return missing;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Complaints whose reply clock is past due (registration + 3 s) and not yet breached. */
export function dueClocksOpen(dataDir: string): number {
  return withEventsFile(dataDir, (db) =>
    Number(
      db
        .prepare(
          `SELECT COUNT(*) FROM events WHERE type = 'ClockStarted' AND stream LIKE 'complaint-%'
             AND json_extract(data, '$.clockId') = 'reply' AND json_extract(data, '$.dueAt') <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
        )
        .pluck()
        .get(),
    ),
  );
}
