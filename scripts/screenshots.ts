/**
 * Screenshots of every main page of the console into docs/screenshots/, taken in chromium against
 * a running demo (`npm run demo`: a quarter of two branches), signed in as the demo users.
 *
 * Usage: BASE_URL=http://127.0.0.1:3000 node test/support/ts-node-launcher.js scripts/screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../test/support/console-paths';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password';
const OUT = join(__dirname, '../docs/screenshots');

async function signedIn(browser: Browser, username: string): Promise<Page> {
  // bypassCSP: the wait for the pages to settle is evaluated in the page, which the console's strict policy refuses.
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('who').waitFor();
  return page;
}

/** Waits until nothing on the page says it is loading, then saves the whole page. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForFunction("document.querySelectorAll('.busy').length === 0", undefined, { timeout: 30_000 });
  await page.screenshot({ path: join(OUT, `console-${name}.png`), fullPage: true });
  console.log(`[screenshots] docs/screenshots/console-${name}.png`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const handler = await signedIn(browser, 'handler.haicheng');
    await handler.locator('table.cases tbody tr').first().waitFor();
    await shoot(handler, 'handler-queue');
    // The queue's first case: overdue, with its clocks, timeline and what was written.
    await handler.locator('table.cases tbody tr').first().getByRole('link').click();
    await handler.getByTestId('case-state').waitFor();
    await shoot(handler, 'handler-case');
    await handler.goto(`${BASE_URL}/#/register`);
    await handler.getByLabel('归属机构').waitFor();
    await shoot(handler, 'handler-register');

    const supervisor = await signedIn(browser, 'supervisor.anshan');
    await supervisor.goto(`${BASE_URL}/#/boards`);
    await supervisor.locator('table.cases').first().waitFor();
    await shoot(supervisor, 'supervisor-boards');
    await supervisor.goto(`${BASE_URL}/#/reports`);
    await supervisor.getByRole('region', { name: '排名' }).locator('tbody tr').first().waitFor();
    await shoot(supervisor, 'supervisor-reports');

    const inspector = await signedIn(browser, 'inspector.anshan');
    await inspector.locator('table.cases tbody tr').first().waitFor();
    await shoot(inspector, 'inspector-findings');

    const auditor = await signedIn(browser, 'auditor');
    await auditor.goto(`${BASE_URL}/#/cases`);
    await auditor.locator('table.cases tbody tr').first().waitFor();
    await shoot(auditor, 'auditor-cases');
    await auditor.locator('table.cases tbody tr').first().getByRole('link').click();
    const slider = auditor.getByLabel(/查看第几个事件之后的案件/);
    await slider.focus();
    await auditor.keyboard.press('Home');
    for (let step = 0; step < 3; step++) await auditor.keyboard.press('ArrowRight');
    await auditor.getByTestId('past-view').waitFor();
    await shoot(auditor, 'auditor-time-travel');
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
