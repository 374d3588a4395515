/**
 * The demo's quarter as a list of timed API requests: complaints received at four units of two
 * branches over the 13 weeks before an anchor instant, each following a storyline the complaint
 * statechart allows (some replied late, some escalated, reopened or withdrawn), the rectification
 * findings their valid replies open, a few inspections with findings of their own, and a monthly
 * checklist-scored inspection of each unit (config/checklists/counter-service.json), a few
 * employees' violations (违规服务) with their penalties, two of them appealed, then a circular
 * and a briefing of the branch. Pure and
 * deterministic: the same anchor and size give the same requests and keys, so a seed that stopped
 * half-way runs again without doubling anything.
 */

import counterChecklist from '../../config/checklists/counter-service.json';

/** One request of the plan; `{key}` in the path is the id another request's answer saved under that key. */
export type SeedStep = {
  /** Unique and stable: the request's Idempotency-Key suffix. */
  readonly key: string;
  /** The half-day session it happens in (see sessionInstant). */
  readonly session: number;
  readonly user: string;
  readonly path: string;
  /** JSON, or a file's content when `file` says what it is. */
  readonly body: Record<string, unknown> | string;
  /** An evidence upload: the body is the file, sent as `contentType` with the upload's query. */
  readonly file?: { readonly contentType: string; readonly query: Readonly<Record<string, string>> };
  /** Save the answer's `id` (a registration, an inspection, a finding raised) or the finding a valid reply opened. */
  readonly saves?: { readonly key: string; readonly from: 'id' | 'openedFinding' };
};

export type QuarterPlanOptions = {
  /** The end of the quarter; no request happens after it. */
  readonly anchor: Date;
  /** Complaints received at each of the four units (75 makes several hundred cases). */
  readonly complaintsPerUnit: number;
};

export const QUARTER_DAYS = 91;
const SESSION_HOURS_UTC = [2, 7]; // 10:00 and 15:00 in Asia/Shanghai
const DAY_MS = 86_400_000;

/** Midday-ish instants of the quarter: session 0 is the morning 91 days before the anchor's day. */
export function sessionInstant(anchor: Date, session: number): Date {
  const day = Math.floor(session / SESSION_HOURS_UTC.length);
  const at = new Date(anchor.getTime() - (QUARTER_DAYS - day) * DAY_MS);
  at.setUTCHours(SESSION_HOURS_UTC[session % SESSION_HOURS_UTC.length], 0, 0, 0);
  return at;
}

/**
 * Who works where: `head` assigns, escalates and verifies; `upper` answers once the case was
 * escalated; `verifier` checks the upper's reply; `signer` signs the unit's cases off (签字确认, the
 * unit head), `upperSigner` those a person escalated (the head of the unit they went up to).
 */
type ReceivingUnit = {
  readonly unitId: string;
  readonly handler: string;
  readonly head: string;
  readonly upper: string;
  readonly verifier: string;
  readonly signer: string;
  readonly upperSigner: string;
  readonly inspector: string;
  /** Share of complaints answered after the deadline, so that the units rank apart. */
  readonly lateRate: number;
  /** The unit head (not a supervisor) may also plan and report an escalated finding. */
  readonly headRectifies: boolean;
};

const RECEIVING_UNITS: readonly ReceivingUnit[] = [
  {
    unitId: 'anshan-haicheng-yys',
    handler: 'handler.haicheng',
    head: 'head.haicheng',
    upper: 'head.haicheng',
    verifier: 'supervisor.anshan',
    signer: 'head.haicheng',
    upperSigner: 'head.haicheng',
    inspector: 'inspector.anshan',
    lateRate: 0.04,
    headRectifies: true,
  },
  {
    unitId: 'anshan-daoxi',
    handler: 'handler.daoxi',
    head: 'supervisor.anshan',
    upper: 'supervisor.anshan',
    verifier: 'supervisor.hq',
    signer: 'head.daoxi',
    upperSigner: 'head.anshan',
    inspector: 'inspector.anshan',
    lateRate: 0.3,
    headRectifies: false,
  },
  {
    unitId: 'suizhou-zengdu-yys',
    handler: 'handler.zengdu',
    head: 'head.zengdu',
    upper: 'head.zengdu',
    verifier: 'supervisor.suizhou',
    signer: 'head.zengdu',
    upperSigner: 'head.zengdu',
    inspector: 'inspector.suizhou',
    lateRate: 0.14,
    headRectifies: true,
  },
  {
    unitId: 'suizhou-chengzhong-yys',
    handler: 'handler.chengzhong',
    head: 'head.chengzhong',
    upper: 'head.chengzhong',
    verifier: 'supervisor.suizhou',
    signer: 'head.chengzhong',
    upperSigner: 'head.chengzhong',
    inspector: 'inspector.suizhou',
    lateRate: 0.38,
    headRectifies: true,
  },
];

