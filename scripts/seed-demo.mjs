#!/usr/bin/env node
// Seeds the demo once per data directory: a few dozen complaints and inspection findings in
// varied states, entered through the public HTTP API exactly as staff would. Every request
// carries a deterministic Idempotency-Key and all dates derive from an anchor time saved before
// the first request, so a seed interrupted half-way runs again without doubling anything.
// Usage: DATA_DIR=./data node scripts/seed-demo.mjs [baseUrl]   (default http://127.0.0.1:3000)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const progressFile = join(dataDir, 'demo-seed.json');
const progress = existsSync(progressFile) ? JSON.parse(readFileSync(progressFile, 'utf8')) : { anchor: Date.now(), done: false };
if (progress.done) {
  console.log('[seed] demo data already seeded in this data directory');
  process.exit(0);
}
mkdirSync(dataDir, { recursive: true });
writeFileSync(progressFile, JSON.stringify(progress));

const baseUrl = process.argv[2] ?? process.env.DUBAN_URL ?? 'http://127.0.0.1:3000';
const password = process.env.DEMO_PASSWORD ?? 'demo-password';

const COMPLAINT_TEXTS = [
  { category: 'attitude', text: '柜员态度冷漠、不耐烦，询问业务时不予理睬。' },
  { category: 'process', text: '排队时间过长，等候一个多小时仍未办理。' },
  { category: 'channel', text: 'ATM吞卡，联系大堂经理后半天无人处理。' },
  { category: 'channel', text: '网银无法登录，多次尝试均提示系统繁忙。' },
  { category: 'channel', text: '热线长时间占线，无法接通人工服务。' },
  { category: 'attitude', text: '柜员使用专业术语听不懂，解释不清楚。' },
  { category: 'process', text: '信息录入错误，存单上姓名有误需重新办理。' },
  { category: 'environment', text: '一米线未设置，办理业务时身后有人围观。' },
  { category: 'etiquette', text: '柜员接待时未起身问候，也未使用普通话。' },
];
const CUSTOMERS = [
  { name: '陈建国', phone: '13800000001' },
  { name: '李秀英', phone: '13800000002' },
  { name: '王海峰' },
  { name: '赵丽华', phone: '13800000004' },
  { name: '刘志强', phone: '13800000005' },
  { name: '孙美玲' },
];
const CHANNELS = ['walk_in', 'comment_book', 'letter', 'hotline', 'online'];

// Each storyline is the list of steps a case goes through after registration.
const STORYLINES = [
  [],
  [['assign', 'head', { assigneeId: '$handler' }]],
  [['notes', 'handler', { text: '已致电客户了解详细情况，正在核实。' }]],
  [['escalate', 'head', { reason: '客户情绪激动，需上级协调处理。' }]],
  [['reply', 'handler', { responsibility: 'customer', text: '经核实系客户操作不当，已向客户解释。', channel: 'phone' }]],
  [['reply', 'handler', { responsibility: 'valid', text: '经核实属实，已向客户致歉并整改。', channel: 'phone' }]],
  [
    ['reply', 'handler', { responsibility: 'valid', text: '已向客户致歉，相关柜员已批评教育。', channel: 'in_person' }],
    ['verify', 'head', { satisfied: true, note: '回访客户表示满意。' }],
  ],
  [
    ['reply', 'handler', { responsibility: 'customer', text: '已向客户说明业务规定。', channel: 'sms' }],
    ['verify', 'head', { satisfied: true }],
    ['close', 'head', {}],
  ],
  [
    ['reply', 'handler', { responsibility: 'valid', text: '已为客户重新办理。', channel: 'phone' }],
    ['verify', 'head', { satisfied: false, note: '客户对处理时效不满意，要求进一步答复。' }],
  ],
  [['withdraw', 'handler', { reason: '客户表示问题已自行解决，撤回投诉。' }]],
];

const UNITS = [
  { unitId: 'anshan-haicheng-yys', handler: 'handler.haicheng', head: 'head.haicheng' },
  { unitId: 'anshan-daoxi', handler: 'handler.daoxi', head: 'supervisor.anshan' },
];

const FINDINGS = [
  { category: 'internal_control', description: '未按时核库，库存现金账实核对记录缺失。', severity: 'major', mode: 'deadline', steps: ['plan', 'report', 'verify-pass', 'close'] },
  { category: 'internal_control', description: '柜员离席未签退，系统仍处于登录状态。', severity: 'major', mode: 'on_spot', steps: [] },
  { category: 'environment', description: '一米线未设置。', severity: 'minor', mode: 'deadline', steps: ['plan'] },
  { category: 'environment', description: '残障通道缺失，轮椅客户无法进入营业厅。', severity: 'major', mode: 'deadline', steps: ['plan', 'report', 'verify-fail'] },
  { category: 'etiquette', description: '晨会未落实，服务规范未传达到岗。', severity: 'minor', mode: 'deadline', steps: ['plan', 'report'] },
];

