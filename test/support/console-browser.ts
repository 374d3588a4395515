import { mkdirSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH, CONSOLE_BUILD } from './console-paths';
import { DEMO_PASSWORD, SHIPPED_SLA_POLICIES, startApiTestApp, type ApiTestApp, type DemoUser } from './api-test-app';

export const SCREENSHOTS = join(__dirname, '../../test-artifacts/console');

/** A laptop screen: the console must be usable at this size. */
const VIEWPORT = { width: 1366, height: 900 };

export interface ConsoleUnderTest {
  readonly api: ApiTestApp;
  readonly baseUrl: string;
  /** A fresh browser context (its own session storage) signed in as the user through the sign-in form. */
  signIn(user: DemoUser): Promise<Page>;
  /** A fresh, signed-out page. */
  newPage(): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real API (in process, real SQLite files, the run's Redis under a unique prefix, real time
 * so the browser's clock and the API's agree) listening on a free port and serving the built
 * console, and headless Debian chromium.
 */
export async function startConsole(): Promise<ConsoleUnderTest> {
  const api = await startApiTestApp({ realTime: true, slaPolicyFile: SHIPPED_SLA_POLICIES, env: { CONSOLE_DIR: CONSOLE_BUILD } });
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  const contexts: BrowserContext[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });

  // bypassCSP lets the accessibility test inject axe-core next to the console's strict policy.
  const newPage = async (): Promise<Page> => {
    // A browser set to New York in US English: the console must still show Beijing time in zh-CN forms (no mm/dd/yyyy).
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'America/New_York', acceptDownloads: true, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    return page;
  };

  return {
    api,
    baseUrl,
    newPage,
    async signIn(user) {
      const page = await newPage();
      await page.getByLabel('用户名').fill(user);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('who').waitFor();
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await api.close();
    },
  };
}
