import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Runtime } from '../../src/runtime';
import { loadConfig } from '../../src/config/load';
import { createStore } from '../../src/store';
import { startRuntime } from '../helpers/gateway';
import { TestClock } from '../helpers/clock';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { expectSchema } from '../helpers/schema';
import { alertText, authorizePath, formFields, queryOf, signInConfig, SIGNIN_DIALECTS } from '../helpers/signin';
import type { RawConfig } from '../../src/config/types';
import type { TokenStore } from '../../src/core/store';
import Redis from 'ioredis';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const PORTAL = { response_type: 'code', client_id: 'portal', redirect_uri: 'http://portal.test/callback', scope: 'openid read', state: 'st-123' };

function start(options: { config?: RawConfig; now?: () => number; store?: TokenStore } = {}): Promise<Runtime> {
  return startRuntime({ dialects: SIGNIN_DIALECTS, config: options.config ?? signInConfig(), now: options.now, store: options.store });
}

function cookiesOf(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  return header ?? [];
}

function sessionCookie(res: request.Response, name = 'oauthd_session'): string | undefined {
  return cookiesOf(res).find((c) => c.startsWith(`${name}=`));
}

/** Opens the sign-in page in a fresh browser-like agent and posts the form. */
async function signInWith(app: Runtime['app'], username: string, password: string, path = authorizePath(PORTAL)) {
  const agent = request.agent(app);
  const page = await agent.get(path);
  const { csrf, flow } = formFields(page.text);
  const posted = await agent.post('/signin').type('form').send({ csrf, flow, username, password });
  return { agent, page, posted };
}