const tokens = new Map();
async function tokenFor(username) {
  if (!tokens.has(username)) {
    const response = await call('POST', '/auth/token', null, { username, password });
    tokens.set(username, response.accessToken);
  }
  return tokens.get(username);
}

async function call(method, path, username, body, idempotencyKey) {
  const headers = { 'content-type': 'application/json' };
  if (username) headers.authorization = `Bearer ${await tokenFor(username)}`;
  if (idempotencyKey) headers['idempotency-key'] = `demo-seed-${idempotencyKey}`;
  const response = await fetch(baseUrl + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

function daysAgo(days, hour) {
  const at = new Date(progress.anchor - days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  // Early in the (UTC) day "today at that hour" is still ahead: the API refuses a future receipt.
  if (at.getTime() > progress.anchor) at.setTime(at.getTime() - 86_400_000);
  return at.toISOString();
}

async function seedComplaints() {
  let count = 0;
  for (let i = 0; i < 30; i += 1) {
    const unit = UNITS[i % UNITS.length];
    const { category, text } = COMPLAINT_TEXTS[i % COMPLAINT_TEXTS.length];
    const channel = CHANNELS[i % CHANNELS.length];
    const register = {
      type: i % 11 === 10 ? 'investigation' : 'complaint',
      channel,
      category,
      unitId: unit.unitId,
      customer: CUSTOMERS[i % CUSTOMERS.length],
      description: text,
      // Letters often arrive dated days before they are registered.
      receivedAt: daysAgo(channel === 'letter' ? 9 : i % 7, 1 + (i % 8)),
      priority: i % 6 === 0 ? 'urgent' : 'normal',
      ...(i % 13 === 12 ? { resolvedOnSpot: { reply: { responsibility: 'customer', text: '现场为客户解释清楚，客户表示理解。', channel: 'in_person' } } } : {}),
    };
    const complaint = await call('POST', '/complaints', unit.handler, register, `complaint-${i}`);
    const storyline = register.resolvedOnSpot ? [] : STORYLINES[i % STORYLINES.length];
    for (const [index, [command, who, body]] of storyline.entries()) {
      const payload = body.assigneeId === '$handler' ? { assigneeId: unit.handler } : body;
      await call('POST', `/complaints/${complaint.id}/${command}`, unit[who], payload, `complaint-${i}-${index}`);
    }
    count += 1;
  }
  return count;
}

async function seedInspection() {
  const inspector = 'inspector.anshan';
  const inspection = await call('POST', '/inspections', inspector, { kind: 'mystery_shopper', unitId: 'anshan-haicheng', scope: '海城支行营业室服务规范明查暗访' }, 'inspection-1');
  for (const [i, finding] of FINDINGS.entries()) {
    const { steps, ...body } = finding;
    const raised = await call(
      'POST',
      `/inspections/${inspection.id}/findings`,
      inspector,
      { unitId: 'anshan-haicheng-yys', ...body, ...(body.mode === 'on_spot' ? { report: '现场提醒柜员签退并登记。' } : {}) },
      `finding-${i}`,
    );
    const dueAt = new Date(progress.anchor + 14 * 86_400_000).toISOString();
    const actions = {
      plan: ['plan', 'handler.haicheng', { measures: ['组织专项培训', '每日晨会检查'], ownerId: 'head.haicheng', dueAt }],
      report: ['report', 'handler.haicheng', { text: '已按整改方案落实，附整改照片及培训签到表。' }],
      'verify-pass': ['verify', inspector, { passed: true, note: '复查合格。' }],
      'verify-fail': ['verify', inspector, { passed: false, note: '复查仍未整改到位，转入下期继续整改。' }],
      close: ['close', 'head.haicheng', {}],
    };
    for (const [index, step] of steps.entries()) {
      const [command, who, payload] = actions[step];
      await call('POST', `/findings/${raised.id}/${command}`, who, payload, `finding-${i}-${index}`);
    }
  }
  return FINDINGS.length;
}

const complaints = await seedComplaints();
const findings = await seedInspection();
writeFileSync(progressFile, JSON.stringify({ ...progress, done: true }));
console.log(`[seed] demo data in place: ${complaints} complaints, 1 inspection with ${findings} findings`);
