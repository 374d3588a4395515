import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { Client, Pool } from 'pg';
import { InMemoryEventStore } from '@duban/event-store';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../event-store/src/testing/postgres-test-schema';
import type { CaseCriteria, CaseKeyset, CasePageRequest, CaseReadModel, CaseSort } from './case-read-model';
import { CaseQueries } from './case-queries';
import type { CaseRow } from './case-row';
import { PostgresCaseQueries } from './postgres/postgres-case-queries';
import { PostgresCaseRows } from './postgres/postgres-case-rows';
import { openReadModelDatabase } from './read-model-database';

/**
 * One spec for every CaseReadModel: the same rows written into each, the same requests, the same
 * answers. The rows are written directly (not folded from events) so that they can hold the edge
 * cases the queries must agree on: ties, nulls, breached clocks, ASCII and non-ASCII case, LIKE's
 * wildcards in the text searched for, ids that sort differently under a linguistic collation.
 */
const NOW = '2026-03-10T00:00:00.000Z';

function row(id: string, fields: Partial<CaseRow>): CaseRow {
  const kind = fields.kind ?? 'complaint';
  return {
    stream: `${kind}-${id}`,
    kind,
    id,
    number: null,
    state: 'received',
    open: true,
    unitId: 'anshan-haicheng',
    responsibleUnitId: 'anshan-haicheng',
    assigneeId: null,
    type: kind === 'complaint' ? '投诉' : null,
    category: 'attitude',
    channel: kind === 'complaint' ? 'walk_in' : null,
    priority: 'normal',
    escalationLevel: 0,
    receivedAt: '2026-03-01T01:00:00.000Z',
    repliedAt: null,
    closedAt: null,
    dueAt: null,
    breached: false,
    description: '柜员态度冷漠',
    updatedAt: '2026-03-01T01:00:00.000Z',
    receivedMonth: '2026-03',
    responsibility: null,
    replyOutcome: null,
    replyBusinessMs: null,
    verifiedAt: null,
    followUpSatisfied: null,
    carryOverCount: 0,
    signOffUnitId: null,
    repeatOf: null,
    position: 1n,
    ...fields,
  };
}

const ROWS: CaseRow[] = [
  row('c1', { number: 'TS-2026-000123', description: 'ATM 吞卡 ABC', dueAt: '2026-03-05T00:00:00.000Z', escalationLevel: 1, assigneeId: 'handler.haicheng', position: 11n }),
  row('c2', { number: 'TS-2026-000124', description: 'abc 排队', dueAt: '2026-03-12T00:00:00.000Z', breached: true, escalationLevel: 2, position: 12n }),
  row('C3', { number: 'ts-2026-000125', description: 'Äbc 不是 ASCII', unitId: 'anshan-daoxi', responsibleUnitId: 'anshan-haicheng', position: 13n }),
  row('c10', { description: '满意度 100% 以上', receivedAt: '2026-03-02T01:00:00.000Z', dueAt: '2026-03-20T00:00:00.000Z', channel: 'phone', position: 14n }),
  row('c_1', { description: 'a_c 与 a\\c', receivedAt: '2026-03-02T01:00:00.000Z', state: 'closed', open: false, closedAt: '2026-03-03T01:00:00.000Z', position: 15n }),
  row('a-1', {
    description: '待签字',
    unitId: 'anshan-daoxi',
    responsibleUnitId: 'anshan-daoxi',
    signOffUnitId: 'anshan',
    followUpSatisfied: true,
    replyBusinessMs: 3_600_000,
    replyOutcome: 'met',
    updatedAt: '2026-03-04T01:00:00.000Z',
    position: 16n,
  }),
  row('f1', { kind: 'finding', number: 'ZG-2026-000001', description: '凭证未签章', dueAt: '2026-03-08T00:00:00.000Z', escalationLevel: 1, position: 17n }),
  row('f2', { kind: 'finding', description: '凭证未签章 again', repeatOf: 'f1', carryOverCount: 2, responsibleUnitId: 'anshan-daoxi', position: 18n }),
  row('Z9', { description: 'LIKE %_ wildcards', receivedAt: '2026-02-28T23:00:00.000Z', assigneeId: 'handler.daoxi', position: 2n ** 63n - 1n }),
];

const CRITERIA: Record<string, CaseCriteria> = {
  everything: {},
  complaints: { kinds: ['complaint'] },
  'no kinds': { kinds: [] },
  'visible to daoxi': { visibleUnitIds: ['anshan-daoxi'] },
  'visible to nobody': { visibleUnitIds: [] },
  'own unit': { unitIds: ['anshan-daoxi'] },
  closed: { open: false },
  'state received': { state: 'received' },
  responsible: { responsibleUnitId: 'anshan-daoxi' },
  assignee: { assigneeId: 'handler.haicheng' },
  'work of a handler': { workOf: { assigneeId: 'handler.daoxi' } },
  'work of a handler and unit': { workOf: { assigneeId: 'handler.haicheng', unitId: 'anshan-daoxi' } },
  'type, category, channel': { type: '投诉', category: 'attitude', channel: 'walk_in' },
  'escalation level 1': { escalationLevel: 1 },
  escalated: { escalated: true },
  'not escalated': { escalated: false },
  'awaiting sign-off': { awaitingSignOff: true },
  'not awaiting sign-off': { awaitingSignOff: false },
  'sign-off by': { signOffUnitIds: ['anshan'] },
  overdue: { overdue: { now: NOW, value: true } },
  'not overdue': { overdue: { now: NOW, value: false } },
  'due before': { dueBefore: '2026-03-10T00:00:00.000Z' },
  'received in a range': { receivedFrom: '2026-03-01T00:00:00.000Z', receivedTo: '2026-03-02T01:00:00.000Z' },
  'whole number without padding': { number: 'ts-2026-123' },
  'number prefix, any case': { number: 'ts-2026-00012' },
  'number with a wildcard': { number: 'TS_2026' },
  'text, ASCII case folded': { text: 'ABC' },
  'text, non-ASCII case kept': { text: 'äbc' },
  'text with %': { text: '100%' },
  'text with _': { text: 'a_c' },
  'text with a backslash': { text: 'a\\c' },
  'repeat of': { repeatOf: 'f1' },
};

