import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeWithBrowser, launchChromium, type Browser } from '../helpers/browser';
import { demoConfig } from '../../src/config/demo';
import { joinPath } from '../../src/http/mount';
import type { Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime } from '../helpers/gateway';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

/** The token endpoint of each dialect the demo enables, relative to its base path. */
const TOKEN_ENDPOINTS: Record<string, string> = {
  standard: '/token',
  cas: '/oauth2.0/accessToken',
  ciam: '/oauth2/token',
  iform: '/oauth2/v3/authentication/apply',
  spring: '/oauth/token',
};

jest.setTimeout(120_000);

describeWithBrowser('the API docs page in headless Chromium', () => {
  let runtime: Runtime;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let browser: Browser | undefined;
  const outside: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    runtime = await startRuntime({ config: { ...demoConfig('http://127.0.0.1'), bcrypt: { cost: 4 } } });
    server = await listen(runtime, 0, '127.0.0.1', silentLogger);
    browser = await launchChromium({ width: 1280, height: 900 });
    context = browser.context;
    // The page must work offline: every request it makes stays on the gateway.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.shutdown();
  });

  it('loads, lists every dialect, and shows the token endpoint of each (screenshots in test-artifacts/)', async () => {
    await page.goto(`${server.url}/docs`);
    const select = page.locator('.topbar select');
    await select.waitFor();
    const options = await select.locator('option').allTextContents();
    const mounted = runtime.mounted.filter((m) => m.dialect.name in TOKEN_ENDPOINTS);
    expect(mounted.map((m) => m.dialect.name).sort()).toEqual(Object.keys(TOKEN_ENDPOINTS).sort());
    expect(options).toEqual(runtime.mounted.map((m) => `${m.dialect.name}: ${m.dialect.title}`));

    for (const { dialect, context: dialectContext } of mounted) {
      await select.selectOption({ label: `${dialect.name}: ${dialect.title}` });
      await expect(page.locator('.info .title').first().textContent()).resolves.toContain(dialect.title);
      const tokenPath = joinPath(dialectContext.basePath, TOKEN_ENDPOINTS[dialect.name]);
      const operation = page.locator(`.opblock-post .opblock-summary-path[data-path="${tokenPath}"]`);
      await operation.waitFor();
      await expect(operation.isVisible()).resolves.toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, `docs-${dialect.name}.png`), fullPage: false });
    }
    expect(outside).toEqual([]);
  });
});