const COMPLAINT_TEXTS = [
  { category: 'attitude', text: '柜员态度冷漠、不耐烦，询问业务时不予理睬。' },
  { category: 'attitude', text: '柜员使用专业术语听不懂，解释不清楚。' },
  { category: 'attitude', text: '大堂经理服务不主动，客户等候时无人引导。' },
  { category: 'process', text: '排队时间过长，等候一个多小时仍未办理。' },
  { category: 'process', text: '信息录入错误，存单上姓名有误需重新办理。' },
  { category: 'process', text: '办理步骤不透明，来回补材料三次。' },
  { category: 'channel', text: 'ATM吞卡，联系大堂经理后半天无人处理。' },
  { category: 'channel', text: '网银无法登录，多次尝试均提示系统繁忙。' },
  { category: 'channel', text: '热线长时间占线，无法接通人工服务。' },
  { category: 'environment', text: '一米线未设置，办理业务时身后有人围观。' },
  { category: 'environment', text: '利率牌未及时更新，与柜面告知利率不一致。' },
  { category: 'etiquette', text: '柜员接待时未起身问候，也未使用普通话。' },
];
const SURNAMES = ['陈', '李', '王', '赵', '刘', '孙', '周', '吴', '郑', '冯', '何', '高'];
const GIVEN_NAMES = ['建国', '秀英', '海峰', '丽华', '志强', '美玲', '文博', '淑芬', '国庆', '晓东'];
const CHANNELS = [
  { channel: 'walk_in', weight: 40 },
  { channel: 'hotline', weight: 25 },
  { channel: 'online', weight: 15 },
  { channel: 'comment_book', weight: 12 },
  { channel: 'letter', weight: 8 },
] as const;
const REPLY_CHANNELS = ['phone', 'phone', 'in_person', 'sms', 'letter'];

const INSPECTION_FINDINGS = [
  { category: 'internal_control', description: '未按时核库，库存现金账实核对记录缺失。', severity: 'major' },
  { category: 'internal_control', description: '离岗人员柜员号未及时注销。', severity: 'major' },
  { category: 'environment', description: '残障通道缺失，轮椅客户无法进入营业厅。', severity: 'major' },
  { category: 'environment', description: '标识不清，自助区与现金区无明显指引。', severity: 'minor' },
  { category: 'etiquette', description: '晨会未落实，服务规范未传达到岗。', severity: 'minor' },
  { category: 'process', description: '员工代客户填写单据。', severity: 'major' },
] as const;
const INSPECTION_KINDS = ['onsite', 'mystery_shopper', 'thematic'] as const;

/** A small deterministic generator (mulberry32), one per case, so that adding a case never reshuffles the others. */
function randomFor(seed: number): { next: () => number; below: (n: number) => number; chance: (p: number) => boolean } {
  let state = (seed * 0x9e3779b1) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, below: (n) => Math.floor(next() * n), chance: (p) => next() < p };
}

function weighted<T extends { weight: number }>(items: readonly T[], roll: number): T {
  let left = roll * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    left -= item.weight;
    if (left < 0) return item;
  }
  return items[items.length - 1];
}

type Planner = { steps: SeedStep[]; anchor: Date };

function add(plan: Planner, step: SeedStep): void {
  // The quarter ends at the anchor: what a storyline would do later has not happened yet.
  if (sessionInstant(plan.anchor, step.session).getTime() <= plan.anchor.getTime()) plan.steps.push(step);
}

/** The rectification of one finding: plan, report, re-inspection (passed or carried over), closure. */
/** An instant `days` after a session, as a deadline in a request body. */
function daysAfterSession(plan: Planner, session: number, days: number): string {
  return new Date(sessionInstant(plan.anchor, session).getTime() + days * DAY_MS).toISOString();
}

function planRectification(plan: Planner, ref: string, unit: ReceivingUnit, start: number, random: ReturnType<typeof randomFor>): void {
  const finding = `/findings/{${ref}}`;
  const overdue = random.chance(0.1);
  const dueDays = overdue ? 3 : 10 + random.below(10);
  const dueAt = daysAfterSession(plan, start, dueDays);
  add(plan, {
    key: `${ref}-plan`,
    session: start,
    user: unit.handler,
    path: `${finding}/plan`,
    body: {
      measures: ['组织专项培训', '每日晨会检查', '主管每周抽查'],
      ownerId: unit.handler,
      dueAt,
      causeAnalysis: '员工对服务规范掌握不牢，主管日常检查不到位。',
      milestones: [{ text: '完成专项培训', dueAt: daysAfterSession(plan, start, dueDays / 2) }],
    },
  });
  // Never reported: the deadline passes and the worker breaches and escalates it.
  if (overdue) return;
  if (unit.headRectifies && random.chance(0.06)) {
    add(plan, { key: `${ref}-escalate`, session: start + 2, user: unit.head, path: `${finding}/escalate`, body: { reason: '整改涉及多个部门，提请上级督办。' } });
    return;
  }
  // 落实情况: the training milestone recorded as done before the written report.
  add(plan, {
    key: `${ref}-progress`,
    session: start + 2,
    user: unit.handler,
    path: `${finding}/progress`,
    body: { milestone: 1, note: '专项培训已完成，附培训签到表。', completed: true },
  });
  let report = start + 4 + random.below(2 * dueDays - 4);
  add(plan, { key: `${ref}-report`, session: report, user: unit.handler, path: `${finding}/report`, body: { text: '已按整改方案落实，附整改照片及培训签到表。' } });
  if (random.chance(0.18)) {
    add(plan, {
      key: `${ref}-carry-over`,
      session: report + 2,
      user: unit.inspector,
      path: `${finding}/verify`,
      // A carried-over finding gets a new deadline (限期), two weeks on.
      body: { passed: false, note: '复查仍未整改到位，转入下期继续整改。', dueAt: daysAfterSession(plan, report + 2, 14) },
    });
    if (random.chance(0.5)) return;
    report += 8;
    add(plan, { key: `${ref}-report-again`, session: report, user: unit.handler, path: `${finding}/report`, body: { text: '遗留问题已整改完毕，补充整改材料。' } });
  }
  const verified = report + 2 + random.below(3);
  add(plan, { key: `${ref}-verify`, session: verified, user: unit.inspector, path: `${finding}/verify`, body: { passed: true, note: '复查合格。' } });
  if (random.chance(0.85)) add(plan, { key: `${ref}-close`, session: verified + 1 + random.below(4), user: unit.head, path: `${finding}/close`, body: {} });
}