const SORTS: CaseSort[] = (['receivedAt', 'dueAt', 'updatedAt', 'escalationLevel'] as const).flatMap((field) => [
  { field, descending: false },
  { field, descending: true },
]);

/** Every page of a request, two rows at a time: the ids in order, and each page's keyset. */
async function pages(model: CaseReadModel, request: Omit<CasePageRequest, 'limit' | 'after'>): Promise<{ ids: string[]; keysets: (CaseKeyset | undefined)[] }> {
  const ids: string[] = [];
  const keysets: (CaseKeyset | undefined)[] = [];
  let after: CaseKeyset | undefined;
  do {
    const page = await model.page({ ...request, limit: 2, after });
    ids.push(...page.rows.map((found) => found.id));
    keysets.push(page.next);
    after = page.next;
  } while (after && ids.length <= ROWS.length);
  return { ids, keysets };
}

const byStream = (rows: CaseRow[]) => [...rows].sort((a, b) => (a.stream < b.stream ? -1 : 1));

describe('the read side contract: CaseQueries on SQLite and PostgresCaseQueries answer alike', () => {
  const schema = uniqueTestSchema('read_models');
  let dir: string;
  let db: Database.Database;
  let pool: Pool;
  let models: { sqlite: CaseReadModel; postgres: CaseReadModel };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-read-contract-'));
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    const columns = Object.keys(ROWS[0]).map((field) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));
    const insert = db.prepare(`INSERT INTO case_rows (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    for (const written of ROWS) {
      insert.run(...Object.values(written).map((value) => (typeof value === 'boolean' ? Number(value) : typeof value === 'bigint' ? value.toString() : value)));
    }
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    const caseRows = new PostgresCaseRows(new InMemoryEventStore(), schema);
    await caseRows.createTables(client);
    await caseRows.upsertRows(client, ROWS);
    await client.end();
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    models = { sqlite: new CaseQueries(db), postgres: new PostgresCaseQueries(pool, schema) };
  });
  afterAll(async () => {
    db.close();
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
    await dropTestSchemas([schema]);
  });

  it('gives back every row as written, positions beyond 2^53 included', async () => {
    for (const model of Object.values(models)) expect(byStream(await model.all({}))).toEqual(byStream(ROWS));
  });

  it.each(Object.entries(CRITERIA))('selects the same rows: %s', async (_name, criteria) => {
    const [sqlite, postgres] = await Promise.all([models.sqlite.all(criteria), models.postgres.all(criteria)]);
    expect(byStream(postgres)).toEqual(byStream(sqlite));
  });

  it.each(SORTS.map((sort) => [`${sort.field} ${sort.descending ? 'descending' : 'ascending'}`, sort] as const))(
    'sorts and pages alike, ties broken by id byte-wise: %s',
    async (_name, sort) => {
      for (const criteria of [CRITERIA.everything, CRITERIA['visible to daoxi'], CRITERIA['not overdue']]) {
        const sqlite = await pages(models.sqlite, { criteria, sort });
        expect(await pages(models.postgres, { criteria, sort })).toEqual(sqlite);
      }
    },
  );

  it('means what the criteria say (so that agreeing is not agreeing on nothing)', async () => {
    const ids = async (criteria: CaseCriteria) => (await models.postgres.all(criteria)).map((found) => found.id).sort();
    expect(await ids(CRITERIA['text, ASCII case folded'])).toEqual(['c1', 'c2']);
    expect(await ids(CRITERIA['text with _'])).toEqual(['c_1']);
    expect(await ids(CRITERIA['whole number without padding'])).toEqual(['c1']);
    expect(await ids(CRITERIA['number prefix, any case'])).toEqual(['C3', 'c1', 'c2']);
    expect(await ids(CRITERIA.overdue)).toEqual(['c1', 'c2', 'f1']);
    expect(await ids(CRITERIA['visible to nobody'])).toEqual([]);
    const byDeadline = await pages(models.postgres, { criteria: {}, sort: { field: 'dueAt', descending: false } });
    // Breached first, then by deadline, then the cases without a running clock by id, byte-wise (upper case first).
    expect(byDeadline.ids).toEqual(['c2', 'c1', 'f1', 'c10', 'C3', 'Z9', 'a-1', 'c_1', 'f2']);
  });

  it('on PostgreSQL, answers no rows before a projector has created the tables', async () => {
    const before = new PostgresCaseQueries(pool, uniqueTestSchema('no_tables'));
    expect(await before.all({})).toEqual([]);
    expect(await before.page({ criteria: {}, sort: { field: 'receivedAt', descending: false }, limit: 10 })).toEqual({ rows: [], next: undefined });
  });

  it('continues after a keyset whose key is not of the sort’s type as SQLite does', async () => {
    for (const after of [
      { key: 'not a number', id: '' },
      { key: 1, id: 'c1' },
    ]) {
      for (const descending of [false, true]) {
        const request: CasePageRequest = { criteria: {}, sort: { field: 'escalationLevel', descending }, limit: 20, after };
        const sqlite = (await models.sqlite.page(request)).rows.map((found) => found.id);
        expect({ after, descending, ids: (await models.postgres.page(request)).rows.map((found) => found.id) }).toEqual({ after, descending, ids: sqlite });
      }
    }
  });
});
