import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { CLOCK, type Clock } from '@duban/command-handling';
import { CaseCommandHandler, CaseFollowUps, COMPLAINTS, FINDINGS, INSPECTIONS, type CommandRequest } from '@duban/cases';
import { loadConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { recordIntegrityCheckpoint } from '@duban/store-integrity';
import { checklistItems, type Actor, type ComplaintCommand, type RaiseFinding } from '@duban/workflow';
import { ApiModule } from '../../apps/api/src/api.module';
import { ChecklistTemplates } from '../../apps/api/src/checklists/checklist-templates';
import { hashPassword } from '../../libs/identity/src/users/password-hash';
import { DEMO_PASSWORD } from '../../test/support/demo-data';

/**
 * A year of a large branch (issue 21): the demo organisation plus 辽阳分行, 10 sub-branches of 6
 * outlets each, and a year of its complaints and inspections recorded through the API's own
 * CaseCommandHandler and CaseFollowUps (SLA companion, case numbers, customer sealing, the findings
 * a valid reply or a failed checklist item opens), in-process, each command at its business time.
 */
export const YEAR_BRANCH = 'liaoyang';
export const SUB_BRANCHES = 10;
export const OUTLETS_PER_SUB_BRANCH = 6;
/** The twelve months seeded: December 2025 to November 2026 (Asia/Shanghai). */
export const YEAR = { from: '2025-12', to: '2026-12', startsAt: Date.parse('2025-11-30T16:00:00.000Z'), endsAt: Date.parse('2026-11-30T16:00:00.000Z') } as const;
/** A quarter inside the year, for the scores report. */
export const SCORED_QUARTER = '2026-Q3';
/** Readers signed in by the benchmark: the branch's supervisor and one outlet's handler. */
export const BRANCH_SUPERVISOR = 'supervisor.liaoyang';
export const OUTLET_HANDLER = 'handler.liaoyang-01-1';
/** Notes on the long case, so that its stream holds about 200 events. */
const LONG_CASE_NOTES = 196;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CATEGORIES = ['attitude', 'process', 'channel', 'environment', 'etiquette', 'internal_control'];
const CHANNELS = ['walk_in', 'hotline', 'letter', 'outlet_phone', 'online'] as const;
const DESCRIPTIONS = ['柜员态度冷漠、不耐烦，办理业务等候时间过长', '自助机具故障吞卡，未及时处理', '收费标准未公示，客户对手续费有异议', '排队叫号系统混乱，插队无人管理'];

const subBranchId = (s: number) => `${YEAR_BRANCH}-${String(s + 1).padStart(2, '0')}`;
const outletId = (s: number, o: number) => `${subBranchId(s)}-${o + 1}`;
const OUTLETS = Array.from({ length: SUB_BRANCHES * OUTLETS_PER_SUB_BRANCH }, (_, index) => ({
  subBranch: Math.floor(index / OUTLETS_PER_SUB_BRANCH),
  outlet: index % OUTLETS_PER_SUB_BRANCH,
}));

type OrganisationFile = { units: object[]; users: { username: string; passwordHash?: string }[]; categories: { id: string }[]; staff: object[] };

/** Writes the demo organisation with the large branch added into `directory`; every user signs in with the demo password. */
export async function writeYearOrganisation(root: string, directory: string): Promise<string> {
  const demo = JSON.parse(readFileSync(join(root, 'config/organisation.demo.json'), 'utf8')) as OrganisationFile;
  const units: object[] = [{ id: YEAR_BRANCH, name: '辽阳分行', nameEn: 'Liaoyang Branch', parentId: 'hq', level: 'branch' }];
  const users: object[] = [
    { username: BRANCH_SUPERVISOR, displayName: '钱卫东', role: 'supervisor', unitId: YEAR_BRANCH },
    { username: 'inspector.liaoyang', displayName: '孔令华', role: 'inspector', unitId: YEAR_BRANCH },
  ];
  for (let s = 0; s < SUB_BRANCHES; s++) {
    units.push({ id: subBranchId(s), name: `辽阳第${s + 1}支行`, nameEn: `Liaoyang Sub-branch ${s + 1}`, parentId: YEAR_BRANCH, level: 'sub_branch' });
    users.push({ username: `head.${subBranchId(s)}`, displayName: `负责人${s + 1}`, role: 'unit_head', unitId: subBranchId(s) });
  }
  for (const { subBranch, outlet } of OUTLETS) {
    const id = outletId(subBranch, outlet);
    units.push({
      id,
      name: `辽阳第${subBranch + 1}支行第${outlet + 1}网点`,
      nameEn: `Liaoyang ${subBranch + 1}-${outlet + 1} Outlet`,
      parentId: subBranchId(subBranch),
      level: 'outlet',
      transactionsPerQuarter: 30_000,
      counters: 4,
    });
    users.push({ username: `handler.${id}`, displayName: `柜员${subBranch + 1}-${outlet + 1}`, role: 'handler', unitId: id });
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const file = join(directory, 'organisation.year.json');
  const organisation = { ...demo, units: [...demo.units, ...units], users: [...demo.users, ...users].map((user) => ({ ...user, passwordHash })) };
  writeFileSync(file, JSON.stringify(organisation));
  return file;
}

export type YearSize = { complaints: number; inspections: number };
export type SeedSettings = { root: string; dataDir: string; organisationFile: string; redisUrl: string; queuePrefix: string; log: (message: string) => void };
/** `events`: the store's head position, every event of the year (the SLA policies and templates seeded at start-up too). */
export type SeededYear = { events: number; longComplaintId: string; seconds: number };

/** Each lifecycle runs in an async context of its own business time, so that many run at once through one handler. */
const businessTime = new AsyncLocalStorage<{ at: number }>();
const yearClock: Clock = { now: () => new Date(businessTime.getStore()?.at ?? YEAR.startsAt) };
/** Lifecycles in flight at once: their appends are group-committed, as the API's concurrent requests are. */
const CONCURRENT_LIFECYCLES = 32;

/**
 * Seeds the year into `dataDir` through the API's modules in-process at synchronous NORMAL
 * (durability is not what is measured), its read models kept by the in-process projection.
 */
export async function seedYear(size: YearSize, settings: SeedSettings): Promise<SeededYear> {
  const started = Date.now();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: settings.dataDir,
    ORG_CONFIG_FILE: settings.organisationFile,
    REDIS_URL: settings.redisUrl,
    REDIS_AUTOSTART: 'false',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    SLA_POLICY_FILE: join(settings.root, 'config/sla/policies.default.json'),
    SLA_CALENDARS_DIR: join(settings.root, 'config/sla/calendars'),
    CHECKLISTS_DIR: join(settings.root, 'config/checklists'),
    SCORING_SCHEMES_DIR: join(settings.root, 'config/scoring'),
    QUEUE_PREFIX: settings.queuePrefix,
    LOG_LEVEL: 'warn',
  });
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config)] })
    .overrideProvider(CLOCK)
    .useValue(yearClock)
    .compile();
  moduleRef.useLogger(['error']);
  await moduleRef.init();
  try {
    const seeder = new YearSeeder(moduleRef.get(CaseCommandHandler), moduleRef.get(CaseFollowUps), await moduleRef.get(ChecklistTemplates).current('counter-service'));
    const longComplaintId = await seeder.longCase();
    await inParallel(size.complaints, (index) => seeder.complaint(index, size.complaints), settings.log, 'complaints');
    await inParallel(size.inspections, (index) => seeder.inspection(index, size.inspections), settings.log, 'inspections');
    // As the worker does hourly: verify then checks every event against the heads a checkpoint anchored.
    const store = moduleRef.get<EventStore>(EVENT_STORE);
    await recordIntegrityCheckpoint(store);
    return { events: Number(await store.headPosition()), longComplaintId, seconds: (Date.now() - started) / 1000 };
  } finally {
    await moduleRef.close();
  }
}