describe('browser sign-in over HTTP', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await start();
  });
  afterAll(() => runtime.close());

  it('shows the sign-in page with the client\'s name, a CSRF token, and headers for a password page', async () => {
    const res = await request(runtime.app).get(authorizePath(PORTAL));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('Staff portal');
    expect(res.text).toMatch(/<form method="post" action="\/signin"/);
    const { csrf, flow } = formFields(res.text);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(flow).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).not.toContain('script-src');
    // Before sign-in the cookie only binds the CSRF token; it is not a session.
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/^oauthd_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('signs in, redirects back to the authorize request, issues a code with the state, and the code is exchanged once', async () => {
    const { agent, page, posted } = await signInWith(runtime.app, 'alice', 'wonderland');
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(authorizePath(PORTAL));
    const session = sessionCookie(posted)!;
    expect(session).toMatch(/^oauthd_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(session.split(';')[0]).not.toBe(sessionCookie(page)!.split(';')[0]);

    const back = await agent.get(posted.headers.location);
    expect(back.status).toBe(302);
    expect(back.headers['cache-control']).toBe('no-store');
    const location = back.headers.location;
    expect(location.startsWith('http://portal.test/callback?')).toBe(true);
    const query = queryOf(location);
    expectSchema('standard', 'authorize.response', query);
    expect(Object.keys(query)).toEqual(['code', 'state']);
    expect(query.state).toBe('st-123');

    const exchange = () =>
      request(runtime.app).post('/std/token').set('Authorization', basic('portal', 'portal-secret')).type('form')
        .send({ grant_type: 'authorization_code', code: query.code, redirect_uri: PORTAL.redirect_uri });
    const token = await exchange();
    expect(token.status).toBe(200);
    expectSchema('standard', 'token.response', token.body);
    expect(token.body.scope).toBe('openid read');
    const me = await request(runtime.app).get('/std/userinfo').set('Authorization', `Bearer ${token.body.access_token}`);
    expect(me.body.sub).toBe('alice');
    const again = await exchange();
    expect(again.status).toBe(400);
    expectSchema('standard', 'error.response', again.body);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('serves a second client on another dialect from the same session, in that dialect\'s redirect shape', async () => {
    const { agent } = await signInWith(runtime.app, 'alice', 'wonderland');
    const res = await agent.get(authorizePath({ appid: 'expenses', callback: 'http://expenses.test/cb', st: 'x1' }, '/fx/oauth/authorize'));
    expect(res.status).toBe(302);
    const query = queryOf(res.headers.location);
    expect(Object.keys(query)).toEqual(['auth_code', 'st']);
    expect(query.auth_code).toMatch(/^[0-9a-f-]{36}$/);
    const token = await request(runtime.app).post('/std/token').set('Authorization', basic('expenses', 'expenses-secret')).type('form')
      .send({ grant_type: 'authorization_code', code: query.auth_code, redirect_uri: 'http://expenses.test/cb' });
    expect(token.status).toBe(200);
    expectSchema('standard', 'token.response', token.body);
  });

  it('accepts the identifiers the dialect allows: email on the standard dialect, usernames only on the fixture', async () => {
    const byEmail = await signInWith(runtime.app, 'ALICE@example.com', 'wonderland');
    expect(byEmail.posted.status).toBe(303);
    const byPhone = await signInWith(runtime.app, '+86 138 0000 0000', 'wonderland');
    expect(byPhone.posted.status).toBe(303);
    const fixture = authorizePath({ appid: 'expenses', callback: 'http://expenses.test/cb' }, '/fx/oauth/authorize');
    const refused = await signInWith(runtime.app, 'alice@example.com', 'wonderland', fixture);
    expect(refused.posted.status).toBe(200);
    expect(alertText(refused.posted.text)).toBe('The account or password is incorrect.');
    expect(refused.page.text).toContain('<label for="username">Username</label>');
    expect(byEmail.page.text).toContain('<label for="username">Username, email or phone number</label>');
  });

  describe('CSRF', () => {
    it('refuses a form without its token, with a wrong one, or with another browser\'s', async () => {
      const mine = request.agent(runtime.app);
      const { csrf, flow } = formFields((await mine.get(authorizePath(PORTAL))).text);
      const theirs = formFields((await request.agent(runtime.app).get(authorizePath(PORTAL))).text);
      for (const token of [undefined, 'wrong', csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), theirs.csrf]) {
        const res = await mine.post('/signin').type('form').send({ ...(token === undefined ? {} : { csrf: token }), flow, username: 'alice', password: 'wonderland' });
        expect(res.status).toBe(403);
        expect(res.headers.location).toBeUndefined();
        expect(alertText(res.text)).toBe('This page had expired. Please sign in again.');
        expect(cookiesOf(res).filter((c) => c.startsWith('oauthd_session='))).toEqual([]);
      }
      // Still signed out: the authorize request shows the sign-in page.
      expect((await mine.get(authorizePath(PORTAL))).status).toBe(200);
    });

    it('refuses a token posted without the cookie it is bound to (a cross-site POST carries none)', async () => {
      const page = await request(runtime.app).get(authorizePath(PORTAL));
      const res = await request(runtime.app).post('/signin').type('form').send({ ...formFields(page.text), username: 'alice', password: 'wonderland' });
      expect(res.status).toBe(403);
      expect(res.headers.location).toBeUndefined();
    });

    it('refuses a tampered or foreign flow field', async () => {
      const agent = request.agent(runtime.app);
      const { csrf, flow } = formFields((await agent.get(authorizePath(PORTAL))).text);
      const [body, mac] = flow.split('.');
      const state = JSON.parse(Buffer.from(body, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...state, returnTo: 'https://evil.test/' })).toString('base64url');
      for (const value of [`${forged}.${mac}`, 'garbage', '']) {
        const res = await agent.post('/signin').type('form').send({ csrf, flow: value, username: 'alice', password: 'wonderland' });
        expect(res.status).toBe(400);
        expect(res.headers.location).toBeUndefined();
        expect(res.text).toContain('Form no longer valid');
      }
    });
  });

  describe('redirect_uri and request errors', () => {
    const errorPage = async (path: string, title: string) => {
      const res = await request(runtime.app).get(path);
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain(title);
      expect(res.text).not.toContain('name="password"');
    };

    it.each([
      ['an unregistered redirect_uri', { ...PORTAL, redirect_uri: 'https://evil.test/callback' }],
      ['a prefix of a registered one', { ...PORTAL, redirect_uri: 'http://portal.test/callback/../../evil' }],
      ['a registered one with a trailing slash', { ...PORTAL, redirect_uri: 'http://portal.test/callback/' }],
      ['a registered one in other case', { ...PORTAL, redirect_uri: 'http://PORTAL.test/callback' }],
      ['none, when two are registered', { response_type: 'code', client_id: 'portal' }],
    ])('shows an error page and never redirects for %s', async (_name, params) => {
      await errorPage(authorizePath(params as Record<string, string>), 'Invalid return address');
    });

    it('shows an error page for an unknown or missing client, even with other errors present', async () => {
      await errorPage(authorizePath({ ...PORTAL, client_id: 'ghost' }), 'Unknown application');
      await errorPage(authorizePath({ response_type: 'token', redirect_uri: PORTAL.redirect_uri }), 'Unknown application');
      await errorPage('/std/authorize?client_id=portal&client_id=expenses&redirect_uri=http%3A%2F%2Fportal.test%2Fcallback', 'Unknown application');
    });

    it('never redirects to an unregistered redirect_uri even when already signed in', async () => {
      const { agent } = await signInWith(runtime.app, 'alice', 'wonderland');
      const res = await agent.get(authorizePath({ ...PORTAL, redirect_uri: 'https://evil.test/callback' }));
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
    });

    it('uses the only registered redirect_uri when none is given', async () => {
      const { agent } = await signInWith(runtime.app, 'alice', 'wonderland');
      const res = await agent.get(authorizePath({ response_type: 'code', client_id: 'expenses' }));
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/^http:\/\/expenses\.test\/cb\?code=/);
    });

    it.each([
      ['response_type=token', { ...PORTAL, response_type: 'token' }, 'unsupported_response_type'],
      ['no response_type', { client_id: 'portal', redirect_uri: PORTAL.redirect_uri, state: 'st-123' }, 'invalid_request'],
      ['a scope the client may not have', { ...PORTAL, scope: 'admin' }, 'invalid_scope'],
      ['a public client without PKCE', { response_type: 'code', client_id: 'spa', state: 'st-123' }, 'invalid_request'],
      ['an unknown PKCE method', { response_type: 'code', client_id: 'spa', state: 'st-123', code_challenge: 'a'.repeat(43), code_challenge_method: 'S512' }, 'invalid_request'],
      ['a client without the code grant', { response_type: 'code', client_id: 'machine', state: 'st-123' }, 'unauthorized_client'],
    ])('redirects %s back as an RFC 6749 error with the state, before any sign-in', async (_name, params, error) => {
      const res = await request(runtime.app).get(authorizePath(params as Record<string, string>));
      expect(res.status).toBe(302);
      const query = queryOf(res.headers.location);
      expectSchema('standard', 'authorize.error', query);
      expect(query).toMatchObject({ error, state: 'st-123' });
    });

    it('redirects a repeated parameter as invalid_request', async () => {
      const res = await request(runtime.app).get(`${authorizePath(PORTAL)}&scope=read`);
      expect(res.status).toBe(302);
      expect(queryOf(res.headers.location)).toMatchObject({ error: 'invalid_request', state: 'st-123' });
    });

    it('answers other methods on /std/authorize in the dialect\'s JSON error shape', async () => {
      const res = await request(runtime.app).post('/std/authorize').type('form').send({});
      expect(res.status).toBe(405);
      expectSchema('standard', 'error.response', res.body);
    });
  });

  it('records PKCE S256 with the code: the right verifier exchanges it, a wrong one does not', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const path = authorizePath({ response_type: 'code', client_id: 'spa', redirect_uri: 'http://spa.test/cb', code_challenge: challenge, code_challenge_method: 'S256' });
    const { agent } = await signInWith(runtime.app, 'bob', 'builder', path);
    const codeFor = async () => queryOf((await agent.get(path)).headers.location).code;
    const exchange = (code: string, codeVerifier: string) =>
      request(runtime.app).post('/std/token').type('form').send({ grant_type: 'authorization_code', client_id: 'spa', code, redirect_uri: 'http://spa.test/cb', code_verifier: codeVerifier });
    const wrong = await exchange(await codeFor(), randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    const right = await exchange(await codeFor(), verifier);
    expect(right.status).toBe(200);
    expectSchema('standard', 'token.response', right.body);
  });

  describe('failed sign-in', () => {
    it('says the same for a wrong password and an unknown user', async () => {
      const wrong = await signInWith(runtime.app, 'bob', 'not-it');
      const unknown = await signInWith(runtime.app, 'nobody-here', 'not-it');
      expect(wrong.posted.status).toBe(200);
      expect(unknown.posted.status).toBe(200);
      expect(alertText(wrong.posted.text)).toBe('The account or password is incorrect.');
      expect(alertText(unknown.posted.text)).toBe(alertText(wrong.posted.text));
      expect(wrong.posted.text.replace(/value="[^"]*"/g, '')).toBe(unknown.posted.text.replace(/value="[^"]*"/g, ''));
      expect(cookiesOf(wrong.posted).filter((c) => c.startsWith('oauthd_session='))).toEqual([]);
    });

    it('refuses locked and disabled users only once their password is right', async () => {
      for (const [username, password] of [['mallory', 'locked-out'], ['dave', 'disabled-pw']]) {
        const right = await signInWith(runtime.app, username, password);
        expect(right.posted.status).toBe(403);
        expect(alertText(right.posted.text)).toBe('This account cannot sign in. Contact your administrator.');
        const wrong = await signInWith(runtime.app, username, 'guess');
        expect(alertText(wrong.posted.text)).toBe('The account or password is incorrect.');
      }
    });

    it('asks for both fields when one is empty', async () => {
      const res = await signInWith(runtime.app, 'alice', '');
      expect(res.posted.status).toBe(400);
      expect(alertText(res.posted.text)).toBe('Enter your account and your password.');
    });

    it('escapes what the user typed when showing it again', async () => {
      const res = await signInWith(runtime.app, '"><script>alert(1)</script>', 'x');
      expect(res.posted.text).not.toContain('<script>alert(1)');
      expect(res.posted.text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    });
  });

  describe('languages', () => {
    it('follows Accept-Language and shows the client\'s name in Chinese pages', async () => {
      const res = await request(runtime.app).get(authorizePath({ response_type: 'code', client_id: 'expenses' })).set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8');
      expect(res.text).toContain('<html lang="zh-CN">');
      expect(res.text).toContain('以继续访问 <strong>报销系统</strong>');
      expect(res.text).toContain('<label for="password">密码</label>');
      const english = await request(runtime.app).get(authorizePath({ response_type: 'code', client_id: 'expenses' })).set('Accept-Language', 'fr;q=1, en-GB;q=0.8, zh;q=0.5');
      expect(english.text).toContain('<html lang="en">');
    });

    it('switches language by link, remembering it in a cookie, and only returns to local paths', async () => {
      const agent = request.agent(runtime.app);
      const page = await agent.get(authorizePath(PORTAL)).set('Accept-Language', 'en');
      const link = /<a href="([^"]+)" lang="zh-CN"/.exec(page.text)![1].replace(/&amp;/g, '&');
      const switched = await agent.get(link);
      expect(switched.status).toBe(303);
      expect(switched.headers.location).toBe(authorizePath(PORTAL));
      expect(cookiesOf(switched).find((c) => c.startsWith('oauthd_lang='))).toMatch(/^oauthd_lang=zh-CN; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
      const chinese = await agent.get(switched.headers.location).set('Accept-Language', 'en');
      expect(chinese.text).toContain('<html lang="zh-CN">');
      for (const target of ['//evil.test/x', '/\\evil.test', 'https://evil.test/', '/%0d%0aSet-Cookie:x']) {
        const res = await request(runtime.app).get(`/signin/lang?lang=en&return=${encodeURIComponent(target)}`);
        expect(res.status).toBe(303);
        expect(res.headers.location === '/signin' || res.headers.location === target).toBe(true);
        expect(res.headers.location).not.toMatch(/^(\/\/|\/\\|https?:)/);
      }
    });
  });

  describe('consent', () => {
    const CONSENT = { response_type: 'code', client_id: 'asks-consent', scope: 'read write', state: 'c-1' };

    it('asks only clients configured for it, honours a denial once, and remembers an approval for the session', async () => {
      const { agent, posted } = await signInWith(runtime.app, 'alice', 'wonderland', authorizePath(CONSENT));
      expect(posted.status).toBe(303);
      const ask = await agent.get(authorizePath(CONSENT));
      expect(ask.status).toBe(200);
      expect(ask.text).toContain('Photo printer wants to access your account');
      expect(ask.text).toContain('<li>Read your data</li><li>Change your data</li>');
      const fields = formFields(ask.text);

      const refused = await agent.post('/signin/consent').type('form').send({ flow: fields.flow, decision: 'allow' });
      expect(refused.status).toBe(403);

      const denied = await agent.post('/signin/consent').type('form').send({ ...fields, decision: 'deny' });
      expect(denied.status).toBe(303);
      const denial = await agent.get(denied.headers.location);
      expect(denial.status).toBe(302);
      const error = queryOf(denial.headers.location);
      expectSchema('standard', 'authorize.error', error);
      expect(error).toMatchObject({ error: 'access_denied', state: 'c-1' });

      const askedAgain = await agent.get(authorizePath(CONSENT));
      expect(askedAgain.status).toBe(200);
      const allowed = await agent.post('/signin/consent').type('form').send({ ...formFields(askedAgain.text), decision: 'allow' });
      const granted = await agent.get(allowed.headers.location);
      expect(granted.status).toBe(302);
      expect(queryOf(granted.headers.location)).toMatchObject({ state: 'c-1' });
      expect(queryOf(granted.headers.location).code).toBeDefined();
      // Approved for this session: no second question, but a wider scope asks again.
      expect((await agent.get(authorizePath({ ...CONSENT, scope: 'read' }))).status).toBe(302);
      // The portal client does not ask at all.
      expect((await agent.get(authorizePath(PORTAL))).status).toBe(302);
    });
  });

  describe('sign-out', () => {
    it('needs the CSRF token, ends the session in the store and clears the cookie', async () => {
      const { agent, posted } = await signInWith(runtime.app, 'alice', 'wonderland');
      const session = sessionCookie(posted)!.split(';')[0];
      const confirm = await agent.get('/signin/logout');
      expect(confirm.text).toContain('You are signed in as Alice.');
      const { csrf } = formFields(confirm.text);

      const forged = await agent.post('/signin/logout').type('form').send({});
      expect(forged.status).toBe(403);
      expect((await agent.get(authorizePath(PORTAL))).status).toBe(302);

      const out = await agent.post('/signin/logout').type('form').send({ csrf });
      expect(out.status).toBe(200);
      expect(out.text).toContain('You have signed out.');
      expect(sessionCookie(out)).toBe('oauthd_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
      // Replaying the old cookie gets nothing: the record is gone from the store.
      const replay = await request(runtime.app).get(authorizePath(PORTAL)).set('Cookie', session);
      expect(replay.status).toBe(200);
      expect(replay.text).toContain('name="password"');
    });

    it('shows the account status page', async () => {
      const { agent } = await signInWith(runtime.app, 'bob', 'builder');
      expect((await agent.get('/signin')).text).toContain('You are signed in as bob.');
      expect((await request(runtime.app).get('/signin')).text).toContain('You are not signed in.');
      expect((await request(runtime.app).delete('/signin')).status).toBe(405);
    });
  });
});