function planComplaint(plan: Planner, index: number, lastSession: number): void {
  const random = randomFor(index + 1);
  const unit = RECEIVING_UNITS[index % RECEIVING_UNITS.length];
  const ref = `complaint-${index}`;
  const complaint = `/complaints/{${ref}}`;
  const registered = random.below(lastSession + 1);
  const { channel } = weighted(CHANNELS, random.next());
  const roll = random.next();
  const type = roll < 0.06 ? 'investigation' : roll < 0.1 ? 'suggestion' : roll < 0.13 ? 'praise' : 'complaint';
  const { category, text } = COMPLAINT_TEXTS[random.below(COMPLAINT_TEXTS.length)];
  const onSpot = type === 'complaint' && channel === 'walk_in' && random.chance(0.3);
  // Letters arrive days after they were written; the rest minutes to hours before they are registered.
  const receivedBeforeMs = channel === 'letter' ? (2 + random.below(4)) * DAY_MS : (5 + random.below(150)) * 60_000;
  const customer = {
    name: SURNAMES[random.below(SURNAMES.length)] + GIVEN_NAMES[random.below(GIVEN_NAMES.length)],
    ...(random.chance(0.8) ? { phone: `1380000${String(index).padStart(4, '0')}` } : {}),
  };
  add(plan, {
    key: ref,
    session: registered,
    user: unit.handler,
    path: '/complaints',
    body: {
      type,
      channel,
      category,
      unitId: unit.unitId,
      customer,
      description: type === 'praise' ? '柜员耐心细致，帮助老人办理业务，特此表扬。' : type === 'suggestion' ? '建议增加周末营业窗口。' : text,
      receivedAt: new Date(sessionInstant(plan.anchor, registered).getTime() - receivedBeforeMs).toISOString(),
      priority: random.chance(0.1) ? 'urgent' : 'normal',
      ...(onSpot ? { resolvedOnSpot: { reply: { responsibility: 'customer', text: '现场为客户解释清楚，客户表示理解。', channel: 'in_person' } } } : {}),
    },
    saves: { key: ref, from: 'id' },
  });
  let session = registered + 1;
  let replier = unit.handler;
  let verifier = unit.head;
  let signer = unit.signer;
  if (!onSpot) {
    if (random.chance(0.04)) {
      add(plan, { key: `${ref}-withdraw`, session, user: unit.handler, path: `${complaint}/withdraw`, body: { reason: '客户表示问题已自行解决，撤回投诉。' } });
      return;
    }
    const late = random.chance(unit.lateRate);
    // On time: within two days; late: six to ten days, past three working days even across a weekend.
    const replyAt = registered + (late ? 12 + random.below(8) : 1 + random.below(4));
    // A case answered the next session had no time for anything else.
    const worked = replyAt - registered >= 2;
    if (worked && random.chance(0.5)) {
      add(plan, { key: `${ref}-assign`, session, user: unit.head, path: `${complaint}/assign`, body: { assigneeId: unit.handler } });
      session += 1;
    } else if (worked && random.chance(0.2)) {
      add(plan, { key: `${ref}-note`, session, user: unit.handler, path: `${complaint}/notes`, body: { text: '已致电客户了解详细情况，正在核实。' } });
      add(plan, {
        key: `${ref}-evidence`,
        session,
        user: unit.handler,
        path: `${complaint}/attachments`,
        body: `${ref} 监控调阅记录：调阅营业厅监控，柜员接待过程与客户所述基本一致。\n`,
        file: { contentType: 'text/plain', query: { fileName: '监控调阅记录.txt', evidenceKind: 'cctv_note', personalData: 'false' } },
      });
      session += 1;
    }
    if (session < replyAt && random.chance(late ? 0.4 : 0.04)) {
      add(plan, { key: `${ref}-escalate`, session, user: unit.head, path: `${complaint}/escalate`, body: { reason: '客户情绪激动，需上级协调处理。' } });
      replier = unit.upper;
      verifier = unit.upper === unit.head ? unit.verifier : unit.head;
      signer = unit.upperSigner;
    }
    // A few are never answered: their deadlines pass and the worker breaches and escalates them.
    if (index % 37 === 5) return;
    const valid = type === 'complaint' || type === 'investigation' ? random.chance(0.35) : false;
    // Praise and suggestions blame nobody: their replies propose no responsibility (责任认定).
    const proposed = type === 'praise' || type === 'suggestion' ? {} : { responsibility: valid ? 'valid' : 'customer' };
    const channelOfReply = REPLY_CHANNELS[random.below(REPLY_CHANNELS.length)];
    add(plan, {
      key: `${ref}-reply`,
      session: replyAt,
      user: replier,
      path: `${complaint}/reply`,
      body: valid
        ? { ...proposed, text: '经核实属实，已向客户致歉，相关人员已批评教育并整改。', channel: channelOfReply }
        : { ...proposed, text: '经核实系客户对业务规定不了解，已向客户解释说明。', channel: channelOfReply },
      ...(valid ? { saves: { key: `${ref}-finding`, from: 'openedFinding' as const } } : {}),
    });
    if (valid) planRectification(plan, `${ref}-finding`, unit, replyAt + 2, random);
    // A few still await their follow-up visit (回访) long after the reply.
    if (index % 23 === 11) return;
    session = replyAt + 1 + random.below(3);
    // One in nine follow-up visits finds the customer unsatisfied; half of those are still being reworked.
    if (index % 9 === 4) {
      add(plan, { key: `${ref}-unsatisfied`, session, user: verifier, path: `${complaint}/verify`, body: { satisfied: false, note: '客户对处理结果不满意，要求进一步答复。' } });
      if (index % 18 === 4) return;
      add(plan, {
        key: `${ref}-reply-again`,
        session: session + 2,
        user: replier,
        path: `${complaint}/reply`,
        body: { ...proposed, text: '再次与客户沟通，详细说明处理依据。', channel: 'phone' },
      });
      session += 3;
    }
  }
  add(plan, { key: `${ref}-verify`, session, user: verifier, path: `${complaint}/verify`, body: { satisfied: true, note: '回访客户表示满意。' } });
  if (random.chance(0.9)) add(plan, { key: `${ref}-close`, session: session + 1 + random.below(3), user: signer, path: `${complaint}/close`, body: {} });
}

