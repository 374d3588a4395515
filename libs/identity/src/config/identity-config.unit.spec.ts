import { hashPassword } from '../users/password-hash';
import { parseIdentityConfig, type IdentityConfigLoadOptions } from './identity-config';
import { IdentityConfigError } from './identity-config.error';

const units = [
  { id: 'hq', name: '总行', nameEn: 'Head Office', parentId: null, level: 'head_office' },
  { id: 'anshan', name: '鞍山分行', nameEn: 'Anshan Branch', parentId: 'hq', level: 'branch' },
];
const categories = [
  { id: 'attitude', label: { zh: '服务态度', en: 'Service attitude' }, examples: [{ zh: '态度冷漠', en: 'Cold' }] },
  { id: 'process', label: { zh: '业务流程', en: 'Business process' } },
];
const demoUser = { username: 'supervisor.anshan', displayName: '赵丽华', role: 'supervisor', unitId: 'anshan' };
const demo: IdentityConfigLoadOptions = { demoMode: true, demoPassword: 'let-me-in', nodeEnv: 'development' };

async function issuesOf(raw: unknown, options: IdentityConfigLoadOptions = demo): Promise<readonly string[]> {
  const error = await parseIdentityConfig(raw, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof IdentityConfigError)) throw new Error(`expected IdentityConfigError, got ${String(error)}`);
  return error.issues;
}

