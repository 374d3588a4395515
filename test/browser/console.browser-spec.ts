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

const caseState = (page: Page, state: string) => page.getByTestId('case-state').filter({ hasText: state }).waitFor();

async function act(page: Page, command: string, fill: (form: ReturnType<Page['getByRole']>) => Promise<void>, nextState: string): Promise<void> {
  await page.getByRole('button', { name: command, exact: true }).click();
  const form = page.getByRole('form', { name: command });
  await fill(form);
  await form.getByRole('button', { name: `提交 · ${command}` }).click();
  await caseState(page, nextState);
}

async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // A string, evaluated in the page: this file is compiled without the DOM's types.
  const results = await page.evaluate<{ violations: { id: string; nodes: { target: string[] }[] }[] }>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })",
  );
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('web console in chromium', () => {
  it('a handler sees who they are, gets the API validation messages, registers a complaint and replies to it', async () => {
    const page = await ui.signIn('handler.haicheng');
    const who = page.getByTestId('who');
    expect(await who.textContent()).toMatch(/投诉经办人.*海城支行营业室/);

    await page.getByRole('link', { name: '登记投诉' }).click();
    await page.getByRole('button', { name: '提交' }).click();
    // The API's own problem+json answer, field by field.
    await page.getByRole('alert').filter({ hasText: 'channel must be one of the following values' }).waitFor();
    expect(await page.getByLabel('渠道').getAttribute('aria-invalid')).toBe('true');

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
    await ui.screenshot(page, 'handler-queue');

    await row.getByRole('link').click();
    // The clocks the API started, ticking down in business time until the reply stops them.
    await page.getByRole('region', { name: '时限（工作时间）' }).locator('.countdown').first().waitFor();
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
    expect(await page.getByRole('region', { name: '全部记录' }).textContent()).toMatch(/添加核实记录.*答复客户（有效投诉）/);
    await ui.screenshot(page, 'handler-case');
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
    const ranking = page.getByRole('region', { name: '排名' });
    await ranking.getByRole('row').filter({ hasText: '海城支行' }).waitFor();
    await page.getByRole('region', { name: '按机构时限达标率' }).getByRole('img').waitFor();
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
    await ui.screenshot(page, 'auditor-time-travel');

    await page.keyboard.press('End');
    await travelled.filter({ hasText: '已签字结案' }).waitFor();
    expect(await highlighted.getAttribute('data-state')).toBe('closed');

    const [pack] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 JSON' }).click()]);
    expect(readFileSync(await pack.path(), 'utf8')).toContain(caseId);
  });

  it('an inspector raises a finding in an inspection, the unit plans and reports its rectification, the inspector re-inspects it', async () => {
    const inspector = await ui.signIn('inspector.anshan');
    await inspector.getByLabel('检查方式').selectOption('mystery_shopper');
    await inspector.getByLabel('归属机构编号').fill('anshan-haicheng');
    await inspector.getByLabel('检查范围').fill('服务工作检查记录表：环境设施');
    await inspector.getByRole('button', { name: '提交' }).click();
    await caseState(inspector, '检查中');
    await act(
      inspector,
      '登记发现问题',
      async (form) => {
        await form.getByLabel('归属机构编号').fill('anshan-haicheng-yys');
        await form.getByLabel('类别').selectOption('environment');
        await form.getByLabel('问题描述').fill('一米线未设置');
        await form.getByLabel('严重程度').selectOption('minor');
        await form.getByLabel('整改方式').selectOption('deadline');
        await form.getByLabel('整改限期').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16));
      },
      '检查中',
    );
    await inspector.getByRole('link', { name: /整改问题/ }).click();
    await caseState(inspector, '待整改');
    const finding = inspector.url();

    const head = await ui.signIn('head.haicheng');
    await head.goto(finding);
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 16);
    await act(
      head,
      '制定整改方案',
      async (form) => {
        await form.getByLabel('整改措施（每行一条）').fill('设置一米线\n晨会强调排队秩序');
        await form.getByLabel('整改负责人用户名').fill('handler.haicheng');
        await form.getByLabel('整改完成时限').fill(due);
      },
      '整改中',
    );
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
    await ui.screenshot(inspector, 'inspector-finding');
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
    await page.getByRole('region', { name: '排名' }).getByRole('row').filter({ hasText: '海城支行' }).waitFor();
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