/**
 * One case in each step of the complaint process the storylines above do not take, in the last
 * fortnight of the quarter: a hand-over to the outlet's complaint manager with a promised reply
 * date (转办, 承诺办), an anonymous comment-book entry answered in the book, a call made straight to
 * the outlet, a case moved from the wrong unit, and one referred straight to head office (报总行).
 */
function planProcessShowcase(plan: Planner, lastSession: number): void {
  const at = lastSession - 24;
  const register = (ref: string, user: string, body: Record<string, unknown>): void =>
    add(plan, {
      key: ref,
      session: at,
      user,
      path: '/complaints',
      body: { type: 'complaint', category: 'process', priority: 'normal', receivedAt: sessionInstant(plan.anchor, at).toISOString(), ...body },
      saves: { key: ref, from: 'id' },
    });
  const customer = { name: '林晓峰', phone: '010-0000-0000' };

  register('showcase-hand-over', 'handler.haicheng', { channel: 'walk_in', unitId: 'anshan-haicheng-yys', customer, description: '存款利息计算有误，客户要求专人解释。' });
  add(plan, {
    key: 'showcase-hand-over-handed',
    session: at + 1,
    user: 'handler.haicheng',
    path: '/complaints/{showcase-hand-over}/hand-over',
    body: { managerId: 'manager.haicheng', reason: '涉及利息计算，转投诉管理人处理。' },
  });
  add(plan, {
    key: 'showcase-hand-over-promised',
    session: at + 2,
    user: 'manager.haicheng',
    path: '/complaints/{showcase-hand-over}/promised-reply',
    // Two days after receipt: well inside the policy's three working days.
    body: { promisedBy: sessionInstant(plan.anchor, at + 4).toISOString() },
  });

  register('showcase-comment-book', 'handler.haicheng', { channel: 'comment_book', unitId: 'anshan-haicheng-yys', description: '意见簿留言：等候区座椅不足。' });
  add(plan, {
    key: 'showcase-comment-book-reply',
    session: at + 1,
    user: 'handler.haicheng',
    path: '/complaints/{showcase-comment-book}/reply',
    body: { responsibility: 'customer', text: '已在意见簿中答复：等候区已增设座椅。', channel: 'comment_book' },
  });
  add(plan, { key: 'showcase-comment-book-close', session: at + 2, user: 'head.haicheng', path: '/complaints/{showcase-comment-book}/close', body: {} });

  register('showcase-outlet-phone', 'handler.zengdu', { channel: 'outlet_phone', unitId: 'suizhou-zengdu-yys', customer, description: '来电反映网点营业时间与公示不符。' });

  register('showcase-transfer', 'handler.haicheng', { channel: 'letter', unitId: 'anshan-haicheng-yys', customer, description: '来信反映道西支行柜台办理业务时未告知手续费。' });
  add(plan, {
    key: 'showcase-transfer-moved',
    session: at + 1,
    user: 'supervisor.anshan',
    path: '/complaints/{showcase-transfer}/transfer',
    body: { toUnitId: 'anshan-daoxi', reason: '来信所述业务在道西支行办理，登记网点有误。' },
  });

  register('showcase-referral', 'handler.zengdu', { channel: 'walk_in', unitId: 'suizhou-zengdu-yys', customer, description: '客户对总行统一收费标准提出异议。' });
  add(plan, {
    key: 'showcase-referral-referred',
    session: at + 1,
    user: 'head.zengdu',
    path: '/complaints/{showcase-referral}/refer',
    body: { reason: '涉及总行收费标准，超出网点处理权限，报总行规范服务管理部门。' },
  });
  add(plan, {
    key: 'showcase-referral-note',
    session: at + 2,
    user: 'handler.zengdu',
    path: '/complaints/{showcase-referral}/notes',
    body: { text: '已向客户了解办理经过，配合总行核实。' },
  });
}

/** A walk-in attitude complaint at the haicheng outlet, registered by its handler at the session it was received. */
function registerWalkInAtHaicheng(plan: Planner, ref: string, session: number, customer: { name: string; phone: string }, description: string): void {
  add(plan, {
    key: ref,
    session,
    user: 'handler.haicheng',
    path: '/complaints',
    body: {
      type: 'complaint',
      channel: 'walk_in',
      category: 'attitude',
      priority: 'normal',
      unitId: 'anshan-haicheng-yys',
      customer,
      description,
      receivedAt: sessionInstant(plan.anchor, session).toISOString(),
    },
    saves: { key: ref, from: 'id' },
  });
}

