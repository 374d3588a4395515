import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startConsole, type ConsoleUnderTest } from '../support/console-browser';

jest.setTimeout(60_000);

let ui: ConsoleUnderTest;
/** The complaint the handler registers; the later tests follow it through its life. */
let caseId: string;
/** Its case number, as the bank's staff say it on the phone. */
let caseNumber: string;

beforeAll(async () => {
  ui = await startConsole();
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

/** An instant in Beijing time as the console writes it and staff type it: 2026-12-04 09:30. */
const bankTime = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const BANK_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d$/;

const caseState = (page: Page, state: string) => page.getByTestId('case-state').filter({ hasText: state }).waitFor();

async function act(page: Page, command: string, fill: (form: ReturnType<Page['getByRole']>) => Promise<void>, nextState: string): Promise<void> {
  await page.getByRole('button', { name: command, exact: true }).click();
  const form = page.getByRole('form', { name: command });
  await fill(form);
  await form.getByRole('button', { name: `提交 · ${command}` }).click();
  await caseState(page, nextState);
}

/** Opens an inspection through the console's form, as an inspector; scored against `checklistId` when given. */
async function openInspection(page: Page, kind: string, unitId: string, scope: string, checklistId?: string): Promise<void> {
  const opening = page.getByRole('form', { name: '发起检查' });
  await opening.getByLabel('检查方式').selectOption(kind);
  await opening.getByLabel('归属机构').selectOption(unitId);
  await opening.getByLabel('检查范围').fill(scope);
  if (checklistId) await opening.getByLabel(/^检查表/).fill(checklistId);
  await opening.getByRole('button', { name: '提交' }).click();
  await caseState(page, '检查中');
}

/** Raises a minor environment finding with a 30-day deadline on the open inspection; `more` fills any further fields. */
async function raiseEnvironmentFinding(
  page: Page,
  unitId: string,
  description: string,
  dueAt: string,
  more: (form: ReturnType<Page['getByRole']>) => Promise<void> = async () => {},
): Promise<void> {
  await act(
    page,
    '登记发现问题',
    async (form) => {
      await form.getByLabel('机构').selectOption(unitId);
      await form.getByLabel('类别').selectOption('environment');
      await form.getByLabel('问题描述').fill(description);
      await form.getByLabel('严重程度').selectOption('minor');
      await form.getByLabel('整改方式').selectOption('deadline');
      await form.getByLabel('整改限期').fill(dueAt);
      await more(form);
    },
    '检查中',
  );
}

async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // A string, evaluated in the page: this file is compiled without the DOM's types.
  const results = await page.evaluate<{ violations: { id: string; nodes: { target: string[] }[] }[] }>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })",
  );
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Calls the API as the page's signed-in user (set-up the console has no form for), answering the status and JSON body. */
async function callApi(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const request = JSON.stringify({ method, path, body });
  // A string, evaluated in the page: this file is compiled without the DOM's types.
  return page.evaluate<{ status: number; body: any }>(`(async ({ method, path, body }) => {
    const { token } = JSON.parse(sessionStorage.getItem('duban.session'));
    const response = await fetch(path, { method, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  })(${request})`);
}

