import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeWithBrowser, launchChromium, type Browser } from '../helpers/browser';
import type { Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime } from '../helpers/gateway';
import { expectSchema } from '../helpers/schema';
import { authorizePath, signInConfig, SIGNIN_DIALECTS } from '../helpers/signin';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

jest.setTimeout(120_000);

describeWithBrowser('browser sign-in in headless Chromium', () => {
  let runtime: Runtime;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let browser: Browser | undefined;
  let clients: Server;
  /** The clients' callbacks: one local server, a path per client (`/portal.test/callback`). */
  let clientBase: string;
  /** Every request the browser made to a client. */
  const clientRequests: string[] = [];
  const clientUrl = (url: string) => url.replace(/^http:\/\/([a-z.-]+\.test)\//, `${clientBase}/$1/`);
  let PORTAL: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    clients = createServer((req, res) => {
      if (req.url !== '/favicon.ico') clientRequests.push(`${clientBase}${req.url}`);
      res.setHeader('Content-Type', 'text/html');
      res.end(`<h1>${req.url?.split('/')[1]}</h1>`);
    });
    await new Promise<void>((resolve) => clients.listen(0, '127.0.0.1', resolve));
    clientBase = `http://127.0.0.1:${(clients.address() as AddressInfo).port}`;
    PORTAL = { response_type: 'code', client_id: 'portal', redirect_uri: clientUrl('http://portal.test/callback'), scope: 'openid profile', state: 'browser-state' };
    const config = signInConfig();
    config.clients = config.clients!.map((c) => ({ ...c, redirect_uris: c.redirect_uris?.map(clientUrl) }));
    runtime = await startRuntime({ dialects: SIGNIN_DIALECTS, config });
    server = await listen(runtime, 0, '127.0.0.1', silentLogger);
    browser = await launchChromium({ width: 1100, height: 760 });
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.shutdown();
    await new Promise((resolve) => clients?.close(resolve));
  });

  const open = (pathAndQuery: string) => page.goto(`${server.url}${pathAndQuery}`);
  const signIn = async (username: string, password: string) => {
    await page.fill('#username', username);
    await page.fill('#password', password);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  };
  const alert = () => page.locator('[role=alert]').textContent();
  const callbackQuery = () => Object.fromEntries(new URL(page.url()).searchParams.entries());

  it('shows a sign-in page in English and in Chinese, switched by its link (screenshots kept in test-artifacts/)', async () => {
    await open(authorizePath(PORTAL));
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
    await expect(page.locator('.sub strong').textContent()).resolves.toBe('Staff portal');
    await expect(page.locator('label[for=username]').textContent()).resolves.toBe('Username, email or phone number');
    await page.screenshot({ path: path.join(ARTIFACTS, 'signin-en.png') });

    await Promise.all([page.waitForLoadState('load'), page.click('a[lang=zh-CN]')]);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('登录');
    await expect(page.locator('label[for=password]').textContent()).resolves.toBe('密码');
    expect(page.url()).toBe(`${server.url}${authorizePath(PORTAL)}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'signin-zh-CN.png') });

    await page.fill('#username', 'someone');
    await page.fill('#password', 'not-theirs');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    await expect(alert()).resolves.toBe('账号或密码错误。');
    await page.screenshot({ path: path.join(ARTIFACTS, 'signin-zh-CN-error.png') });

    await Promise.all([page.waitForLoadState('load'), page.click('a[lang=en]')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
  });

  it('shows the same message for a wrong password and for an unknown user, and stays on the gateway', async () => {
    await open(authorizePath(PORTAL));
    await signIn('alice', 'not-her-password');
    await expect(alert()).resolves.toBe('The account or password is incorrect.');
    await signIn('no-such-user', 'whatever');
    await expect(alert()).resolves.toBe('The account or password is incorrect.');
    expect(page.url().startsWith(server.url)).toBe(true);
    expect(clientRequests).toEqual([]);
  });

  it('signs in, lands on the client\'s redirect with a code and the state, and the code is exchanged', async () => {
    await open(authorizePath(PORTAL));
    await signIn('alice', 'wonderland');
    expect(page.url().startsWith(`${PORTAL.redirect_uri}?`)).toBe(true);
    const query = callbackQuery();
    expectSchema('standard', 'authorize.response', query);
    expect(query.state).toBe('browser-state');
    const token = await fetch(`${server.url}/std/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('portal:portal-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: query.code, redirect_uri: PORTAL.redirect_uri }),
    });
    expect(token.status).toBe(200);
    const body = (await token.json()) as { scope: string };
    expectSchema('standard', 'token.response', body);
    expect(body.scope).toBe('openid profile');
  });

  it('gives a second client, on another dialect, a code without a second sign-in', async () => {
    const before = clientRequests.length;
    const callback = clientUrl('http://expenses.test/cb');
    const response = await open(authorizePath({ appid: 'expenses', callback, st: 'second' }, '/fx/oauth/authorize'));
    expect(page.url().startsWith(`${callback}?`)).toBe(true);
    expect(await response?.text()).toBe('<h1>expenses.test</h1>');
    expect(Object.keys(callbackQuery())).toEqual(['auth_code', 'st']);
    expect(callbackQuery().st).toBe('second');
    expect(clientRequests.slice(before)).toHaveLength(1);
  });

  it('asks for consent where the client is configured to, then returns a code', async () => {
    await open(authorizePath({ response_type: 'code', client_id: 'asks-consent', scope: 'read', state: 'c' }));
    await expect(page.locator('h1').textContent()).resolves.toBe('Photo printer wants to access your account');
    await page.screenshot({ path: path.join(ARTIFACTS, 'consent-en.png') });
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${clientUrl('http://consent.test/cb')}?`)), page.click('button[value=allow]')]);
    expect(callbackQuery()).toMatchObject({ state: 'c' });
  });

  it('never follows an unregistered redirect_uri: an error page, no request to that host', async () => {
    await open(authorizePath({ ...PORTAL, redirect_uri: clientUrl('http://evil.test/steal') }));
    expect(page.url().startsWith(server.url)).toBe(true);
    await expect(page.locator('h1').textContent()).resolves.toBe('Invalid return address');
    await page.screenshot({ path: path.join(ARTIFACTS, 'error-bad-redirect-en.png') });
    expect(clientRequests.some((url) => url.includes('evil.test'))).toBe(false);
  });

  it('refuses a locked user, and locks an account out after repeated failures', async () => {
    await context.clearCookies();
    await open(authorizePath(PORTAL));
    await signIn('mallory', 'locked-out');
    await expect(alert()).resolves.toBe('This account cannot sign in. Contact your administrator.');

    for (let i = 0; i < 2; i++) {
      await signIn('bob', `guess-${i}`);
      await expect(alert()).resolves.toBe('The account or password is incorrect.');
    }
    await signIn('bob', 'guess-2');
    await expect(alert()).resolves.toBe('Too many failed attempts. Try again in 2 min.');
    await signIn('bob', 'builder');
    await expect(alert()).resolves.toBe('Too many failed attempts. Try again in 2 min.');
    expect(page.url().startsWith(server.url)).toBe(true);
  });
});