/**
 * One case in each follow-up outcome (回访) at the haicheng outlet, in the last ten days of the
 * quarter: the customer unreachable after three failed calls, awaiting sign-off; the same signed off
 * by the unit head; a decision maintained (维持原处理意见) asked by the handler and approved by a
 * supervisor; one still awaiting that approval; and one refused, then reopened on a new reason.
 */
function planFollowUpShowcase(plan: Planner, lastSession: number): void {
  const at = lastSession - 20;
  const customer = { name: '韩雪梅', phone: '010-0000-0001' };
  const step = (ref: string, suffix: string, offset: number, user: string, path: string, body: Record<string, unknown>): void =>
    add(plan, { key: `${ref}-${suffix}`, session: at + offset, user, path: `/complaints/{${ref}}/${path}`, body });
  const replied = (ref: string, description: string): void => {
    registerWalkInAtHaicheng(plan, ref, at, customer, description);
    step(ref, 'reply', 1, 'handler.haicheng', 'reply', { responsibility: 'customer', text: '经核实系客户对业务规定不了解，已向客户解释说明。', channel: 'phone' });
  };
  const unreachable = (ref: string): void => {
    ['phone', 'phone', 'sms'].forEach((channel, call) =>
      // A minute before the session: an attempt is never recorded as made in the future.
      step(ref, `call-${call + 1}`, 2 + call, 'manager.haicheng', 'contact-attempts', {
        attemptedAt: new Date(sessionInstant(plan.anchor, at + 2 + call).getTime() - 60_000).toISOString(),
        channel,
        reached: false,
        note: channel === 'sms' ? '短信未回复' : '电话无人接听',
      }),
    );
    step(ref, 'unreachable', 5, 'manager.haicheng', 'unreachable', { note: '电话两次未接通，短信亦无回复。' });
  };
  const request = { note: '客户仍不满意，但未提出新的事实或理由。' };

  replied('showcase-unreachable', '柜员办理挂失时态度生硬。');
  unreachable('showcase-unreachable');

  replied('showcase-signed-off', '大堂经理未主动引导客户取号。');
  unreachable('showcase-signed-off');
  step('showcase-signed-off', 'close', 6, 'head.haicheng', 'close', {});

  replied('showcase-decision-maintained', '客户认为转账手续费收取不合理。');
  step('showcase-decision-maintained', 'request', 2, 'handler.haicheng', 'decision-maintenance-request', request);
  step('showcase-decision-maintained', 'approve', 3, 'supervisor.anshan', 'decision-maintained', { note: '经复核，手续费按公示标准收取，维持原处理意见。' });

  replied('showcase-decision-pending', '客户不认可存折补登的处理方式。');
  step('showcase-decision-pending', 'request', 2, 'handler.haicheng', 'decision-maintenance-request', request);

  replied('showcase-reopened', '客户反映柜员少找零钱。');
  step('showcase-reopened', 'request', 2, 'handler.haicheng', 'decision-maintenance-request', request);
  step('showcase-reopened', 'refuse', 3, 'supervisor.anshan', 'decision-maintenance-refusal', { reason: '客户所述款项差额尚未与尾箱核对，请核实后再答复。' });
  step('showcase-reopened', 'unsatisfied', 4, 'manager.haicheng', 'verify', { satisfied: false, note: '客户提供了当日取款凭条，提出新的理由。' });
}

/**
 * 责任认定 by head office, in the last fortnight: one reply's proposal confirmed, a valid one
 * overridden to the customer's responsibility (its finding cancelled), and a customer one
 * overridden to valid, naming the responsible outlet and the employee complained about (a finding raised).
 */
function planResponsibilityShowcase(plan: Planner, lastSession: number): void {
  const at = lastSession - 20;
  const customer = { name: '苏明远', phone: '010-0000-0001' };
  const decided = (ref: string, description: string, proposed: 'valid' | 'customer', decision: Record<string, unknown>): void => {
    registerWalkInAtHaicheng(plan, ref, at, customer, description);
    const text = proposed === 'valid' ? '经核实属实，已向客户致歉。' : '经核实系客户对业务规定不了解，已向客户解释说明。';
    add(plan, { key: `${ref}-reply`, session: at + 1, user: 'handler.haicheng', path: `/complaints/{${ref}}/reply`, body: { responsibility: proposed, text, channel: 'phone' } });
    add(plan, { key: `${ref}-decided`, session: at + 3, user: 'supervisor.hq', path: `/complaints/{${ref}}/responsibility-decision`, body: decision });
  };
  decided('showcase-responsibility-confirmed', '客户认为转账手续费收取不合理。', 'customer', { responsibility: 'customer' });
  decided('showcase-responsibility-cancelled', '客户反映柜员未告知大额取款需预约。', 'valid', {
    responsibility: 'customer',
    reason: '经调阅监控，柜员已告知预约规定，客户未按规定预约，属客户责任。',
  });
  decided('showcase-responsibility-raised', '客户反映柜员办理业务时态度生硬。', 'customer', {
    responsibility: 'valid',
    reason: '经调阅监控，柜员接待时语气生硬，属服务不规范。',
    responsibleUnitId: 'anshan-haicheng-yys',
    complainedStaffId: 'E10001',
  });
}