describe('parseIdentityConfig', () => {
  it('builds the tree, the categories and the users', async () => {
    const config = await parseIdentityConfig({ units, categories, users: [demoUser] }, demo);
    expect(config.orgTree.parentOf('anshan')?.id).toBe('hq');
    expect(config.categories.get('attitude').examples).toEqual([{ zh: '态度冷漠', en: 'Cold' }]);
    expect(config.categories.get('process').examples).toEqual([]);
    expect(config.categories.has('etiquette')).toBe(false);
    expect(config.users.find('supervisor.anshan')).toEqual(demoUser);
  });

  it('gives demo users the demo password in demo mode', async () => {
    const { users } = await parseIdentityConfig({ units, categories, users: [demoUser] }, demo);
    await expect(users.authenticate('supervisor.anshan', 'let-me-in')).resolves.toMatchObject({ role: 'supervisor' });
    await expect(users.authenticate('supervisor.anshan', 'demo-password')).resolves.toBeNull();
  });

  it('falls back to the documented default demo password', async () => {
    const { users } = await parseIdentityConfig({ units, categories, users: [demoUser] }, { demoMode: true });
    await expect(users.authenticate('supervisor.anshan', 'demo-password')).resolves.not.toBeNull();
  });

  it('refuses demo mode under NODE_ENV=production', async () => {
    await expect(parseIdentityConfig({ units, categories, users: [demoUser] }, { demoMode: true, nodeEnv: 'production' })).rejects.toThrow(
      /demo mode is refused when NODE_ENV=production/,
    );
  });

  it('refuses demo users (no passwordHash) in production even with demo mode off', async () => {
    expect(await issuesOf({ units, categories, users: [demoUser] }, { demoMode: false, nodeEnv: 'production' })).toEqual([
      'user "supervisor.anshan" has no passwordHash; demo users are refused when NODE_ENV=production',
    ]);
  });

  it('outside demo mode, needs a hash and checks passwords against it', async () => {
    expect(await issuesOf({ units, categories, users: [demoUser] }, { demoMode: false })).toEqual([
      'user "supervisor.anshan" has no passwordHash; only demo mode may load users without one',
    ]);
    const hashed = { ...demoUser, passwordHash: await hashPassword('real secret') };
    const { users } = await parseIdentityConfig({ units, categories, users: [hashed] }, { demoMode: false, nodeEnv: 'production' });
    await expect(users.authenticate('supervisor.anshan', 'real secret')).resolves.not.toBeNull();
    await expect(users.authenticate('supervisor.anshan', 'demo-password')).resolves.toBeNull();
  });

  it('keeps a stored hash in demo mode rather than replacing it with the demo password', async () => {
    const hashed = { ...demoUser, passwordHash: await hashPassword('real secret') };
    const { users } = await parseIdentityConfig({ units, categories, users: [hashed] }, demo);
    await expect(users.authenticate('supervisor.anshan', 'let-me-in')).resolves.toBeNull();
  });

  it('reports every shape problem with its path', async () => {
    const issues = await issuesOf({
      units: [
        { ...units[0], level: 'headquarters' },
        { ...units[1], name: '' },
      ],
      categories: [{ id: 'attitude', label: { zh: '服务态度' } }, 'process'],
      users: [{ ...demoUser, role: 'manager' }],
    });
    expect(issues).toEqual([
      'units[0].level must be one of head_office, branch, sub_branch, outlet (got "headquarters")',
      'units[1].name must be a non-empty string',
      'categories[0].label.en must be a non-empty string',
      'categories[1] must be an object',
      'categories[1].id must be a non-empty string',
      'categories[1].label must be an object',
      'categories[1].label.zh must be a non-empty string',
      'categories[1].label.en must be a non-empty string',
      'users[0].role must be one of handler, unit_head, supervisor, inspector, auditor, admin (got "manager")',
    ]);
  });

  it('requires the three sections', async () => {
    expect(await issuesOf({})).toEqual(['units must be an array', 'categories must be an array', 'users must be an array']);
    expect(await issuesOf([])).toContain('config must be an object');
  });

  it('reports tree, duplicate, unknown-unit and bad-hash problems together', async () => {
    const issues = await issuesOf({
      units: [...units, { ...units[1], id: 'orphan', parentId: 'ghost' }],
      categories: [categories[0], categories[0]],
      users: [demoUser, demoUser, { ...demoUser, username: 'lost', unitId: 'mars' }, { ...demoUser, username: 'bad', passwordHash: 'plain' }],
    });
    expect(issues).toEqual([
      'units: unit "orphan" has unknown parent "ghost"',
      'duplicate category id "attitude"',
      'duplicate username "supervisor.anshan"',
      'user "lost" belongs to unknown unit "mars"',
      expect.stringMatching(/^user "bad": Malformed password hash/),
    ]);
  });

  it('lists the staff, optional, checked for shape, unique ids and known units', async () => {
    const teller = { id: 'E1001', name: '钱一', unitId: 'anshan', position: '柜员' };
    expect((await parseIdentityConfig({ units, categories, users: [demoUser] }, demo)).staff.find('E1001')).toBeUndefined();
    expect((await parseIdentityConfig({ units, categories, users: [demoUser], staff: [teller] }, demo)).staff.find('E1001')).toEqual(teller);
    expect(await issuesOf({ units, categories, users: [demoUser], staff: [{ ...teller, position: '' }] })).toEqual(['staff[0].position must be a non-empty string']);
    expect(await issuesOf({ units, categories, users: [demoUser], staff: [teller, teller, { ...teller, id: 'E1002', unitId: 'mars' }] })).toEqual([
      'duplicate staff id "E1001"',
      'staff member "E1002" belongs to unknown unit "mars"',
    ]);
  });

  it("lists a unit's complaint managers, who must be case workers at the unit or above it; a unit without its own uses its nearest ancestor's", async () => {
    const outlet = { id: 'anshan-yys', name: '鞍山分行营业室', nameEn: 'Anshan Business Hall', parentId: 'anshan', level: 'outlet' };
    const withManagers = [units[0], { ...units[1], complaintManagers: ['supervisor.anshan'] }, outlet];
    const { orgTree } = await parseIdentityConfig({ units: withManagers, categories, users: [demoUser] }, demo);
    expect(orgTree.complaintManagersFor('anshan-yys')).toEqual(['supervisor.anshan']);
    expect(orgTree.complaintManagersFor('hq')).toEqual([]);

    const auditor = { ...demoUser, username: 'auditor', role: 'auditor' };
    const elsewhere = { ...demoUser, username: 'handler.hq', role: 'handler', unitId: 'hq' };
    const below = { ...demoUser, username: 'handler.yys', role: 'handler', unitId: 'anshan-yys' };
    const managing = (complaintManagers: unknown) => [units[0], { ...units[1], complaintManagers }, outlet];
    expect(await issuesOf({ units: managing('x'), categories, users: [demoUser] })).toEqual(['units[1].complaintManagers must be an array of non-empty strings']);
    expect(await issuesOf({ units: managing(['ghost', 'auditor', 'handler.yys', 'handler.hq']), categories, users: [demoUser, auditor, elsewhere, below] })).toEqual([
      'unit "anshan": complaint manager "ghost" is not a user',
      'unit "anshan": complaint manager "auditor" is a auditor; must be one of handler, unit_head, supervisor',
      'unit "anshan": complaint manager "handler.yys" works at "anshan-yys", neither the unit nor above it',
    ]);
  });

  it("reads a unit's transactions a quarter and counters, whole numbers from 0, for the quarterly scores", async () => {
    const outlet = { id: 'anshan-yys', name: '鞍山分行营业室', nameEn: 'Anshan Business Hall', parentId: 'anshan', level: 'outlet' };
    const { orgTree } = await parseIdentityConfig({ units: [...units, { ...outlet, transactionsPerQuarter: 42000, counters: 6 }], categories, users: [demoUser] }, demo);
    expect(orgTree.get('anshan-yys')).toMatchObject({ transactionsPerQuarter: 42000, counters: 6 });
    expect(orgTree.get('anshan')).not.toHaveProperty('counters');
    expect(await issuesOf({ units: [...units, { ...outlet, transactionsPerQuarter: -1, counters: 2.5 }], categories, users: [demoUser] })).toEqual([
      'units[2].transactionsPerQuarter must be a whole number from 0 up',
      'units[2].counters must be a whole number from 0 up',
    ]);
  });
});