describe('browser sign-in: sessions, lock-out and configuration', () => {
  it('sets Secure, __Host- cookies when the issuer is https', async () => {
    const runtime = await start({ config: signInConfig({ issuer: 'https://gateway.test' }) });
    try {
      const { posted } = await signInWith(runtime.app, 'alice', 'wonderland');
      const cookie = cookiesOf(posted).find((c) => c.startsWith('__Host-oauthd_session='));
      expect(cookie).toMatch(/^__Host-oauthd_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await runtime.close();
    }
  });

  it('ends a session after session_ttl', async () => {
    const clock = new TestClock();
    const runtime = await start({ config: signInConfig({ signin: { session_ttl: 600 } }), now: clock.now });
    try {
      const { agent } = await signInWith(runtime.app, 'alice', 'wonderland');
      clock.advance(599);
      expect((await agent.get(authorizePath(PORTAL))).status).toBe(302);
      clock.advance(2);
      const res = await agent.get(authorizePath(PORTAL));
      expect(res.status).toBe(200);
      expect(res.text).toContain('name="password"');
    } finally {
      await runtime.close();
    }
  });

  it('drops the session of a user locked after signing in', async () => {
    const runtime = await start();
    try {
      const { agent } = await signInWith(runtime.app, 'bob', 'builder');
      expect((await agent.get(authorizePath(PORTAL))).status).toBe(302);
      const locked = signInConfig();
      locked.users = locked.users!.map((u) => (u.username === 'bob' ? { ...u, status: 'locked' as const } : u));
      await runtime.reload(loadConfig(locked, SIGNIN_DIALECTS));
      const res = await agent.get(authorizePath(PORTAL));
      expect(res.status).toBe(200);
      expect(alertText(res.text)).toBe('This account cannot sign in. Contact your administrator.');
    } finally {
      await runtime.close();
    }
  });

  it('locks an account after repeated failures, whatever identifier names it, and lifts the lock later', async () => {
    const clock = new TestClock();
    const runtime = await start({ now: clock.now });
    try {
      for (const identifier of ['alice', 'alice@example.com']) expect((await signInWith(runtime.app, identifier, 'bad')).posted.status).toBe(200);
      const third = await signInWith(runtime.app, 'alice', 'bad');
      expect(third.posted.status).toBe(429);
      expect(third.posted.headers['retry-after']).toBe('120');
      expect(alertText(third.posted.text)).toBe('Too many failed attempts. Try again in 2 min.');
      const right = await signInWith(runtime.app, 'alice', 'wonderland');
      expect(right.posted.status).toBe(429);
      expect(right.posted.headers.location).toBeUndefined();
      // Another account is not affected; an unknown name locks the same way (nothing told apart).
      expect((await signInWith(runtime.app, 'bob', 'builder')).posted.status).toBe(303);
      for (let i = 0; i < 2; i++) await signInWith(runtime.app, 'nobody', 'bad');
      expect((await signInWith(runtime.app, 'nobody', 'bad')).posted.status).toBe(429);
      clock.advance(121);
      expect((await signInWith(runtime.app, 'alice', 'wonderland')).posted.status).toBe(303);
    } finally {
      await runtime.close();
    }
  });

  it('locks a client address after repeated failures across accounts', async () => {
    const runtime = await start({ config: signInConfig({ signin: { lockout: { user_failures: 0, address_failures: 4, window: 300, duration: 60 } } }) });
    try {
      for (let i = 0; i < 3; i++) expect((await signInWith(runtime.app, `user${i}`, 'bad')).posted.status).toBe(200);
      expect((await signInWith(runtime.app, 'user3', 'bad')).posted.status).toBe(429);
      expect((await signInWith(runtime.app, 'bob', 'builder')).posted.status).toBe(429);
    } finally {
      await runtime.close();
    }
  });

  it('refuses to start when a dialect route lies under the sign-in path', async () => {
    await expect(start({ config: signInConfig({ signin: { path: '/std' } }) })).rejects.toThrow(/under the sign-in path \/std/);
  });

  it('validates the signin section', () => {
    expect(() => loadConfig(signInConfig({ signin: { path: 'no-slash', lockout: { colour: 1 } } as never }), SIGNIN_DIALECTS)).toThrow(/\/signin\/path[\s\S]*\/signin\/lockout: unknown key "colour"|\/signin\/lockout: unknown key "colour"[\s\S]*\/signin\/path/);
  });
});

describeWithRedis('browser sign-in on a shared Redis store', () => {
  const prefix = uniquePrefix('signin');
  const stores: TokenStore[] = [];
  const runtimes: Runtime[] = [];
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.close()));
    await Promise.all(stores.map((s) => s.close()));
    await dropPrefix(prefix);
  });

  async function twoRuntimes(): Promise<[Runtime, Runtime]> {
    const config = signInConfig({ store: { url: REDIS_URL, key_prefix: prefix } });
    for (let i = 0; i < 2; i++) {
      const store = await createStore({ url: REDIS_URL, key_prefix: prefix });
      stores.push(store);
      runtimes.push(await start({ config, store }));
    }
    return [runtimes[runtimes.length - 2], runtimes[runtimes.length - 1]];
  }

  it('holds a lock-out set through one runtime in the other, and a session too', async () => {
    const [a, b] = await twoRuntimes();
    for (let i = 0; i < 2; i++) expect((await signInWith(a.app, 'bob', 'bad')).posted.status).toBe(200);
    expect((await signInWith(b.app, 'bob', 'bad')).posted.status).toBe(429);
    expect((await signInWith(a.app, 'bob', 'builder')).posted.status).toBe(429);
    expect((await signInWith(b.app, 'bob', 'builder')).posted.status).toBe(429);

    // A session made by one process serves the other.
    const { posted } = await signInWith(a.app, 'alice', 'wonderland');
    const cookie = sessionCookie(posted)!.split(';')[0];
    const res = await request(b.app).get(authorizePath(PORTAL)).set('Cookie', cookie);
    expect(res.status).toBe(302);
    expect(queryOf(res.headers.location).code).toBeDefined();
  });

  it('stores the session with the configured TTL, under a hash of the cookie, never the cookie itself', async () => {
    const [a] = await twoRuntimes();
    const { posted } = await signInWith(a.app, 'alice', 'wonderland');
    const id = sessionCookie(posted)!.split(';')[0].split('=')[1];
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}v2:kv:signin:session:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.some((k) => k.includes(id))).toBe(false);
      const ttls = await Promise.all(keys.map((k) => redis.ttl(k)));
      expect(Math.max(...ttls)).toBeGreaterThan(28800 - 30);
      expect(Math.max(...ttls)).toBeLessThanOrEqual(28800);
      const values = await Promise.all(keys.map((k) => redis.get(k)));
      expect(values.join('')).not.toContain('wonderland');
      // Counters and locks are named by HMACs too: no username or address in a key.
      const all = await redis.keys(`${prefix}v2:kv:signin:*`);
      expect(all.length).toBeGreaterThan(keys.length);
      for (const key of all) expect(key.slice(prefix.length)).toMatch(/^v2:kv:signin:(session|fail:user|fail:addr|lock:user|lock:addr):[A-Za-z0-9_-]{43}$/);
    } finally {
      redis.disconnect();
    }
  });
});
