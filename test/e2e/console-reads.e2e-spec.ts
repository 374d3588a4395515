import { DeadlineEnforcer } from '@duban/sla-enforcement';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { registerComplaint } from '../support/demo-requests';

type HistoryEntry = { type: string; actor: { id: string; displayName: { zh: string; en: string } }; text: string | null; summary: { zh: string; en: string } };

const DAY_MS = 86_400_000;

/** What the console reads to speak the bank's language: unit names, who did what by name, what they wrote, overdue work first. */
describe('Reads the console names things by', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let supervisor: ApiClient;

  const historyOf = async (id: string): Promise<HistoryEntry[]> => (await supervisor.get(`/complaints/${id}/history?limit=100`).expect(200)).body.items as HistoryEntry[];

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES, start: new Date('2026-11-16T01:00:00.000Z') });
    handler = await api.as('handler.haicheng');
    supervisor = await api.as('supervisor.anshan');
  });
  afterAll(() => api.close());

  it('lists the units in the caller’s area with both names, parents before children', async () => {
    const own = (await handler.get('/organisation/units').expect(200)).body as { id: string; name: string; parentId: string | null }[];
    expect(own).toEqual([{ id: 'anshan-haicheng-yys', name: '海城支行营业室', nameEn: 'Haicheng Sub-branch Business Hall', level: 'outlet', parentId: 'anshan-haicheng' }]);

    const branch = (await supervisor.get('/organisation/units').expect(200)).body as { id: string; parentId: string | null }[];
    expect(branch[0].id).toBe('anshan');
    expect(branch.map((unit) => unit.id)).toEqual(expect.arrayContaining(['anshan-haicheng', 'anshan-haicheng-yys', 'anshan-daoxi']));
    expect(branch.map((unit) => unit.id)).not.toContain('suizhou');
    branch.slice(1).forEach((unit, index) => expect(branch.slice(0, index + 1).map((earlier) => earlier.id)).toContain(unit.parentId));

    const everything = (await (await api.as('auditor')).get('/organisation/units').expect(200)).body as { id: string }[];
    expect(everything.map((unit) => unit.id)).toEqual(expect.arrayContaining(['hq', 'anshan', 'suizhou']));
    await api.anonymous().get('/organisation/units').expect(401);
  });

  it('gives history entries the actor’s display name (系统 for the system), what they wrote, and clocks in words and Beijing time', async () => {
    const id = await registerComplaint(handler);
    await handler.post(`/complaints/${id}/notes`, { text: '已调阅监控，柜员确有不耐烦表现' }).expect(200);
    api.clock.advanceMs(10 * DAY_MS);
    await api.app.get(DeadlineEnforcer).enforceDeadlines('complaint', id);

    const history = await historyOf(id);
    const note = history.find((entry) => entry.type === 'ComplaintNoteAdded')!;
    expect(note).toMatchObject({ actor: { id: 'handler.haicheng', displayName: { zh: '李晓燕', en: '李晓燕' } }, text: '已调阅监控，柜员确有不耐烦表现' });
    const breach = history.find((entry) => entry.type === 'ClockBreached')!;
    expect(breach.actor.displayName).toEqual({ zh: '系统', en: 'System' });
    expect(breach.text).toBeNull();
    const started = history.find((entry) => entry.type === 'ClockStarted')!;
    // Registered 2026-11-16 09:00 Beijing time; the same-day acknowledgement clock is due at close of business.
    expect(started.summary.zh).toMatch(/^开始计时：[^a-z]+时限（第0级），2026-11-16 \d\d:\d\d 到期$/);
    expect(JSON.stringify(history.map((entry) => entry.summary.zh))).not.toMatch(/T\d\d:\d\d:\d\d/);
  });

  it('lists a case with a breached clock before every running deadline', async () => {
    const fresh = await registerComplaint(handler, { description: '新登记的投诉' });
    const ids = ((await supervisor.get('/complaints?sort=dueAt&limit=100').expect(200)).body.items as { id: string; overdue: boolean }[]).filter(
      (item) => item.overdue || item.id === fresh,
    );
    expect(ids.at(-1)!.id).toBe(fresh);
    expect(ids[0].overdue).toBe(true);
  });
});