/** Three inspections per branch, a month apart, each raising findings at the branch's two units. */
function planInspections(plan: Planner): void {
  for (const [branchIndex, branch] of [RECEIVING_UNITS.slice(0, 2), RECEIVING_UNITS.slice(2)].entries()) {
    for (let round = 0; round < 3; round += 1) {
      const random = randomFor(10_000 + branchIndex * 10 + round);
      const ref = `inspection-${branchIndex}-${round}`;
      const opened = 2 * (20 + 30 * round) + branchIndex;
      // The branch's inspector inspects; its supervisor re-inspects what the inspector saw fixed.
      const { inspector, verifier, unitId: firstUnitId } = branch[0];
      const branchUnit = firstUnitId.split('-')[0];
      add(plan, {
        key: ref,
        session: opened,
        user: inspector,
        path: '/inspections',
        body: { kind: INSPECTION_KINDS[round], unitId: branchUnit, scope: `第${round + 1}轮服务规范及内控检查` },
        saves: { key: ref, from: 'id' },
      });
      for (let index = 0; index < 4; index += 1) {
        const unit = branch[index % branch.length];
        const finding = INSPECTION_FINDINGS[(round * 4 + index + branchIndex) % INSPECTION_FINDINGS.length];
        const findingRef = `${ref}-finding-${index}`;
        const onSpot = index === 3;
        const raisedIn = opened + 1 + index;
        add(plan, {
          key: findingRef,
          session: raisedIn,
          user: inspector,
          path: `/inspections/{${ref}}/findings`,
          // 限期: a month from the inspection for what was not fixed on the spot.
          body: {
            unitId: unit.unitId,
            ...finding,
            ...(onSpot ? { mode: 'on_spot', report: '现场督促整改，已当场纠正。' } : { mode: 'deadline', dueAt: daysAfterSession(plan, raisedIn, 30) }),
          },
          saves: { key: findingRef, from: 'id' },
        });
        // The last inspection's third finding still awaits the unit's plan.
        if (round === 2 && index === 2) continue;
        // The inspector reported the on-the-spot fix, so someone else re-inspects it (four eyes).
        if (onSpot)
          add(plan, {
            key: `${findingRef}-verify`,
            session: opened + 6,
            user: verifier,
            path: `/findings/{${findingRef}}/verify`,
            body: { passed: true, note: '现场复核合格。' },
          });
        else planRectification(plan, findingRef, unit, opened + 2 + index + random.below(4), random);
      }
      add(plan, {
        key: `${ref}-close`,
        session: opened + 40,
        user: inspector,
        path: `/inspections/{${ref}}/close`,
        body: { summary: '本轮检查发现的问题已全部下发整改。' },
      });
    }
  }
}

const SCORED_KINDS = ['offsite', 'mystery_shopper', 'onsite'] as const;
const SCORED_ITEMS = counterChecklist.sections.flatMap((section) => section.items);

/**
 * Each unit scored against the counter checklist once a month (调看录像, 神秘人暗访, 现场检查):
 * every item recorded, courtesy items failed now and then, and in the first round the missing
 * 一米线 the branch summary found at almost every outlet, which raises a finding at the unit.
 */
function planScoredInspections(plan: Planner): void {
  for (const [unitIndex, unit] of RECEIVING_UNITS.entries()) {
    for (let round = 0; round < SCORED_KINDS.length; round += 1) {
      const random = randomFor(20_000 + unitIndex * 10 + round);
      const ref = `scored-${unitIndex}-${round}`;
      const opened = 2 * (10 + 30 * round) + unitIndex;
      add(plan, {
        key: ref,
        session: opened,
        user: unit.inspector,
        path: '/inspections',
        body: { kind: SCORED_KINDS[round], unitId: unit.unitId, scope: '服务工作检查记录表逐项检查', checklistId: 'counter-service' },
        saves: { key: ref, from: 'id' },
      });
      const results = SCORED_ITEMS.map((item) => {
        if (item.id === 'one-metre-line' && round === 0) return { itemId: item.id, outcome: 'fail', note: '未设置一米线标识', dueAt: daysAfterSession(plan, opened + 1, 30) };
        if (item.raisesFinding || !random.chance(0.3)) return { itemId: item.id, outcome: 'pass' };
        return { itemId: item.id, outcome: 'fail', deducted: 1 + random.below(item.points), note: '抽查时未做到' };
      });
      add(plan, { key: `${ref}-results`, session: opened + 1, user: unit.inspector, path: `/inspections/{${ref}}/results`, body: { results } });
      add(plan, { key: `${ref}-close`, session: opened + 2, user: unit.inspector, path: `/inspections/{${ref}}/close`, body: { summary: '服务礼仪扣分项已在晨会通报。' } });
    }
  }
}

/** The 鞍山 outlets scored once more near the quarter's end, so that the quarterly ranking (GET /reports/scores) has every outlet of the branch. */
const RANKED_OUTLETS = ['anshan-haicheng-yys', 'anshan-haicheng-tengao', 'anshan-daoxi-yys', 'anshan-tiedong-yys', 'anshan-jiefanglu-yys', 'anshan-duilu-yys'] as const;

/** An on-site check of every 鞍山 outlet in the quarter's last week: courtesy items failed now and then, so the outlets rank apart. */
function planOutletScoring(plan: Planner, lastSession: number): void {
  for (const [outletIndex, unitId] of RANKED_OUTLETS.entries()) {
    const random = randomFor(30_000 + outletIndex);
    const ref = `outlet-score-${outletIndex}`;
    const opened = lastSession - 12 + outletIndex;
    add(plan, {
      key: ref,
      session: opened,
      user: 'inspector.anshan',
      path: '/inspections',
      body: { kind: 'onsite', unitId, scope: '季度服务考核现场检查', checklistId: 'counter-service' },
      saves: { key: ref, from: 'id' },
    });
    const results = SCORED_ITEMS.map((item) =>
      item.raisesFinding || !random.chance(0.2 + 0.1 * outletIndex)
        ? { itemId: item.id, outcome: 'pass' }
        : { itemId: item.id, outcome: 'fail', deducted: 1 + random.below(item.points), note: '现场检查时未做到' },
    );
    add(plan, { key: `${ref}-results`, session: opened + 1, user: 'inspector.anshan', path: `/inspections/{${ref}}/results`, body: { results } });
  }
}

