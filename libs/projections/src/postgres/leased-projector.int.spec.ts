import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { openPostgresEventStore, type PostgresEventStore } from '@duban/event-store';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../../event-store/src/testing/postgres-test-schema';
import { waitFor } from '../../../event-store/src/testing/test-events';
import { actedAt, appendEvent, registerComplaint } from '../testing/case-events';

const ROOT = resolve(__dirname, '../../../..');
const schema = uniqueTestSchema('projector');
afterAll(() => dropTestSchemas([schema]));

/** A projector candidate in its own node process; `lines` fills with what it prints. */
function spawnCandidate(): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, [resolve(ROOT, 'test/support/ts-node-launcher.js'), 'libs/projections/src/testing/leased-projector-process.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), PROJECTOR_SCHEMA: schema },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
  return { child, lines };
}

describe('LeasedProjector: one projector at a time for the shared PostgreSQL read models', () => {
  let store: PostgresEventStore;
  let admin: Client;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    ({ store } = await openPostgresEventStore({ connectionString: testDatabaseUrl(), schema }));
    admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await admin.end();
    await store.close();
  });

  it('the holder SIGKILLed under load: the other candidate takes over, no event applied twice or skipped', async () => {
    const candidates = [spawnCandidate(), spawnCandidate()];
    children.push(...candidates.map(({ child }) => child));
    await waitFor(() => candidates.some(({ lines }) => lines.includes('holding')), 'a candidate to take the role', 30_000);
    const holder = candidates.find(({ lines }) => lines.includes('holding'))!;
    const other = candidates.find((candidate) => candidate !== holder)!;

    const complaints = 120;
    let loaded = false;
    const load = (async () => {
      for (let index = 0; index < complaints; index++) {
        const at = new Date(Date.UTC(2026, 2, 3, 1, 0, index)).toISOString();
        await registerComplaint(store, `c${index}`, 'haicheng', at);
        await appendEvent(store, `complaint-c${index}`, 'ComplaintAssigned', { assigneeId: 'handler.haicheng', ...actedAt(at) });
      }
      loaded = true;
    })();
    // Mid-load: once the holder has applied some pages.
    await waitFor(() => holder.lines.filter((line) => line.startsWith('applied')).length >= 3, 'the holder to apply pages', 30_000);
    expect({ loaded, otherHolding: other.lines.includes('holding') }).toEqual({ loaded: false, otherHolding: false });
    holder.child.kill('SIGKILL');
    await waitFor(() => other.lines.includes('holding'), 'the other candidate to take over', 30_000);
    await load;

    const head = await store.headPosition();
    const checkpoint = async () =>
      (await admin.query<{ position: string | null; events_applied: string }>(`SELECT position, events_applied FROM "${schema}".read_checkpoints WHERE name = 'cases'`)).rows[0];
    await waitFor(async () => (await checkpoint()).position === head.toString(), 'the read models to reach the head', 30_000);

    const { rows: counted } = await admin.query<{ events: string }>(`SELECT count(*) AS events FROM "${schema}".events`);
    expect((await checkpoint()).events_applied).toBe(counted[0].events);
    const { rows } = await admin.query<{ stream: string; position: string; assignee: string | null }>(
      `SELECT r.stream, r.position::text, r."row"->>'assigneeId' AS assignee FROM "${schema}".read_case_rows r`,
    );
    const { rows: heads } = await admin.query<{ stream: string; position: string }>(`SELECT stream, max(position)::text AS position FROM "${schema}".events GROUP BY stream`);
    expect(new Map(rows.map((row) => [row.stream, row.position]))).toEqual(new Map(heads.map((row) => [row.stream, row.position])));
    expect(rows.every((row) => row.assignee === 'handler.haicheng')).toBe(true);
    expect(rows).toHaveLength(complaints);
  }, 120_000);
});
