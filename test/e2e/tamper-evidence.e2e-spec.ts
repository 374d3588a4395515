import Database from 'better-sqlite3';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { runCli } from '../../apps/cli/src/cli';
import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { registerComplaint } from '../support/demo-requests';

const validReply = { responsibility: 'valid', text: '情况属实，已致歉', channel: 'phone' };

/** The CLI run in-process against the app's DATA_DIR, its output captured. */
async function cli(api: ApiTestApp, command: string, dataDir = api.config.DATA_DIR): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    [command],
    { DATA_DIR: dataDir, NODE_ENV: 'test' },
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    },
  );
  return { code, stdout, stderr };
}

describe('Tamper evidence over HTTP and from the CLI', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let auditor: ApiClient;

  /** Edits the event-store file behind the API's back, as someone with access to the disk would. */
  const tamper = (sql: string, ...parameters: unknown[]) => {
    const db = new Database(api.config.sqliteFile);
    try {
      expect(db.prepare(sql).run(...parameters).changes).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  };
  /** A complaint with a few events, replied valid so that it opened a finding. */
  const complaintWithFinding = async (): Promise<{ complaintId: string; findingId: string }> => {
    const complaintId = await registerComplaint(handler);
    await handler.post(`/complaints/${complaintId}/notes`, { text: '调取监控核实' }).expect(200);
    const replied = await handler.post(`/complaints/${complaintId}/reply`, validReply).expect(200);
    return { complaintId, findingId: (replied.body.linkedFindingIds as string[])[0] };
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    handler = await api.as('handler.haicheng');
    auditor = await api.as('auditor');
  });
  afterAll(() => api.close());

  it('proves an untouched complaint and its finding, for whoever may read them, changing nothing', async () => {
    const { complaintId, findingId } = await complaintWithFinding();
    const store = api.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();

    const complaint = await handler.get(`/complaints/${complaintId}/verify`).expect(200);
    expect(complaint.body).toEqual({ valid: true, events: (await handler.get(`/complaints/${complaintId}/history?limit=100`)).body.items.length, evidence: [] });
    expect((await auditor.get(`/findings/${findingId}/verify`).expect(200)).body).toMatchObject({ valid: true, events: 1 });
    // Nothing changed but the audit log, which records the auditor's read.
    const since = (await store.readAll()).filter((event) => event.position > head);
    expect(since.map((event) => [event.type, (event.data as { what?: string }).what])).toEqual([['AuditReadRecorded', 'verify']]);
  });

  it("answers 404 problem+json for a case outside the caller's units and for an unknown one", async () => {
    const { complaintId, findingId } = await complaintWithFinding();
    const daoxi = await api.as('handler.daoxi');
    for (const path of [`/complaints/${complaintId}/verify`, `/findings/${findingId}/verify`, '/complaints/00000000-0000-4000-8000-000000000000/verify']) {
      const response = await daoxi.get(path).expect(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await api.anonymous().get(`/complaints/${complaintId}/verify`)).status).toBe(401);
  });

  it('names the revision where an edited field breaks the chain', async () => {
    const { complaintId } = await complaintWithFinding();
    tamper(`UPDATE events SET data = json_set(data, '$.text', '未核实') WHERE stream = ? AND revision = 1`, `complaint-${complaintId}`);

    const response = await auditor.get(`/complaints/${complaintId}/verify`).expect(200);
    expect(response.body).toMatchObject({ valid: false, brokenAt: 1, reason: 'content does not match its hash' });
  });

  it('shows auditors a case whose registration was deleted; others no longer see it', async () => {
    const { complaintId } = await complaintWithFinding();
    tamper(`DELETE FROM events WHERE stream = ? AND revision = 0`, `complaint-${complaintId}`);

    const response = await auditor.get(`/complaints/${complaintId}/verify`).expect(200);
    expect(response.body).toMatchObject({ valid: false, brokenAt: 0, reason: 'revision 0 is missing (next recorded: 1)' });
    expect((await handler.get(`/complaints/${complaintId}/verify`)).status).toBe(404);
  });

  it('catches a truncated case through the checkpoint, with the anchor and its Merkle proof', async () => {
    const { complaintId } = await complaintWithFinding();
    expect((await cli(api, 'checkpoint')).stdout).toMatch(/^Checkpoint #\d+: \d+ streams/);
    const anchored = await auditor.get(`/complaints/${complaintId}/verify`).expect(200);
    expect(anchored.body).toMatchObject({ valid: true, anchor: { revision: anchored.body.events - 1, proof: expect.any(Array) } });

    tamper(`DELETE FROM events WHERE stream = ? AND revision = ?`, `complaint-${complaintId}`, anchored.body.events - 1);

    const truncated = await auditor.get(`/complaints/${complaintId}/verify`).expect(200);
    expect(truncated.body).toMatchObject({ valid: false, brokenAt: anchored.body.events - 1, reason: expect.stringMatching(/no longer there/) });
  });

  it('the CLI verifies the whole store with progress, and exits 1 naming each broken stream and revision', async () => {
    const { findingId } = await complaintWithFinding();
    await cli(api, 'checkpoint');
    // The earlier tests broke other complaints; this one deletes a whole stream, which only the checkpoint can tell.
    tamper(`DELETE FROM events WHERE stream = ?`, `finding-${findingId}`);

    const { code, stdout, stderr } = await cli(api, 'verify');

    expect(code).toBe(1);
    expect(stderr).toMatch(/^verified \d+ events \(position \d+ of \d+\)$/m);
    expect(stdout).toMatch(new RegExp(`^BROKEN finding-${findingId} at revision 0: stream is gone, but checkpoint #2 anchors it at revision 0$`, 'm'));
    expect(stdout).toMatch(/^BROKEN complaint-[\w-]+ at revision 1: content does not match its hash$/m);
    expect(stdout).toMatch(/^INVALID: 4 broken streams; /m);
  });
});

describe('The CLI on an untouched store', () => {
  let api: ApiTestApp;
  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(() => api.close());

  it('exits 0 and says what it checked', async () => {
    await registerComplaint(await api.as('handler.haicheng'));
    expect(await cli(api, 'checkpoint')).toMatchObject({ code: 0 });

    const { code, stdout } = await cli(api, 'verify');

    expect(code).toBe(0);
    expect(stdout).toMatch(/^VALID: \d+ events in \d+ streams, 1 checkpoints, 0 events not yet anchored$/m);
  });

  it('refuses an unknown command and a DATA_DIR without a store, with usage exit code 2', async () => {
    expect(await cli(api, 'repair')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Usage: npm run cli -- <command>/) });
    expect(await cli(api, 'verify', `${api.config.DATA_DIR}/nowhere`)).toMatchObject({ code: 2, stderr: expect.stringMatching(/no event store at/) });
  });
});
