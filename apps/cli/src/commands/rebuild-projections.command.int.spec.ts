import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@duban/config';
import { openSqliteEventStore } from '@duban/event-store';
import { CaseQueries, openReadModelDatabase } from '@duban/projections';
import { registerComplaint } from '../../../../libs/projections/src/testing/case-events';
import type { ProgressOutput } from '../progress';
import { rebuildProjections } from './rebuild-projections.command';
import { checkReplay } from './replay-check.command';

describe('rebuild-projections and replay-check', () => {
  let config: AppConfig;

  beforeEach(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duban-cli-'));
    config = loadConfig({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'NORMAL' });
    const { store } = openSqliteEventStore({ file: config.sqliteFile, synchronous: 'NORMAL' });
    await registerComplaint(store, 'c1', 'anshan-daoxi', '2026-03-02T02:00:00.000Z');
    await registerComplaint(store, 'c2', 'anshan-tiedong', '2026-03-03T02:00:00.000Z');
    await store.close();
  });
  afterEach(() => rmSync(config.dataDir, { recursive: true, force: true }));

  it('replays the whole log into the DATA_DIR read models, reporting progress, and can run again', async () => {
    const lines: string[] = [];
    const progress: ProgressOutput = { update: (line) => lines.push(line), done: (line) => lines.push(line) };
    expect(await rebuildProjections(config, progress)).toBe(0);
    expect(await rebuildProjections(config, progress)).toBe(0);
    expect(lines.filter((line) => line.startsWith('rebuilding read models: position 2 / 2 (100.0%)'))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^read models rebuilt: 2 events up to position 2 in /);
    const db = openReadModelDatabase(config.readModelsFile);
    try {
      const rows = new CaseQueries(db).all({});
      expect(rows.map((row) => row.id).sort()).toEqual(['c1', 'c2']);
    } finally {
      db.close();
    }
  });

  it('replay-check passes on rebuilt read models and exits 1 naming the case and field after a row is altered', async () => {
    const lines: string[] = [];
    const progress: ProgressOutput = { update: () => undefined, done: (line) => lines.push(line) };
    await rebuildProjections(config, progress);
    expect(await checkReplay(config, progress)).toBe(0);
    expect(lines.at(-1)).toBe('2 cases replayed, 0 differences');
    const db = openReadModelDatabase(config.readModelsFile);
    db.prepare("UPDATE case_rows SET unit_id = 'anshan-tiedong' WHERE id = 'c1'").run();
    db.close();
    expect(await checkReplay(config, progress)).toBe(1);
    expect(lines.slice(-2)).toEqual(['DIFFERENT complaint-c1 unitId: read model "anshan-tiedong", replay "anshan-daoxi"', '2 cases replayed, 1 difference']);
  });
});