describe('web console in chromium', () => {
  it('a handler sees who they are, gets the API validation messages, registers a complaint and replies to it', async () => {
    const page = await ui.signIn('handler.haicheng');
    const who = page.getByTestId('who');
    expect(await who.textContent()).toMatch(/投诉经办人.*海城支行营业室/);

    await page.getByRole('link', { name: '登记投诉' }).click();
    await page.getByRole('button', { name: '提交' }).click();
    // The API's own problem+json answer, field by field, in the console's language (Accept-Language: zh-CN).
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('渠道').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').textContent()).toContain('「受理渠道」须为下列之一');
    // The unit picker offers the handler's own area only, by name.
    const unitPicker = page.getByLabel('归属机构');
    expect(await unitPicker.locator('option:not([value=""])').allTextContents()).toEqual(['海城支行营业室']);
    expect(await unitPicker.inputValue()).toBe('anshan-haicheng-yys');

    await page.getByLabel('渠道').selectOption('walk_in');
    await page.getByLabel('类别').selectOption('attitude');
    await page.getByLabel('客户姓名').fill('林晓');
    await page.getByLabel('联系电话').fill('138-0000-0000');
    await page.getByLabel('投诉内容').fill('排队时间过长，柜员态度冷漠');
    await page.getByRole('button', { name: '提交' }).click();
    await caseState(page, '已受理');
    caseId = /#\/cases\/([0-9a-f-]+)/.exec(page.url())![1];
    // The number beside the id, which stays there small and whole on hover.
    caseNumber = (await page.getByRole('heading', { level: 1 }).getByTestId('case-number').textContent())!;
    expect(caseNumber).toMatch(/^TS-\d{4}-\d{6}$/);
    expect(await page.getByRole('heading', { level: 1 }).locator('.case-id').getAttribute('title')).toBe(caseId);

    await page.getByRole('link', { name: '我的待办' }).click();
    const row = page.getByRole('row').filter({ hasText: '排队时间过长' });
    await row.waitFor();
    expect(await row.getByTestId('case-number').textContent()).toBe(caseNumber);
    expect(await row.locator('.countdown').getAttribute('data-urgency')).toMatch(/^(ok|warning)$/);
    expect(await row.getByTestId('unit-name').textContent()).toBe('海城支行营业室');
    expect(await row.getByTestId('unit-name').getAttribute('title')).toBe('anshan-haicheng-yys');
    expect(await row.locator('td').nth(5).textContent()).toMatch(BANK_TIME);

    await row.getByRole('link').click();
    // The clocks the API started, ticking down in business time until the reply stops them, named in Chinese, due in Beijing time.
    const clocks = page.getByRole('region', { name: '时限（工作时间）' });
    await clocks.locator('.countdown').first().waitFor();
    expect(await clocks.locator('tbody td:first-child').allTextContents()).toEqual(expect.arrayContaining(['答复客户']));
    for (const due of await clocks.locator('tbody td:nth-child(3)').allTextContents()) expect(due).toMatch(BANK_TIME);
    expect(await page.getByRole('region', { name: '概况' }).textContent()).toContain('海城支行营业室');
    await act(page, '添加核实记录', (form) => form.getByLabel('内容').fill('已调阅监控，柜员确有不耐烦表现'), '已受理');
    await act(
      page,
      '责任认定并回复',
      async (form) => {
        await form.getByLabel('责任认定').selectOption('valid');
        await form.getByLabel('回复方式').selectOption('phone');
        await form.getByLabel('内容').fill('已向客户致歉，柜员已批评教育');
      },
      '已回复',
    );
    const timeline = page.getByRole('region', { name: '全部记录' });
    expect(await timeline.textContent()).toMatch(/添加核实记录.*答复客户（拟认定有效投诉）/);
    // What was written, by whom (the display name), when (Beijing time), the clocks by name: no ids, no UTC instants.
    const note = timeline.getByRole('listitem').filter({ hasText: '添加核实记录' });
    expect(await note.textContent()).toContain('李晓燕');
    expect(await note.locator('.entry-text').textContent()).toBe('已调阅监控，柜员确有不耐烦表现');
    expect(await timeline.getByRole('listitem').filter({ hasText: '答复客户（拟认定有效投诉）' }).locator('.entry-text').textContent()).toBe('已向客户致歉，柜员已批评教育');
    const timelineText = (await timeline.textContent())!;
    expect(timelineText).toContain('开始计时：答复客户时限');
    expect(timelineText).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:|\breply\b|acknowledge|handler\.haicheng/);
    await ui.screenshot(page, 'handler-case');
  });

  it('a handler files a scanned letter on the case, sees it listed, and downloads the same bytes with the bearer token', async () => {
    const page = await ui.signIn('handler.haicheng');
    await page.goto(`${ui.baseUrl}/#/cases/${caseId}`);
    await caseState(page, '已回复');
    const evidence = page.getByRole('region', { name: '证据材料（留存备查）' });
    await evidence.getByText('暂无记录').waitFor();
    // A real 1×1 PNG: the API checks the first bytes against the declared type.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await evidence.getByLabel('文件').setInputFiles({ name: '投诉信函.png', mimeType: 'image/png', buffer: png });
    await evidence.getByLabel('材料类型').selectOption('letter_scan');
    await evidence.getByLabel(/^含客户个人信息/).check();
    await evidence.getByRole('button', { name: '上传' }).click();
    const row = evidence.getByRole('row').filter({ hasText: '投诉信函.png' });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([
      '投诉信函.png含个人信息',
      '信函扫描件',
      `${png.length} B`,
      'image/png',
      expect.stringMatching(BANK_TIME),
      '下载 投诉信函.png',
    ]);
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /下载/ }).click()]);
    expect(download.suggestedFilename()).toBe('投诉信函.png');
    expect(readFileSync(await download.path())).toEqual(png);
    // The filing is a fact on the case, in its timeline.
    expect(await page.getByRole('region', { name: '全部记录' }).textContent()).toMatch(/image\/png|材料/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await ui.screenshot(page, 'handler-evidence');
  });

  it('a handler registering a complaint sees the reply due date the calendar gives, marked 暂定 past its horizon', async () => {
    const page = await ui.signIn('handler.haicheng');
    await page.getByRole('link', { name: '登记投诉' }).click();
    const due = page.getByTestId('reply-due');
    // Received on Monday 2026-06-01: 3 working days, on the calendar the 2026 notice covers.
    await page.getByLabel(/^收到时间/).fill('2026-06-01 09:30');
    await due.filter({ hasText: '2026-06-04' }).waitFor();
    expect(await due.textContent()).toMatch(/^答复时限: 2026-06-04 \d\d:\d\d$/);
    // Far past any published notice: statutory holidays assumed, so the date is provisional.
    await page.getByLabel(/^收到时间/).fill('2090-06-01 09:30');
    await due.filter({ hasText: '2090-06' }).waitFor();
    expect(await due.getByTestId('provisional').textContent()).toBe('暂定');
    await ui.screenshot(page, 'handler-register-due');
  });

  it('a handler registers a back-dated letter and a complaint answered on the spot; the overdue letter heads the queue, saying how late', async () => {
    const page = await ui.signIn('handler.haicheng');
    await page.getByRole('link', { name: '登记投诉' }).click();
    // Received ten days ago at 09:30 Beijing time: the reply deadline has passed.
    const receivedAt = `${bankTime(Date.now() - 10 * 86_400_000).slice(0, 10)} 09:30`;
    await page.getByLabel('渠道').selectOption('letter');
    await page.getByLabel('类别').selectOption('process');
    await page.getByLabel(/^收到时间/).fill(receivedAt);
    await page.getByLabel('客户姓名').fill('周明');
    await page.getByLabel('投诉内容').fill('来信反映贷款材料多次退回');
    await page.getByRole('button', { name: '提交' }).click();
    await caseState(page, '已受理');
    const summary = page.getByRole('region', { name: '概况' });
    await summary.filter({ hasText: receivedAt }).waitFor();
    const letterNumber = (await page.getByRole('heading', { level: 1 }).getByTestId('case-number').textContent())!;

    await page.getByRole('link', { name: '登记投诉' }).click();
    await page.getByLabel('渠道').selectOption('walk_in');
    await page.getByLabel('类别').selectOption('attitude');
    await page.getByLabel('客户姓名').fill('吴芳');
    await page.getByLabel('投诉内容').fill('询问理财产品风险等级');
    await page.getByLabel('即办（当场答复）').check();
    const reply = page.getByRole('group', { name: '即办（当场答复）' });
    await reply.getByLabel('责任认定').selectOption('customer');
    await reply.getByLabel('回复方式').selectOption('in_person');
    await reply.getByLabel('内容').fill('当场讲解风险等级，客户表示理解');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('region', { name: '全部记录' }).getByText('当场讲解风险等级，客户表示理解').waitFor();
    expect(await page.getByRole('region', { name: '全部记录' }).textContent()).toContain('即办');

    await page.getByRole('link', { name: '我的待办' }).click();
    const rows = page.getByRole('region', { name: '我的待办' }).locator('tbody tr');
    await rows
      .filter({ hasText: '排队时间过长' })
      .or(rows.filter({ hasText: '来信反映' }))
      .first()
      .waitFor();
    await page.getByRole('region', { name: '我的待办' }).locator('.countdown').first().waitFor();
    const first = rows.first();
    expect(await first.getByTestId('case-number').textContent()).toBe(letterNumber);
    const late = first.locator('.countdown');
    expect(await late.getAttribute('data-urgency')).toBe('overdue');
    expect(await late.textContent()).toMatch(/^已超时 \d+天/);
    // No chip where no clock runs.
    expect(await rows.filter({ hasText: '00分 00秒' }).count()).toBe(0);
    await ui.screenshot(page, 'handler-queue');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('a unit head records the follow-up visit and signs the case off, and reads the boards and reports', async () => {
    const page = await ui.signIn('head.haicheng');
    // Found by the number the customer reads out, typed as people type it.
    await page.getByRole('link', { name: '案件查询' }).click();
    await page.getByLabel('案件编号').fill(caseNumber.toLowerCase());
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForFunction("document.querySelectorAll('table.cases tbody tr').length === 1");
    const found = page.getByRole('region', { name: '案件查询' }).getByRole('row').filter({ hasText: caseNumber });
    await found.getByRole('link').click();
    await caseState(page, '已回复');
    expect(page.url()).toContain(caseId);
    await act(
      page,
      '回访',
      async (form) => {
        await form.getByLabel('客户满意').selectOption('true');
        await form.getByLabel('备注').fill('客户表示满意');
      },
      '已回访',
    );
    await act(page, '签字确认结案', async () => undefined, '已签字结案');

    await page.getByRole('link', { name: '督办看板' }).click();
    await page.getByRole('heading', { name: '超时案件' }).waitFor();
    await page.getByRole('link', { name: '统计报表' }).click();
    const ranking = page.getByRole('region', { name: '排名', exact: true });
    await ranking.getByRole('row').filter({ hasText: '海城支行营业室' }).waitFor();
    await page.getByRole('region', { name: '按机构时限达标率' }).getByRole('img').waitFor();
    expect(await page.getByTestId('ranking-rule').textContent()).toContain('按时回复率');
    expect(await page.getByRole('region', { name: '按机构时限达标率' }).getByTestId('target-line').count()).toBe(1);
    expect(await page.getByRole('region', { name: '按机构时限达标率' }).getByRole('columnheader').allTextContents()).toContain('已回复数');
    expect(await page.getByLabel('归属机构').locator('option').allTextContents()).toEqual(expect.arrayContaining(['海城支行', '\u3000海城支行营业室']));
    await ui.screenshot(page, 'unit-head-reports');
    const [download] = await Promise.all([page.waitForEvent('download'), ranking.getByRole('button', { name: '下载 CSV' }).click()]);
    expect(readFileSync(await download.path(), 'utf8')).toContain('onTimeRate');

    // Down the subtree: the outlet's own figures.
    await page.getByRole('region', { name: '按机构时限达标率' }).getByRole('button', { name: '海城支行营业室: 查看其辖内' }).click();
    await page.getByTestId('report-unit').first().filter({ hasText: '海城支行营业室' }).waitFor();
  });

  it('an auditor scrubs the timeline and sees the state change, with the integrity badge and no action buttons', async () => {
    const page = await ui.signIn('auditor');
    await page.goto(`${ui.baseUrl}/#/cases/${caseId}`);
    await caseState(page, '已签字结案');
    await page.getByTestId('integrity-badge').filter({ hasText: '哈希链完整' }).waitFor();
    expect(await page.getByRole('heading', { name: '可执行操作' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /签字确认结案|责任认定并回复|添加核实记录/ }).count()).toBe(0);

    const slider = page.getByLabel(/查看第几个事件之后的案件/);
    const travelled = page.getByTestId('time-travel-state');
    const highlighted = page.locator('[data-current]');
    await slider.focus();
    await page.keyboard.press('Home');
    await travelled.filter({ hasText: '已受理' }).waitFor();
    expect(await highlighted.getAttribute('data-state')).toBe('received');
    // The view as it stood then: the customer as the auditor may see them (masked) and the first revision.
    await page.getByTestId('past-view').filter({ hasText: '林**' }).waitFor();
    expect(await page.locator('.timeline li[aria-current="step"]').textContent()).toMatch(/^#0 .*受理投诉/);
    // A few events on, the clocks as they stood then, read at that event's time.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page
      .getByTestId('past-view')
      .getByRole('heading', { name: /当时的时限/ })
      .waitFor();
    await ui.screenshot(page, 'auditor-time-travel');

    await page.keyboard.press('End');
    await travelled.filter({ hasText: '已签字结案' }).waitFor();
    expect(await highlighted.getAttribute('data-state')).toBe('closed');

    const [pack] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 JSON' }).click()]);
    expect(readFileSync(await pack.path(), 'utf8')).toContain(caseId);
  });

  it("an inspector raises a finding with a 30-day 限期, approves the unit's plan beyond it, and re-inspects the reported rectification", async () => {
    const inspector = await ui.signIn('inspector.anshan');
    await openInspection(inspector, 'mystery_shopper', 'anshan-haicheng', '服务工作检查记录表：环境设施');
    await raiseEnvironmentFinding(inspector, 'anshan-haicheng-yys', '一米线未设置', new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16));
    // The inspection names its finding by number.
    await inspector.getByRole('link', { name: /整改问题 ZG-\d{4}-\d{6}/ }).click();
    await caseState(inspector, '待整改');
    const finding = inspector.url();

    const head = await ui.signIn('head.haicheng');
    await head.goto(finding);
    // Beyond the inspector's 30-day 限期: the plan waits for the inspector's approval.
    const due = bankTime(Date.now() + 45 * 86_400_000);
    await act(
      head,
      '制定整改方案',
      async (form) => {
        await form.getByLabel('整改措施（每行一条）').fill('设置一米线\n晨会强调排队秩序');
        await form.getByLabel('整改负责人用户名').fill('handler.haicheng');
        await form.getByLabel('整改完成时限').fill(due);
      },
      '整改方案超出限期，待审批',
    );
    await inspector.reload();
    await act(inspector, '批准整改方案', async () => {}, '整改中');
    await head.reload();
    await caseState(head, '整改中');
    await act(head, '书面反馈', (form) => form.getByLabel('内容').fill('已设置一米线并在晨会通报'), '已书面反馈，待复查');

    await inspector.reload();
    await act(
      inspector,
      '复查（效果评估）',
      async (form) => {
        await form.getByLabel('复查通过').selectOption('true');
        await form.getByLabel('备注').fill('现场复查已整改');
      },
      '复查通过',
    );
    expect(await inspector.getByRole('region', { name: '概况' }).textContent()).toContain('设置一米线；晨会强调排队秩序');
    expect(await inspector.getByRole('region', { name: '概况' }).textContent()).toContain(due);
    await ui.screenshot(inspector, 'inspector-finding');
  });

  it('an inspector lists inspections by unit, kind and score, and reads a scored inspection item by item', async () => {
    const inspector = await ui.signIn('inspector.anshan');
    const opened = await callApi(inspector, 'POST', '/inspections', { kind: 'offsite', unitId: 'anshan-daoxi', scope: '调看录像：柜面服务', checklistId: 'counter-service' });
    expect(opened.status).toBe(201);
    const recorded = await callApi(inspector, 'POST', `/inspections/${opened.body.id}/results`, {
      results: [
        { itemId: 'hall-clean', outcome: 'pass' },
        { itemId: 'one-metre-line', outcome: 'fail', deducted: 3, note: '一米线标识缺失', dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
        { itemId: 'notices', outcome: 'not_applicable' },
      ],
    });
    expect(recorded.status).toBe(200);

    await inspector.reload();
    const list = inspector.getByRole('region', { name: '检查记录' });
    const row = list.getByRole('row').filter({ hasText: opened.body.number });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([
      expect.stringContaining(opened.body.number),
      '道西支行',
      '调看录像',
      '81.3%',
      '检查中',
      expect.stringMatching(BANK_TIME),
      '—',
    ]);
    // Filters go to the API: the mystery shopping of the other test is left out by kind, this one by score.
    await list.getByLabel('检查方式').selectOption('offsite');
    await list.getByLabel('归属机构').selectOption('anshan-daoxi');
    await list.getByRole('button', { name: '搜索' }).click();
    await inspector.waitForFunction("document.querySelectorAll('table.inspections tbody tr').length === 1");
    // A period the API cannot read: its problem+json, tied to the field.
    await list.getByLabel(/^检查期间/).fill('2026-Q5');
    await list.getByRole('button', { name: '搜索' }).click();
    await list.getByRole('alert').waitFor();
    expect(await list.getByLabel(/^检查期间/).getAttribute('aria-invalid')).toBe('true');
    await list.getByLabel(/^检查期间/).fill('');
    await list.getByLabel('最低得分（%）').fill('90');
    await list.getByRole('button', { name: '搜索' }).click();
    await list.getByText('暂无记录').waitFor();
    await ui.screenshot(inspector, 'inspector-inspections');
    expect(await accessibilityViolations(inspector)).toEqual([]);

    await inspector.goto(`${ui.baseUrl}/#/inspections/${opened.body.id}`);
    const checklist = inspector.getByRole('region', { name: '检查表' });
    await checklist.getByTestId('inspection-score').waitFor();
    expect(await checklist.getByTestId('inspection-score').textContent()).toBe('得分: 81.3%（13 / 16，已检查项 3 / ' + String(recorded.body.score.total) + '）');
    const failed = checklist.getByRole('row').filter({ hasText: '一米线' });
    expect(await failed.locator('td').allTextContents()).toEqual(['设置一米线或一米线标识', '8', '不符合 整改问题', '3', '一米线标识缺失']);
    expect(await checklist.getByRole('row').filter({ hasText: '营业厅整洁' }).locator('td').nth(2).textContent()).toBe('符合');
    await ui.screenshot(inspector, 'inspector-checklist');
  });

  it('an administrator is told when a calendar in use runs out within 60 days, as /health/ready says', async () => {
    const admin = await ui.signIn('admin');
    const readiness = await callApi(admin, 'GET', '/health/ready');
    const banner = admin.getByTestId('calendar-horizon');
    if (readiness.body.checks['calendar-horizon'].status === 'degraded') {
      await banner.waitFor();
      expect(await banner.textContent()).toContain('请导入下一年度节假日安排');
      const running = readiness.body.calendars.filter((calendar: { daysLeft: number | null }) => calendar.daysLeft !== null && calendar.daysLeft < 60);
      expect(await banner.getByRole('listitem').count()).toBe(running.length);
      expect(await banner.textContent()).toContain(running[0].horizon);
      await ui.screenshot(admin, 'admin-calendar-horizon');
    } else {
      await admin.getByRole('region', { name: '案件查询' }).waitFor();
      expect(await banner.count()).toBe(0);
    }
  });

  it("a handler of another branch cannot see the case: the API's 404 is shown in plain words", async () => {
    const page = await ui.signIn('handler.daoxi');
    await page.goto(`${ui.baseUrl}/#/cases/${caseId}`);
    await page.getByRole('alert').filter({ hasText: '404' }).waitFor();
    expect(await page.getByTestId('case-state').count()).toBe(0);
    await page.goto(`${ui.baseUrl}/#/cases`);
    await page.getByRole('region', { name: '案件查询' }).getByText('暂无记录').waitFor();
  });

  it('a token the API refuses brings the sign-in form back', async () => {
    const page = await ui.signIn('handler.haicheng');
    // As if the user had been moved to another unit since signing in: the API answers 401.
    await page.evaluate("sessionStorage.setItem('duban.session', JSON.stringify({ ...JSON.parse(sessionStorage.getItem('duban.session')), token: 'not.a-valid.token' }))");
    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.getByTestId('who').count()).toBe(0);
  });

  it('signs in with the keyboard alone, labels every control, and keeps the chosen language', async () => {
    const page = await ui.newPage();
    expect(await accessibilityViolations(page)).toEqual([]);
    for (let presses = 0; presses < 10; presses++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement?.name')) === 'username') break;
    }
    await page.keyboard.type('head.haicheng');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-password');
    await page.keyboard.press('Enter');
    await page.getByTestId('who').waitFor();

    await page.goto(`${ui.baseUrl}/#/cases/${caseId}`);
    await caseState(page, '已签字结案');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${ui.baseUrl}/#/reports`);
    await page.getByRole('region', { name: '排名', exact: true }).getByRole('row').filter({ hasText: '海城支行营业室' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${ui.baseUrl}/#/cases/${caseId}`);

    await page.getByRole('button', { name: '切换为英文界面' }).click();
    await page.getByTestId('case-state').filter({ hasText: 'Closed' }).waitFor();
    await page.reload();
    await page.getByTestId('who').filter({ hasText: 'Unit head' }).filter({ hasText: 'Haicheng Sub-branch' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.getByTestId('case-state').filter({ hasText: 'Closed' }).waitFor();
    await ui.screenshot(page, 'unit-head-case-en');
  });
});

describe('quarterly score ranking in chromium', () => {
  const OUTLETS: Record<string, string> = {
    'anshan-haicheng-yys': '海城支行营业室',
    'anshan-haicheng-tengao': '海城支行腾鳌分理处',
    'anshan-daoxi-yys': '道西支行营业室',
    'anshan-tiedong-yys': '铁东支行营业室',
    'anshan-jiefanglu-yys': '解放路支行营业室',
    'anshan-duilu-yys': '对炉支行营业室',
  };

  it('a supervisor ranks every 鞍山 outlet by its quarterly score, not only the branch’s children, and drills into one score’s parts', async () => {
    const inspector = await ui.signIn('inspector.anshan');
    // Every outlet inspected this quarter: hall-clean (8) passed, the greeting (8) losing 0 to 7 points; 铁东 loses all 8.
    const deducted = [1, 0, 3, 8, 5, 7];
    for (const [index, unitId] of Object.keys(OUTLETS).entries()) {
      const opened = await callApi(inspector, 'POST', '/inspections', { kind: 'onsite', unitId, scope: '季度服务检查', checklistId: 'counter-service' });
      expect(opened.status).toBe(201);
      const greeting = deducted[index] === 0 ? { itemId: 'greeting', outcome: 'pass' } : { itemId: 'greeting', outcome: 'fail', deducted: deducted[index], note: '未主动问候' };
      expect((await callApi(inspector, 'POST', `/inspections/${opened.body.id}/results`, { results: [{ itemId: 'hall-clean', outcome: 'pass' }, greeting] })).status).toBe(200);
    }

    const supervisor = await ui.signIn('supervisor.anshan');
    await supervisor.getByRole('link', { name: '统计报表' }).click();
    const ranking = supervisor.getByRole('region', { name: '季度考核排名' });
    const table = ranking.getByTestId('score-ranking');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual(expect.arrayContaining(Object.values(OUTLETS)));
    expect(await rows.count()).toBe(6);
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(await rows.locator('td:nth-child(4)').allTextContents()).toEqual(['表扬（前三名）', '表扬（前三名）', '表扬（前三名）', '', '通报（后两名）', '通报（后两名）']);

    // 铁东: inspection 8 / 16 = 50 %; no valid complaint = 100; no reply deadline, so its 20 goes to the other parts.
    await ranking.getByRole('button', { name: '查看得分构成：铁东支行营业室' }).click();
    const parts = ranking.getByTestId('score-parts');
    await parts.waitFor();
    expect(await parts.getByRole('heading').textContent()).toBe('铁东支行营业室 · 得分构成 · 得分 68.8');
    const part = async (name: string) => parts.locator(`tr[data-part="${name}"] td`).allTextContents();
    expect(await part('inspection')).toEqual(['50', '50', '50', '31.3']);
    expect(await part('complaints')).toEqual(['0', '100', '30', '37.5']);
    expect(await part('onTime')).toEqual(['—', '—', '20', '—']);
    expect(await part('penalty')).toEqual(['0', '', '', '−0']);
    await ui.screenshot(supervisor, 'supervisor-score-ranking');
    expect(await accessibilityViolations(supervisor)).toEqual([]);
  });
});

describe('violations and the service file in chromium', () => {
  it("an inspector records a violation, a supervisor penalises it, the unit head reads it in the employee's service file; another unit's handler gets 404", async () => {
    const inspector = await ui.signIn('inspector.anshan');
    await inspector.goto(`${ui.baseUrl}/#/violations`);
    const recording = inspector.getByRole('form', { name: '登记违规服务' });
    // The staff-id input offers the unit's employees (GET /organisation/staff), names masked for an inspector; typing stays possible.
    expect(await recording.locator('datalist option[value="E10002"]').getAttribute('label')).toBe('高** · 大堂经理');
    await recording.getByLabel('员工工号').fill('E10002');
    await recording.getByLabel('类别', { exact: true }).selectOption('attitude');
    await recording.getByLabel('违规情况').fill('大堂经理对客户态度冷漠、推诿');
    await recording.getByRole('button', { name: '提交' }).click();
    await caseState(inspector, '待处罚');
    // The inspector sees the record, not who the employee is.
    expect(await inspector.getByRole('region', { name: '概况' }).textContent()).toContain('高**（E10002）');
    const violation = inspector.url();

    const supervisor = await ui.signIn('supervisor.anshan');
    await supervisor.goto(violation);
    await act(
      supervisor,
      '作出处罚',
      async (form) => {
        await form.getByLabel('扣分').fill('2');
        await form.getByLabel('罚款金额（分，1 元 = 100 分）').fill('20000');
        await form.getByLabel('原因').fill('造成客户有效投诉');
      },
      '已处罚',
    );

    const head = await ui.signIn('head.haicheng');
    await head.goto(violation);
    await head.getByRole('link', { name: '高明（E10002）' }).click();
    await head.getByRole('heading', { name: /员工服务档案 · 高明（E10002）/ }).waitFor();
    const file = head.getByRole('region', { name: '违规服务记录' });
    await file.getByRole('cell', { name: '扣分 2 · 罚款（元） 200.00' }).waitFor();
    expect(await head.getByTestId('service-file-totals').textContent()).toContain('罚款（元） 200.00');
    expect(await accessibilityViolations(head)).toEqual([]);
    await ui.screenshot(head, 'service-file');

    const elsewhere = await ui.signIn('handler.zengdu');
    await elsewhere.goto(`${ui.baseUrl}/#/staff/E10002`);
    await elsewhere.getByRole('alert').filter({ hasText: '404' }).waitFor();
    expect(await elsewhere.getByText('高明').count()).toBe(0);
  });
});

describe('circulars in chromium', () => {
  it('a supervisor drafts and issues a circular to two units; one acknowledges it and the receipts say who did', async () => {
    const supervisor = await ui.signIn('supervisor.anshan');
    await supervisor.getByRole('link', { name: '通报', exact: true }).click();
    const drafting = supervisor.getByRole('form', { name: '起草' });
    await drafting.getByLabel('发文类型').selectOption('circular');
    await drafting.getByLabel('标题').fill('关于三季度服务检查后两名网点的通报');
    await drafting.getByLabel('正文').fill('海城支行营业室、道西支行得分居后两名，现予通报，请于十日内完成整改。');
    await drafting.getByRole('checkbox', { name: /海城支行营业室$/ }).check();
    await drafting.getByRole('checkbox', { name: /道西支行$/ }).check();
    await drafting.getByRole('button', { name: '提交' }).click();
    await caseState(supervisor, '草稿');
    await act(supervisor, '下发', async () => undefined, '已下发');
    const circular = supervisor.url();

    const handler = await ui.signIn('handler.haicheng');
    await handler.goto(circular);
    await caseState(handler, '已下发');
    expect(await handler.getByTestId('circular-title').textContent()).toBe('关于三季度服务检查后两名网点的通报');
    await act(handler, '签收', async () => undefined, '已下发');
    const receipts = handler.getByTestId('receipts');
    await receipts.getByText('handler.haicheng').waitFor();
    expect(await receipts.locator('tr[data-acknowledged]').count()).toBe(1);
    expect(await receipts.textContent()).toContain('未签收');
    // Acknowledged once per unit: the button is gone.
    expect(await handler.getByRole('button', { name: '签收', exact: true }).count()).toBe(0);

    await handler.getByRole('link', { name: '通报', exact: true }).click();
    const register = handler.getByRole('table', { name: '发文登记' });
    await register.getByText('关于三季度服务检查后两名网点的通报').waitFor();
    expect(await register.getByTestId('circular-receipts').first().textContent()).toBe('1 / 2');
    expect(await accessibilityViolations(handler)).toEqual([]);
    await ui.screenshot(handler, 'circular-acknowledged');
  });
});

describe('web console in chromium: hand-over, transfer, follow-up and sign-off (issue 18)', () => {
  /** A complaint registered at the haicheng outlet by the page's user, through the API; its id. */
  async function registered(page: Page, description: string): Promise<string> {
    const body = { type: 'complaint', channel: 'walk_in', category: 'attitude', unitId: 'anshan-haicheng-yys', customer: { name: '韩雪', phone: '138-0000-0001' }, description };
    const created = await callApi(page, 'POST', '/complaints', body);
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  it("a handler hands the case to the outlet's complaint manager, and a supervisor moves another to the right unit", async () => {
    const handler = await ui.signIn('handler.haicheng');
    const handedOver = await registered(handler, '客户询问定期存款提前支取利息');
    await handler.goto(`${ui.baseUrl}/#/cases/${handedOver}`);
    await act(
      handler,
      '转办投诉管理人',
      async (form) => {
        await form.getByLabel('投诉管理人用户名').fill('manager.haicheng');
        await form.getByLabel('原因').fill('涉及利息计算，转投诉管理人处理');
      },
      '已受理',
    );
    await handler.getByRole('region', { name: '全部记录' }).getByRole('listitem').filter({ hasText: '转办给投诉管理人' }).waitFor();

    const misrouted = await registered(handler, '来信反映道西支行未告知手续费');
    const supervisor = await ui.signIn('supervisor.anshan');
    await supervisor.goto(`${ui.baseUrl}/#/cases/${misrouted}`);
    await act(
      supervisor,
      '转至其他机构',
      async (form) => {
        await form.getByLabel('转至机构').fill('anshan-daoxi');
        await form.getByLabel('原因').fill('来信所述业务在道西支行办理，登记网点有误');
      },
      '已受理',
    );
    await supervisor.getByRole('region', { name: '全部记录' }).getByText('由海城支行营业室转至道西支行办理').waitFor();
    expect(await supervisor.getByRole('region', { name: '概况' }).textContent()).toContain('道西支行');
  });

  it('the complaint manager records three failed calls and ends the follow-up as unreachable; the unit head finds it awaiting sign-off and signs it off', async () => {
    const handler = await ui.signIn('handler.haicheng');
    const id = await registered(handler, '柜员办理挂失时态度生硬');
    expect((await callApi(handler, 'POST', `/complaints/${id}/reply`, { responsibility: 'customer', text: '已向客户解释挂失规定', channel: 'phone' })).status).toBe(200);

    const manager = await ui.signIn('manager.haicheng');
    await manager.goto(`${ui.baseUrl}/#/cases/${id}`);
    await caseState(manager, '已回复');
    for (const channel of ['phone', 'phone', 'sms']) {
      await act(
        manager,
        '记录回访联系',
        async (form) => {
          await form.getByLabel('联系时间').fill(bankTime(Date.now() - 60_000));
          await form.getByLabel('联系方式').selectOption(channel);
          await form.getByLabel('已联系上客户').selectOption('false');
        },
        '已回复',
      );
    }
    const timeline = manager.getByRole('region', { name: '全部记录' });
    await timeline.getByRole('listitem').filter({ hasText: '回访联系（短信）：未联系上客户' }).waitFor();
    expect(await timeline.getByRole('listitem').filter({ hasText: '回访联系（电话）：未联系上客户' }).count()).toBe(2);
    await act(manager, '回访：客户无法联系', (form) => form.getByLabel('备注').fill('电话两次未接通，短信亦无回复'), '已回访');
    await timeline.getByText('回访：3次联系未果，客户无法联系').waitFor();

    const head = await ui.signIn('head.haicheng');
    await head.getByRole('link', { name: '督办看板' }).click();
    const awaiting = head.getByRole('region', { name: '待签字' }).getByRole('row').filter({ hasText: '柜员办理挂失时态度生硬' });
    await awaiting.waitFor();
    await awaiting.getByRole('link').click();
    await caseState(head, '已回访');
    await act(head, '签字确认结案', async () => undefined, '已签字结案');
    await ui.screenshot(head, 'unit-head-signed-off-unreachable');
  });
});

describe('responsibility decided by the owning department (责任认定) in chromium', () => {
  it("a head-office supervisor overrides the handler's proposed valid complaint to customer responsibility, and its finding is cancelled", async () => {
    const handlerPage = await ui.signIn('handler.haicheng');
    const registered = await callApi(handlerPage, 'POST', '/complaints', {
      type: 'complaint',
      channel: 'walk_in',
      category: 'attitude',
      unitId: 'anshan-haicheng-yys',
      customer: { name: '周立', phone: '010-0000-0002' },
      description: '客户反映柜员未告知大额取款需预约',
    });
    const id = registered.body.id as string;
    const replied = await callApi(handlerPage, 'POST', `/complaints/${id}/reply`, { responsibility: 'valid', text: '已向客户致歉', channel: 'phone' });
    const [findingId] = replied.body.linkedFindingIds as string[];

    const page = await ui.signIn('supervisor.hq');
    await page.goto(`${ui.baseUrl}/#/cases/${id}`);
    await caseState(page, '已回复');
    const summary = page.getByRole('region', { name: '概况' });
    await summary.filter({ hasText: '待总行（或分行）确认' }).waitFor();
    await act(
      page,
      '责任认定（确认或改判）',
      async (form) => {
        await form.getByLabel('认定结果').selectOption('customer');
        await form.getByLabel('原因').fill('经调阅监控，柜员已告知预约规定，属客户责任');
      },
      '已回复',
    );
    await summary.filter({ hasText: '改判：客户责任（经调阅监控，柜员已告知预约规定，属客户责任）' }).waitFor();
    expect(await page.getByRole('button', { name: '责任认定（确认或改判）', exact: true }).count()).toBe(0);
    await page.getByRole('region', { name: '全部记录' }).getByText(`撤销整改 ${findingId}`).waitFor();

    await page.goto(`${ui.baseUrl}/#/findings/${findingId}`);
    await caseState(page, '已撤销（经认定属客户责任）');
  });
});

describe('举一反三 in the web console', () => {
  it('an inspector raises one finding for three 鞍山 outlets at once and follows the parent with its linked findings', async () => {
    const inspector = await ui.signIn('inspector.anshan');
    await openInspection(inspector, 'thematic', 'anshan', '专项检查：营业环境一米线');
    await raiseEnvironmentFinding(inspector, 'anshan', '一米线未设置，举一反三全面排查', bankTime(Date.now() + 30 * 86_400_000), (form) =>
      form.getByLabel(/^举一反三下级单位/).fill('anshan-daoxi-yys\nanshan-tiedong-yys\nanshan-jiefanglu-yys'),
    );
    await inspector.getByRole('link', { name: /整改问题 ZG-\d{4}-\d{6}/ }).click();
    await caseState(inspector, '举一反三整改中');
    const summary = inspector.getByRole('region', { name: '概况' });
    const children = summary.locator('ul.child-findings li');
    await children.nth(2).waitFor();
    expect(await children.allTextContents()).toEqual([
      expect.stringContaining('道西支行营业室'),
      expect.stringContaining('铁东支行营业室'),
      expect.stringContaining('解放路支行营业室'),
    ]);
    // No one closes the parent by hand: it closes with its last linked finding.
    expect(await inspector.getByRole('group', { name: '可执行操作' }).count()).toBe(0);

    await children.nth(1).getByRole('link').click();
    await caseState(inspector, '待整改');
    await summary.getByText('举一反三总事项').waitFor();
    await ui.screenshot(inspector, 'inspector-finding-across-units');
  });
});

describe('逐项检查 in the web console', () => {
  /** The finding the failed 一米线 item raised; the next test repeats it. */
  let raisedFindingId: string;

  it('an inspector records every counter-service item at 海城支行营业室, two failed, and sees the score and the finding the failure raised', async () => {
    const inspector = await ui.signIn('inspector.anshan');
    await openInspection(inspector, 'onsite', 'anshan-haicheng-yys', '现场检查：柜面服务', 'counter-service');
    const recording = inspector.getByRole('form', { name: '逐项检查记录' });
    const items = recording.locator('fieldset.checklist-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(14);
    for (let index = 0; index < 14; index++) await items.nth(index).getByLabel('结果').selectOption('pass');

    // 设置一米线 raises a finding (with the inspector's deadline); 起身迎接 is scored only.
    const oneMetreLine = recording.getByRole('group', { name: /^设置一米线或一米线标识/ });
    await oneMetreLine.getByLabel('结果').selectOption('fail');
    await oneMetreLine.getByLabel(/^扣分/).fill('10');
    await oneMetreLine.getByLabel('整改限期').fill(bankTime(Date.now() + 30 * 86_400_000));
    await oneMetreLine.getByLabel('备注').fill('一米线标识缺失');
    const greeting = recording.getByRole('group', { name: /^起身迎接/ });
    await greeting.getByLabel('结果').selectOption('fail');
    await greeting.getByLabel(/^扣分/).fill('5');
    await greeting.getByLabel('备注').fill('柜员未起身迎接客户');
    expect(await greeting.getByLabel('整改限期').count()).toBe(0);

    // More than the item's 8 points: the API's message, tied to that item's field; nothing recorded.
    await recording.getByRole('button', { name: '提交 · 逐项检查记录' }).click();
    await recording.getByRole('alert').waitFor();
    expect(await oneMetreLine.getByLabel(/^扣分/).getAttribute('aria-invalid')).toBe('true');
    expect(await oneMetreLine.locator('.field-errors').textContent()).toContain('8');
    expect(await greeting.getByLabel(/^扣分/).getAttribute('aria-invalid')).toBe('false');
    expect(await accessibilityViolations(inspector)).toEqual([]);

    await oneMetreLine.getByLabel(/^扣分/).fill('3');
    await recording.getByRole('button', { name: '提交 · 逐项检查记录' }).click();
    const checklist = inspector.getByRole('region', { name: '检查表' });
    await checklist.getByTestId('inspection-score').filter({ hasText: '14 / 14' }).waitFor();
    expect(await checklist.getByTestId('inspection-score').textContent()).toBe('得分: 92%（92 / 100，已检查项 14 / 14）');
    // Every item recorded: the form is gone.
    expect(await recording.count()).toBe(0);
    const failed = checklist.getByRole('row').filter({ hasText: '设置一米线' });
    expect(await failed.locator('td').allTextContents()).toEqual(['设置一米线或一米线标识', '8', '不符合 整改问题', '3', '一米线标识缺失']);
    expect(await checklist.getByRole('row').filter({ hasText: '起身迎接' }).locator('td').allTextContents()).toEqual([
      '起身迎接、主动问候，使用普通话首问',
      '8',
      '不符合',
      '5',
      '柜员未起身迎接客户',
    ]);
    expect(await accessibilityViolations(inspector)).toEqual([]);
    await ui.screenshot(inspector, 'inspector-item-by-item');

    raisedFindingId = (await failed.getByRole('link', { name: '整改问题' }).getAttribute('href'))!.replace('#/findings/', '');
    await failed.getByRole('link', { name: '整改问题' }).click();
    await caseState(inspector, '待整改');
    expect(await inspector.getByRole('region', { name: '概况' }).textContent()).toContain('设置一米线或一米线标识：一米线标识缺失');
  });

  it('a finding that repeats the earlier one links to it, and the earlier one lists it as repeated (重复发生)', async () => {
    const inspector = await ui.signIn('inspector.anshan');
    await openInspection(inspector, 'onsite', 'anshan-haicheng-yys', '复查：一米线');
    await raiseEnvironmentFinding(inspector, 'anshan-haicheng-yys', '一米线标识再次缺失', bankTime(Date.now() + 30 * 86_400_000), (form) =>
      form.getByLabel(/^重复发生的原问题/).fill(raisedFindingId),
    );
    await inspector.getByRole('link', { name: /整改问题 ZG-\d{4}-\d{6}/ }).click();
    await caseState(inspector, '待整改');
    const repeatNumber = (await inspector.locator('h1').textContent())!.match(/ZG-\d{4}-\d{6}/)![0];
    const summary = inspector.getByRole('region', { name: '概况' });
    // The list of repeats is read from the read models: wait until they have the new finding.
    for (let tries = 0; (await callApi(inspector, 'GET', `/findings?repeatOf=${raisedFindingId}`)).body.items.length === 0 && tries < 50; tries++) {
      await inspector.waitForTimeout(100);
    }
    await summary.locator('dl.summary > div').filter({ hasText: '重复发生的原问题' }).getByRole('link').click();
    await summary.getByText('此后重复发生').waitFor();
    expect(inspector.url()).toContain(raisedFindingId);
    expect(await summary.locator('ul.repeated-by li').allTextContents()).toEqual([expect.stringContaining(repeatNumber)]);
    expect(await accessibilityViolations(inspector)).toEqual([]);
    await summary.locator('ul.repeated-by').getByRole('link').click();
    await inspector.locator('h1').filter({ hasText: repeatNumber }).waitFor();
  });
});