/** A violation of the demo: who records it against whom, the rule, the penalty, and the appeal when there is one. */
type DemoViolation = {
  readonly staffId: string;
  readonly recordedBy: string;
  readonly session: number;
  readonly rule: { category: string } | { checklistId: string; itemId: string };
  readonly description: string;
  readonly supervisor: string;
  readonly penalty: { points?: number; amountFen?: number };
  readonly appeal?: { readonly by: string; readonly grounds: string; readonly decision: Record<string, unknown> };
  readonly cctvNote?: string;
};

const DEMO_VIOLATIONS: readonly DemoViolation[] = [
  {
    staffId: 'E10001',
    recordedBy: 'inspector.anshan',
    session: 30,
    rule: { checklistId: 'counter-service', itemId: 'notes-locked' },
    description: '柜员日间离柜，票据、印章未上锁',
    supervisor: 'supervisor.anshan',
    penalty: { points: 2, amountFen: 20_000 },
    cctvNote: '调阅监控：10:02 离柜，10:14 返回，期间印章置于台面。',
  },
  {
    staffId: 'E10001',
    recordedBy: 'head.haicheng',
    session: 96,
    rule: { category: 'attitude' },
    description: '对客户态度冷漠、不耐烦，造成有效投诉',
    supervisor: 'supervisor.anshan',
    penalty: { points: 3, amountFen: 10_000 },
    appeal: {
      by: 'head.haicheng',
      grounds: '当日叫号系统故障，排队时间过长非本人原因',
      decision: { outcome: 'changed', points: 1, reason: '系统故障属实，情节较轻，改为扣 1 分' },
    },
  },
  {
    staffId: 'E10001',
    recordedBy: 'inspector.anshan',
    session: 150,
    rule: { checklistId: 'counter-service', itemId: 'cash-spoken' },
    description: '暗访时未唱收唱付',
    supervisor: 'supervisor.anshan',
    penalty: { points: 1 },
  },
  {
    staffId: 'E10005',
    recordedBy: 'inspector.anshan',
    session: 70,
    rule: { category: 'process' },
    description: '客户排队较多时未按规定增开窗口',
    supervisor: 'supervisor.anshan',
    penalty: { amountFen: 5_000 },
  },
  {
    staffId: 'E20001',
    recordedBy: 'inspector.suizhou',
    session: 84,
    rule: { category: 'internal_control' },
    description: '柜员为亲属代办业务，未主动回避',
    supervisor: 'supervisor.suizhou',
    penalty: { points: 5, amountFen: 50_000 },
    appeal: { by: 'head.zengdu', grounds: '客户为普通客户，非本人亲属', decision: { outcome: 'upheld', reason: '经核实为本人亲属，维持原处罚' } },
  },
];

/** The violations register: recorded, penalised by the branch's supervisor two sessions later, appealed to head office a day after that. */
function planViolations(plan: Planner): void {
  for (const [index, violation] of DEMO_VIOLATIONS.entries()) {
    const ref = `violation-${index}`;
    add(plan, {
      key: ref,
      session: violation.session,
      user: violation.recordedBy,
      path: '/violations',
      body: { staffId: violation.staffId, ...violation.rule, description: violation.description },
      saves: { key: ref, from: 'id' },
    });
    if (violation.cctvNote !== undefined)
      add(plan, {
        key: `${ref}-evidence`,
        // The next session: requests of one session run concurrently, and the upload needs the id.
        session: violation.session + 1,
        user: violation.recordedBy,
        path: `/violations/{${ref}}/attachments`,
        body: violation.cctvNote,
        file: { contentType: 'text/plain', query: { fileName: '监控调阅记录.txt', evidenceKind: 'cctv_note', personalData: 'false' } },
      });
    add(plan, {
      key: `${ref}-penalty`,
      session: violation.session + 2,
      user: violation.supervisor,
      path: `/violations/{${ref}}/penalty`,
      body: { ...violation.penalty, reason: '按服务考核办法处罚' },
    });
    if (violation.appeal === undefined) continue;
    add(plan, {
      key: `${ref}-appeal`,
      session: violation.session + 4,
      user: violation.appeal.by,
      path: `/violations/{${ref}}/appeal`,
      body: { grounds: violation.appeal.grounds },
    });
    add(plan, {
      key: `${ref}-appeal-decision`,
      session: violation.session + 8,
      user: 'supervisor.hq',
      path: `/violations/{${ref}}/appeal-decision`,
      body: violation.appeal.decision,
    });
  }
}

/**
 * The branch's circulars near the quarter's end: a circular (通报) naming the units behind on the
 * counter checklist, with the score sheet on file, acknowledged by one of its two recipients so far;
 * and a briefing (简报) to both sub-branches.
 */
