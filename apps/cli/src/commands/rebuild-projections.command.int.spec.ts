import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@duban/config';
import { openSqliteEventStore } from '@duban/event-store';
import { CaseQueries, openReadModelDatabase } from '@duban/projections';
import { registerComplaint } from '../../../../libs/projections/src/testing/case-events';
import { runCli } from '../cli';

describe('npm run cli -- rebuild-projections | replay-check', () => {
  let config: AppConfig;
  let stderr: string[];
  const run = (command: string) => {
    stderr = [];
    return runCli([command], { DATA_DIR: config.dataDir, NODE_ENV: 'test' }, { stdout: { write: () => true }, stderr: { write: (text: string) => stderr.push(text) } });
  };

  beforeEach(async () => {
    config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'duban-cli-')), SQLITE_SYNCHRONOUS: 'NORMAL' });
    const { store } = openSqliteEventStore({ file: config.sqliteFile, synchronous: 'NORMAL' });
    await registerComplaint(store, 'c1', 'anshan-daoxi', '2026-03-02T02:00:00.000Z');
    await registerComplaint(store, 'c2', 'anshan-tiedong', '2026-03-03T02:00:00.000Z');
    await store.close();
  });
  afterEach(() => rmSync(config.dataDir, { recursive: true, force: true }));

  it('replays the whole log into the DATA_DIR read models with progress, and can run again', async () => {
    for (let round = 0; round < 2; round += 1) {
      expect(await run('rebuild-projections')).toBe(0);
      expect(stderr.join('')).toMatch(/^rebuilding read models: position 2 \/ 2 \(100\.0%\), 2 events\n/);
      expect(stderr.at(-1)).toMatch(/^read models rebuilt: 2 events up to position 2 in /);
    }
    const db = openReadModelDatabase(config.readModelsFile);
    try {
      expect(new CaseQueries(db).all({}).map((row) => row.id).sort()).toEqual(['c1', 'c2']);
    } finally {
      db.close();
    }
  });

  it('replay-check passes on rebuilt read models and exits 1 naming the case and field after a row is altered', async () => {
    await run('rebuild-projections');
    expect(await run('replay-check')).toBe(0);
    expect(stderr.at(-1)).toBe('2 cases replayed, 0 differences\n');
    const db = openReadModelDatabase(config.readModelsFile);
    db.prepare("UPDATE case_rows SET unit_id = 'anshan-tiedong' WHERE id = 'c1'").run();
    db.close();
    expect(await run('replay-check')).toBe(1);
    expect(stderr.slice(-2)).toEqual(['DIFFERENT complaint-c1 unitId: read model "anshan-tiedong", replay "anshan-daoxi"\n', '2 cases replayed, 1 difference\n']);
  });
});
