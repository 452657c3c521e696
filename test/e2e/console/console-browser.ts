import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import type { Config } from '@leadflow/config';
import { createTestContext, listenOnLoopback, loginAs, repoRoot } from '@leadflow/test-harness';
import { createApp } from '../../../apps/api/src/create-app';

/** Debian's Chromium, installed by scripts/ensure-chromium.mjs; Playwright never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium's own connections are refused on these machines and
// slow every page; the rest keep a fresh profile quiet and headless.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CONSOLE_SOURCES = ['apps/console/src', 'apps/console/index.html', 'apps/console/vite.config.ts'];
const SCREENSHOTS = join(repoRoot, 'test', 'e2e', 'screenshots');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), 0);
}

/**
 * The API under test serves apps/console/dist, as in production. It is built here when missing or older
 * than its sources, so a browser test never runs a stale console (`npm run build` makes it otherwise).
 */
export function ensureConsoleBuilt(): void {
  const index = join(repoRoot, 'apps', 'console', 'dist', 'index.html');
  const sources = Math.max(...CONSOLE_SOURCES.map((path) => newest(join(repoRoot, path))));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync('npx', ['vite', 'build', '--config', 'apps/console/vite.config.ts'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
}

export interface ConsoleBrowser {
  page: Page;
  /** Uncaught errors and console.error lines of the console's own code: a test says there were none. */
  pageErrors: string[];
  /** Saves a full-page screenshot as test/e2e/screenshots/<name>.png, for a person to look at. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, at 1280 px wide like the console's target screen. */
export async function openBrowser(): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`node scripts/ensure-chromium.mjs\` (npm run verify does)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'leadflow-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  // What the console itself logs as an error counts too. The browser's own line for an API answer of 4xx
  // or 5xx does not: the tests provoke those on purpose, and the page shows them.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      pageErrors.push(`console.error: ${message.text()}`);
  });
  return {
    page,
    pageErrors,
    screenshot: async (name) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The text of one of the console's code editors (CodeMirror: a contenteditable named by its label), line by
 * line as shown; `fill` works on it as on a textarea, `inputValue` does not.
 */
export async function editorText(editor: Locator): Promise<string> {
  return (await editor.innerText()).replace(/\n$/, '');
}

/**
 * Picks a lead in a typeahead (the console's lead pickers, backed by the leads list's `search`): types
 * `search` into the field labelled `label` and clicks the option whose text holds `name`.
 */
export async function pickLead(page: Page, search: string, name: string, label = 'Lead'): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).fill(search);
  await page.getByRole('option', { name: new RegExp(name) }).click();
}

/**
 * Chooses `label` in one of the console's Mantine selects (a combobox, not a native select: `selectOption`
 * does not work on it): opens its list and clicks the option.
 */
export async function chooseOption(select: Locator, label: string | RegExp): Promise<void> {
  await select.click();
  await select.page().getByRole('option', { name: label, exact: true }).click();
}

/** One rule axe-core found broken, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2 A and AA rules, contrast included) over the page as shown and returns the serious and
 * critical violations, for a test to expect none.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    // this runs in the page; the test's own TypeScript has no DOM types, hence globalThis
    const scope = globalThis as unknown as {
      axe: typeof import('axe-core');
      document: import('axe-core').ElementContext;
    };
    const result = await scope.axe.run(scope.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(' ')),
      }));
  });
}

/** Logs in through the console's own form. */
export async function logIn(page: Page, base: string, username = 'admin', password = 'admin'): Promise<void> {
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
}

/** What a console test file works with; filled in by the hooks `useConsoleTest` registers. */
export interface ConsoleTest {
  config: Config;
  base: string;
  /** headers of the seeded admin, for reading back through the API what the console did */
  admin: Record<string, string>;
  browser: ConsoleBrowser;
  page: Page;
}

/**
 * Registers the hooks every console test file needs: the built console, the real API on this file's own
 * database and queues, the admin's API headers, `prepare` (data or a worker, before the browser opens), a
 * headless Chromium logged in through the form, no uncaught page error after any test, and clean-up.
 */
export function useConsoleTest(prepare?: (test: ConsoleTest) => Promise<void>): ConsoleTest {
  const test = {} as ConsoleTest;
  let app: INestApplication | undefined;
  beforeAll(async () => {
    ensureConsoleBuilt();
    test.config = createTestContext().config;
    app = await createApp(test.config);
    test.base = await listenOnLoopback(app);
    test.admin = await loginAs(test.base, 'admin');
    await prepare?.(test);
    test.browser = await openBrowser();
    test.page = test.browser.page;
    await logIn(test.page, test.base);
  }, 300_000);
  afterEach(() => {
    expect(test.browser.pageErrors).toEqual([]);
  });
  afterAll(async () => {
    // each is unset when beforeAll failed before making it
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    await test.browser?.close();
    await app?.close();
  });
  return test;
}