function planCirculars(plan: Planner): void {
  const circular = 'circular-q-scores';
  const drafted = 2 * 80;
  add(plan, {
    key: circular,
    session: drafted,
    user: 'supervisor.anshan',
    path: '/circulars',
    body: {
      kind: 'circular',
      title: '关于本季度柜面服务检查情况的通报',
      content: '本季度按服务工作检查记录表对辖内网点逐项检查，一米线未设置、服务礼仪扣分较多。请海城支行营业室、道西支行于十日内完成整改并书面反馈。',
      recipientUnitIds: ['anshan-haicheng-yys', 'anshan-daoxi'],
    },
    saves: { key: circular, from: 'id' },
  });
  add(plan, {
    key: `${circular}-file`,
    // A session after the draft: requests of one session run side by side.
    session: drafted + 1,
    user: 'supervisor.anshan',
    path: `/circulars/{${circular}}/attachments`,
    body: '本季度柜面服务检查评分汇总：海城支行营业室、道西支行扣分项见附表。\n',
    file: { contentType: 'text/plain', query: { fileName: '检查评分汇总.txt', evidenceKind: 'other', personalData: 'false' } },
  });
  add(plan, { key: `${circular}-issue`, session: drafted + 2, user: 'supervisor.anshan', path: `/circulars/{${circular}}/issue`, body: {} });
  add(plan, { key: `${circular}-acknowledge`, session: drafted + 3, user: 'handler.haicheng', path: `/circulars/{${circular}}/acknowledge`, body: {} });

  const briefing = 'briefing-q';
  add(plan, {
    key: briefing,
    session: drafted + 10,
    user: 'supervisor.anshan',
    path: '/circulars',
    body: {
      kind: 'briefing',
      title: '服务工作简报（第13期）',
      content: '本季度共受理客户投诉、开展逐项检查和神秘人暗访，现将情况简报如下。',
      recipientUnitIds: ['anshan-haicheng', 'anshan-daoxi'],
    },
    saves: { key: briefing, from: 'id' },
  });
  add(plan, { key: `${briefing}-issue`, session: drafted + 11, user: 'supervisor.anshan', path: `/circulars/{${briefing}}/issue`, body: {} });
}

/**
 * Issue 19: 海城支行's self-inspection (自查) in the quarter's second month: its unit head opens it,
 * records the 一米线 the branch keeps finding, reports it up to 鞍山分行, whose supervisor closes
 * it with the lessons.
 */
function planSelfInspection(plan: Planner): void {
  const ref = 'self-inspection-haicheng';
  const opened = 2 * 45;
  const unitId = 'anshan-haicheng';
  add(plan, {
    key: ref,
    session: opened,
    user: 'head.haicheng',
    path: '/inspections',
    body: { kind: 'self', unitId, scope: '支行自查：营业环境、服务礼仪' },
    saves: { key: ref, from: 'id' },
  });
  add(plan, {
    key: `${ref}-finding`,
    session: opened + 1,
    user: 'head.haicheng',
    path: `/inspections/{${ref}}/findings`,
    body: { unitId, category: 'environment', description: '一米线未设置', severity: 'minor', mode: 'deadline', dueAt: daysAfterSession(plan, opened + 1, 20) },
  });
  add(plan, {
    key: `${ref}-report`,
    session: opened + 2,
    user: 'head.haicheng',
    path: `/inspections/{${ref}}/report`,
    body: { report: '自查营业环境和服务礼仪，发现一米线未设置 1 项，已限期整改。' },
  });
  add(plan, {
    key: `${ref}-close`,
    session: opened + 4,
    user: 'supervisor.anshan',
    path: `/inspections/{${ref}}/close`,
    body: { summary: '一米线问题在辖内多次出现，纳入下季度专项检查。' },
  });
}

/**
 * Issue 19: the branch's themed check finds the 一米线 missing and has it rectified alike at three
 * 鞍山 outlets (举一反三): one parent at the branch, one linked finding each, still open.
 */
function planFindingAcrossUnits(plan: Planner): void {
  const ref = 'across-units-anshan';
  const opened = 2 * 50;
  add(plan, {
    key: ref,
    session: opened,
    user: 'inspector.anshan',
    path: '/inspections',
    body: { kind: 'thematic', unitId: 'anshan', scope: '专项检查：营业环境一米线' },
    saves: { key: ref, from: 'id' },
  });
  add(plan, {
    key: `${ref}-finding`,
    session: opened + 1,
    user: 'inspector.anshan',
    path: `/inspections/{${ref}}/findings`,
    body: {
      unitId: 'anshan',
      unitIds: ['anshan-daoxi-yys', 'anshan-tiedong-yys', 'anshan-jiefanglu-yys'],
      category: 'environment',
      description: '一米线未设置，举一反三全面排查整改',
      severity: 'minor',
      mode: 'deadline',
      dueAt: daysAfterSession(plan, opened + 1, 30),
    },
  });
}

/** Every request of the quarter, in the order they happen (ties keep the order they were planned in). */
export function planQuarter({ anchor, complaintsPerUnit }: QuarterPlanOptions): SeedStep[] {
  const plan: Planner = { steps: [], anchor };
  const lastSession = 2 * QUARTER_DAYS + 1;
  for (let index = 0; index < complaintsPerUnit * RECEIVING_UNITS.length; index += 1) planComplaint(plan, index, lastSession);
  planInspections(plan);
  planProcessShowcase(plan, lastSession);
  planFollowUpShowcase(plan, lastSession);
  planResponsibilityShowcase(plan, lastSession);
  planScoredInspections(plan);
  planOutletScoring(plan, lastSession);
  planViolations(plan);
  planCirculars(plan);
  planSelfInspection(plan);
  planFindingAcrossUnits(plan);
  return plan.steps
    .map((step, order) => ({ step, order }))
    .sort((a, b) => a.step.session - b.step.session || a.order - b.order)
    .map(({ step }) => step);
}
