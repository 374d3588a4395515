import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIdentityConfig } from './identity-config';

const DEMO_FILE = join(__dirname, '../../../../config/organisation.demo.json');

describe('loadIdentityConfig with the demo file', () => {
  it('loads the demo organisation with every unit id the demo relies on', async () => {
    const { orgTree } = await loadIdentityConfig(DEMO_FILE, { demoMode: true });
    const unitIds = orgTree.units().map((unit) => unit.id);
    expect(unitIds).toEqual(
      expect.arrayContaining(['hq', 'anshan', 'anshan-haicheng', 'anshan-haicheng-yys', 'anshan-daoxi', 'anshan-tiedong', 'suizhou', 'suizhou-zengdu', 'suizhou-chengzhong']),
    );
    expect(orgTree.ancestors('anshan-haicheng-yys').map((unit) => unit.name)).toEqual(['海城支行', '鞍山分行', '总行']);
    expect(orgTree.parentOf('suizhou-chengzhong')?.name).toBe('随州分行');
  });

  it('loads the six seed categories with both labels', async () => {
    const { categories } = await loadIdentityConfig(DEMO_FILE, { demoMode: true });
    expect(categories.categories.map((category) => category.id)).toEqual(['attitude', 'process', 'channel', 'environment', 'etiquette', 'internal_control']);
    expect(categories.get('internal_control').label).toEqual({ zh: '内部控制', en: 'Internal control' });
  });

  it('has the demo users, each able to sign in with the demo password', async () => {
    const { users } = await loadIdentityConfig(DEMO_FILE, { demoMode: true, demoPassword: 'demo-pw' });
    const expected = {
      admin: ['admin', 'hq'],
      'handler.haicheng': ['handler', 'anshan-haicheng-yys'],
      'head.haicheng': ['unit_head', 'anshan-haicheng'],
      'manager.haicheng': ['handler', 'anshan-haicheng-yys'],
      'handler.daoxi': ['handler', 'anshan-daoxi'],
      'head.daoxi': ['unit_head', 'anshan-daoxi'],
      'head.anshan': ['unit_head', 'anshan'],
      'supervisor.anshan': ['supervisor', 'anshan'],
      'supervisor.hq': ['supervisor', 'hq'],
      'head.hq': ['unit_head', 'hq'],
      'inspector.anshan': ['inspector', 'anshan'],
      'handler.zengdu': ['handler', 'suizhou-zengdu-yys'],
      'head.zengdu': ['unit_head', 'suizhou-zengdu'],
      'handler.chengzhong': ['handler', 'suizhou-chengzhong-yys'],
      'head.chengzhong': ['unit_head', 'suizhou-chengzhong'],
      'supervisor.suizhou': ['supervisor', 'suizhou'],
      'inspector.suizhou': ['inspector', 'suizhou'],
      auditor: ['auditor', 'hq'],
    };
    expect(Object.fromEntries(users.list().map((user) => [user.username, [user.role, user.unitId]]))).toEqual(expected);
    for (const username of Object.keys(expected)) {
      await expect(users.authenticate(username, 'demo-pw')).resolves.not.toBeNull();
    }
  });

  it('refuses the demo file under NODE_ENV=production whatever the demo flag says', async () => {
    await expect(loadIdentityConfig(DEMO_FILE, { demoMode: true, nodeEnv: 'production' })).rejects.toThrow(/NODE_ENV=production/);
    await expect(loadIdentityConfig(DEMO_FILE, { demoMode: false, nodeEnv: 'production' })).rejects.toThrow(/NODE_ENV=production/);
  });
});

describe('loadIdentityConfig errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duban-identity-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the file it cannot read', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadIdentityConfig(missing, { demoMode: true })).rejects.toThrow(`Invalid identity configuration in ${missing}`);
  });

  it('names the file that is not JSON', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "units": [');
    await expect(loadIdentityConfig(broken, { demoMode: true })).rejects.toThrow(/in .*broken\.json:\n- cannot read JSON/);
  });

  it('names the file whose content is invalid', async () => {
    const empty = join(dir, 'empty.json');
    await writeFile(empty, '{}');
    await expect(loadIdentityConfig(empty, { demoMode: true })).rejects.toThrow(/in .*empty\.json:\n- units must be an array/);
  });
});