async function inParallel(count: number, work: (index: number) => Promise<void>, log: (message: string) => void, what: string): Promise<void> {
  const started = Date.now();
  let next = 0;
  const step = Math.max(1, Math.floor(count / 10));
  await Promise.all(
    Array.from({ length: CONCURRENT_LIFECYCLES }, async () => {
      while (next < count) {
        const index = next++;
        await work(index);
        if ((index + 1) % step === 0) log(`year: ${index + 1} of ${count} ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }),
  );
}

type Checklist = Awaited<ReturnType<ChecklistTemplates['current']>>;

/** Deterministic storylines: the index picks unit, category, channel and how far a case got. */
class YearSeeder {
  constructor(
    private readonly commands: CaseCommandHandler,
    private readonly followUps: CaseFollowUps,
    private readonly checklist: Checklist,
  ) {}

  /** One complaint received at `index / count` of the year: replied within days (some late), followed up and signed off; the year's last weeks stay open. */
  async complaint(index: number, count: number): Promise<void> {
    const receivedAt = YEAR.startsAt + Math.floor(((YEAR.endsAt - YEAR.startsAt - 2 * DAY_MS) * index) / count) + 2 * HOUR_MS;
    const { subBranch, outlet } = OUTLETS[index % OUTLETS.length];
    const handler: Actor = { id: `handler.${outletId(subBranch, outlet)}`, role: 'handler', unitId: outletId(subBranch, outlet) };
    const head: Actor = { id: `head.${subBranchId(subBranch)}`, role: 'unit_head', unitId: subBranchId(subBranch) };
    const id = `year-complaint-${index}`;
    const at = (offsetMs: number, actor: Actor, command: ComplaintCommand) => this.complaintCommand(id, receivedAt + offsetMs, actor, command);
    await at(0, handler, {
      type: 'register',
      complaintId: id,
      channel: CHANNELS[index % CHANNELS.length],
      caseType: 'complaint',
      category: CATEGORIES[index % CATEGORIES.length],
      customer: { name: `客户${index % 997}`, phone: '13800000000' },
      description: `${DESCRIPTIONS[index % DESCRIPTIONS.length]}（第${index}号）`,
      unitId: handler.unitId,
      receivedAt: new Date(receivedAt).toISOString(),
      priority: 'normal',
    });
    await at(HOUR_MS, handler, { type: 'add-note', text: '已致电客户了解情况' });
    // The last weeks of the year are still being worked on; one in nine of the others was answered late.
    if (receivedAt > YEAR.endsAt - 20 * DAY_MS) return;
    const replyAfter = index % 9 === 0 ? 20 * DAY_MS : (1 + (index % 3)) * DAY_MS;
    await at(replyAfter, handler, { type: 'reply', text: '经核实已向客户说明并致歉', channel: 'phone', responsibility: index % 10 === 0 ? 'valid' : 'customer' });
    await at(replyAfter + DAY_MS, head, { type: 'verify', satisfied: index % 7 !== 0, ...(index % 7 === 0 && { comment: '客户仍不满意' }) });
    if (index % 7 !== 0) await at(replyAfter + DAY_MS + HOUR_MS, head, { type: 'close' });
  }

  /** One checklist inspection of an outlet by the branch's inspector: every item scored, one in three failing an item that raises a finding, then closed. */
  async inspection(index: number, count: number): Promise<void> {
    const openedAt = YEAR.startsAt + Math.floor(((YEAR.endsAt - YEAR.startsAt - DAY_MS) * index) / count) + 3 * HOUR_MS;
    const { subBranch, outlet } = OUTLETS[index % OUTLETS.length];
    const inspector: Actor = { id: 'inspector.liaoyang', role: 'inspector', unitId: YEAR_BRANCH };
    const id = `year-inspection-${index}`;
    await this.run(openedAt, () =>
      this.commands.execute(
        INSPECTIONS,
        id,
        { type: 'open', inspectionId: id, kind: 'onsite', unitId: outletId(subBranch, outlet), scope: '柜面服务检查', checklist: this.checklist },
        this.request(inspector, id),
      ),
    );
    const items = checklistItems(this.checklist);
    const failing = index % 3 === 0 ? items.find((item) => item.raisesFinding) : undefined;
    const findingId = `year-finding-${index}`;
    const results = items.map((item) =>
      item === failing ? { itemId: item.id, outcome: 'fail' as const, note: '检查发现问题', findingId } : { itemId: item.id, outcome: 'pass' as const },
    );
    const recorded = await this.run(openedAt + HOUR_MS, () =>
      this.commands.execute(INSPECTIONS, id, { type: 'record-results', results }, this.request(inspector, `${id}-results`)),
    );
    const added = recorded.recorded.find((event) => event.type === 'InspectionFindingAdded');
    if (failing && added) {
      const raise: RaiseFinding = {
        type: 'raise',
        findingId,
        source: { kind: 'inspection', inspectionId: id },
        unitId: outletId(subBranch, outlet),
        category: failing.category,
        description: `${failing.text}：检查发现问题`,
        severity: 'minor',
        mode: 'deadline',
        dueAt: new Date(openedAt + 30 * DAY_MS).toISOString(),
      };
      await this.run(openedAt + HOUR_MS, () => this.commands.createOnce(FINDINGS, findingId, raise, this.request(inspector, `${id}-raise`), added));
    }
    await this.run(openedAt + 2 * HOUR_MS, () => this.commands.execute(INSPECTIONS, id, { type: 'close', summary: '检查完毕' }, this.request(inspector, `${id}-close`)));
  }

  /** A complaint of about 200 events (registration, clocks and notes): the audit pack's case. */
  async longCase(): Promise<string> {
    const id = 'year-long-complaint';
    const handler: Actor = { id: `handler.${outletId(0, 0)}`, role: 'handler', unitId: outletId(0, 0) };
    await this.complaintCommand(id, YEAR.startsAt + DAY_MS, handler, {
      type: 'register',
      complaintId: id,
      channel: 'walk_in',
      caseType: 'complaint',
      category: 'process',
      customer: { name: '周长青', phone: '13800000000' },
      description: '长期未解决的投诉，多次跟进',
      unitId: handler.unitId,
      receivedAt: new Date(YEAR.startsAt + DAY_MS).toISOString(),
      priority: 'normal',
    });
    for (let note = 0; note < LONG_CASE_NOTES; note++)
      await this.complaintCommand(id, YEAR.startsAt + DAY_MS + (note + 1) * 60_000, handler, { type: 'add-note', text: `第${note + 1}次跟进记录` });
    return id;
  }

  private async complaintCommand(id: string, at: number, actor: Actor, command: ComplaintCommand): Promise<void> {
    const outcome = await this.run(at, () => this.commands.execute(COMPLAINTS, id, command, this.request(actor, `${id}-${command.type}-${at}`)));
    // A valid reply opens its rectification finding, as the API completes it after the command.
    await this.run(at, () => this.followUps.complete(COMPLAINTS, outcome, outcome.recorded));
  }

  private run<T>(at: number, work: () => Promise<T>): Promise<T> {
    return businessTime.run({ at }, work);
  }

  private request(actor: Actor, causationId: string): CommandRequest {
    return { actor, correlationId: causationId, causationId };
  }
}
