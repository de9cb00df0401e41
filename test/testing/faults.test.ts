import request from 'supertest';
import { demoConfig } from '../../src/config/demo';
import type { Runtime } from '../../src/runtime';
import { Faults } from '../../src/testing/faults';
import { FaultyStore } from '../../src/testing/faulty-store';
import { failureNames, namedFailure } from '../../src/testing/named-failures';
import { joinPath } from '../../src/http/mount';
import { PROFILES as IFORM_PROFILES } from '../../dialects/iform/profiles';
import { FAILURES as IFORM_FAILURES } from '../../dialects/iform/errors';
import { startRuntime } from '../helpers/gateway';

/*
 * Scripted faults against the demo gateway (all six dialects), over real sockets: a named
 * failure is the dialect's own answer, a given answer is sent as given, counted down, delayed,
 * and never seen by another route; a store outage takes each dialect down its real 503 path.
 */

const IFORM_APPLY = '/oauth2/v3/authentication/apply';
const IFORM_CLIENT = { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a' };
const iformLogin = { ...IFORM_CLIENT, username: 'iform', password: '123456', grant_type: 'password_credentials' };
const casToken = (secret = 'xxx=') => `/oauth2.0/accessToken?grant_type=password&client_id=xxx&client_secret=${encodeURIComponent(secret)}&username=xxx&password=xxx`;
const stdToken = { grant_type: 'client_credentials', scope: 'read' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spring Boot's error page without its timestamp, which differs between any two answers. */
const untimed = (body: Record<string, unknown>) => ({ ...body, timestamp: undefined });

describe('scripted faults', () => {
  const faults = new Faults();
  let runtime: Runtime;
  let app: Runtime['app'];
  beforeAll(async () => {
    runtime = await startRuntime({ config: { ...demoConfig('http://gateway.test'), bcrypt: { cost: 4 } }, faults });
    app = runtime.app;
  });
  afterAll(() => runtime.close());
  afterEach(() => faults.clear());

  const iformApply = () => request(app).post(`/iform${IFORM_APPLY}`).send(iformLogin);
  const stdTokenRequest = (path = '/std/token') => request(app).post(path).auth('web-app', 's3cret').type('form').send(stdToken);

  it("answers the next iform apply with iform's envelope for state 6020101, then the one after normally", async () => {
    const genuine = await request(app).post(`/iform${IFORM_APPLY}`).send({ ...iformLogin, password: 'wrong' });
    faults.next({ dialect: 'iform', route: IFORM_APPLY }, { failure: '6020101' });
    const scripted = await iformApply();
    expect({ status: scripted.status, state: scripted.body.state, message: scripted.body.message, keys: Object.keys(scripted.body) }).toEqual({
      status: genuine.status,
      state: 6020101,
      message: genuine.body.message,
      keys: Object.keys(genuine.body),
    });
    expect(genuine.body.state).toBe(6020101);
    const after = await iformApply();
    expect({ status: after.status, state: after.body.state }).toEqual({ status: 200, state: 200 });
  });

  it('answers each iform failure name with the state and message of its row in the profile table', async () => {
    const table = IFORM_PROFILES['ibps-v3'].failures;
    for (const name of IFORM_FAILURES) {
      faults.next({ dialect: 'iform', route: IFORM_APPLY }, { failure: name });
      const res = await iformApply();
      expect({ name, status: res.status, state: res.body.state, message: res.body.message }).toEqual({ name, status: table[name].httpStatus, state: table[name].state, message: table[name].message });
    }
  });

  it("answers CAS invalid_client on the token route with CAS's own 401, as a wrong secret gets it", async () => {
    const genuine = await request(app).post(casToken('wrong'));
    expect(genuine.status).toBe(401);
    faults.next({ dialect: 'cas', route: '/oauth2.0/accessToken' }, { failure: 'invalid_client' });
    const scripted = await request(app).post(casToken());
    expect({ status: scripted.status, body: untimed(scripted.body), type: scripted.headers['content-type'] }).toEqual({
      status: 401,
      body: untimed(genuine.body),
      type: genuine.headers['content-type'],
    });
    expect((await request(app).post(casToken())).status).toBe(200);
  });

  it("answers CAS's own names in their channels: invalid_grant on the 400 text channel (cas5), expired_accessToken at the profile", async () => {
    faults.next({ dialect: 'cas', route: '/oauth2.0/accessToken' }, { failure: 'invalid_grant' });
    const grant = await request(app).post(casToken());
    expect({ status: grant.status, text: grant.text, type: grant.headers['content-type'] }).toEqual({ status: 400, text: 'error=invalid_grant', type: expect.stringMatching(/^text\/plain/) });
    const token = (await request(app).post(casToken()).expect(200)).body.access_token as string;
    faults.next({ dialect: 'cas', route: '/oauth2.0/profile' }, { failure: 'expired_accessToken' });
    const profile = await request(app).get('/oauth2.0/profile').query({ access_token: token });
    expect({ status: profile.status, body: JSON.parse(profile.text) }).toEqual({ status: 401, body: { error: ['expired_accessToken'] } });
    expect((await request(app).get('/oauth2.0/profile').query({ access_token: token })).status).toBe(200);
  });

  it('answers a given status, body and headers twice, each after the delay, then lets the third through', async () => {
    faults.next({ dialect: 'standard', route: '/token', times: 2 }, { status: 429, body: { error: 'slow_down' }, headers: { 'Retry-After': '3' } }, { delayMs: 150 });
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      const res = await stdTokenRequest();
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
      expect({ status: res.status, body: res.body, retryAfter: res.headers['retry-after'] }).toEqual({ status: 429, body: { error: 'slow_down' }, retryAfter: '3' });
    }
    expect((await stdTokenRequest()).status).toBe(200);
    expect(faults.pending()).toBe(0);
  });

  it('sends a string body as text with its content type', async () => {
    faults.next({ dialect: 'standard', route: '/token' }, { status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } });
    const res = await stdTokenRequest();
    expect({ status: res.status, text: res.text, type: res.headers['content-type'] }).toEqual({ status: 502, text: '<html>Bad Gateway</html>', type: expect.stringMatching(/^text\/html/) });
  });

  it('answers on the router path too (a trailing slash is not the fast lane)', async () => {
    expect(runtime.fastLane.routes()).toContain('POST /std/token');
    expect(runtime.fastLane.routes()).not.toContain('POST /std/token/');
    faults.next({ dialect: 'standard', route: '/token' }, { failure: 'invalid_grant' });
    const res = await stdTokenRequest('/std/token/');
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'invalid_grant' });
    expect((await stdTokenRequest('/std/token/')).status).toBe(200);
  });

  it('never answers another route of the dialect, another dialect, or another method', async () => {
    faults.next({ dialect: 'cas', route: '/oauth2.0/token' }, { failure: 'invalid_client' });
    faults.next({ dialect: 'standard', route: '/introspect' }, { status: 418 });
    faults.next({ dialect: 'iform', route: IFORM_APPLY, method: 'GET' }, { status: 418 });
    expect((await request(app).post(casToken())).status).toBe(200); // /oauth2.0/accessToken: the same endpoint, another route
    expect((await stdTokenRequest()).status).toBe(200);
    expect((await iformApply()).body.state).toBe(200);
    expect((await request(app).post('/sign/authz/oauth/v20/token').type('form').send({ grant_type: 'client_credentials', client_id: 'x' })).status).not.toBe(418);
    // Each still waits for its own route, method and dialect.
    expect((await request(app).post(casToken().replace('accessToken', 'token'))).status).toBe(401);
    expect((await request(app).post('/std/introspect').auth('web-app', 's3cret').type('form').send({ token: 'x' })).status).toBe(418);
    expect((await request(app).get(`/iform${IFORM_APPLY}`)).status).toBe(418);
  });

  it('answers any route of the dialect when no route is given', async () => {
    faults.next({ dialect: 'standard', times: 2 }, { status: 418 });
    expect((await request(app).get('/std/jwks')).status).toBe(418);
    expect((await stdTokenRequest()).status).toBe(418);
    expect((await stdTokenRequest()).status).toBe(200);
  });

  it("answers every dialect's every failure name through the dialect's own renderer", async () => {
    for (const { dialect, context, routes } of runtime.mounted) {
      const route = routes.find((r) => r.method === 'POST') ?? routes[0];
      const renderer = jest.spyOn(dialect, 'renderError');
      try {
        for (const name of failureNames(dialect)) {
          faults.next({ dialect: dialect.name, route: route.path }, { failure: name });
          const path = joinPath(context.basePath, route.path);
          const res = await (route.method === 'POST' ? request(app).post(path) : request(app).get(path));
          const rendered = renderer.mock.results.at(-1);
          const outage = namedFailure(dialect, name)().code.startsWith('server_');
          expect({ dialect: dialect.name, name, rendered: rendered?.type, answered: faults.pending() === 0, serverStatus: res.status >= 500 }).toEqual({
            dialect: dialect.name,
            name,
            rendered: 'return',
            answered: true,
            serverStatus: outage,
          });
          expect(res.status).toBe((rendered!.value as { status: number }).status);
          renderer.mockClear();
        }
      } finally {
        renderer.mockRestore();
      }
    }
  });

  it('storeDown(300): CAS and standard answer their 503s and /readyz is 503, then all recover after the window', async () => {
    faults.storeDown(300);
    const cas = await request(app).post(casToken());
    expect({ status: cas.status, retryAfter: cas.headers['retry-after'], body: cas.body }).toEqual({
      status: 503,
      retryAfter: '1',
      body: expect.objectContaining({ status: 503, error: 'Service Unavailable', path: '/oauth2.0/accessToken' }),
    });
    const std = await stdTokenRequest();
    expect({ status: std.status, retryAfter: std.headers['retry-after'], error: std.body.error }).toEqual({ status: 503, retryAfter: '1', error: 'temporarily_unavailable' });
    expect((await request(app).get('/readyz')).status).toBe(503);
    await sleep(400);
    expect((await request(app).post(casToken())).status).toBe(200);
    expect((await stdTokenRequest()).status).toBe(200);
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('clear() ends an outage and forgets scripted faults', async () => {
    faults.storeDown(60_000);
    faults.next({ dialect: 'standard', route: '/token' }, { status: 418 });
    faults.clear();
    expect((await stdTokenRequest()).status).toBe(200);
  });

  it('refuses an unknown failure name, route or dialect at next(), listing the known ones', () => {
    expect(() => faults.next({ dialect: 'cas' }, { failure: 'no_such_failure' })).toThrow(
      /dialect "cas" has no failure named "no_such_failure"; known: .*expired_accessToken.*invalid_client.*server_unavailable/,
    );
    expect(() => faults.next({ dialect: 'iform' }, { failure: 'login_gone' })).toThrow(/known: .*6020101/);
    expect(() => faults.next({ dialect: 'cas', route: '/oauth2.0/nope' }, { failure: 'invalid_client' })).toThrow(/no route "\/oauth2.0\/nope"; its routes: .*\/oauth2.0\/accessToken/);
    expect(() => faults.next({ dialect: 'okta' }, { status: 500 })).toThrow(/no dialect "okta" is mounted; mounted: .*iform/);
    expect(() => faults.next({ dialect: 'cas', times: 0 }, { status: 500 })).toThrow(/times/);
  });
});

describe('without faults', () => {
  it('the runtime has neither the store wrapper nor the route hook', async () => {
    const config = { ...demoConfig('http://gateway.test'), bcrypt: { cost: 4 } };
    const plain = await startRuntime({ config });
    const faulty = await startRuntime({ config, faults: new Faults() });
    try {
      expect(plain.store).not.toBeInstanceOf(FaultyStore);
      expect(faulty.store).toBeInstanceOf(FaultyStore);
      const layers = (runtime: Runtime) => runtime.mounted.map((m) => (m as unknown as { router: { stack: unknown[] } }).router.stack.length);
      const withHook = layers(faulty);
      layers(plain).forEach((count, i) => expect(withHook[i]).toBe(count + new Set(faulty.mounted[i].routes.map((r) => r.path)).size));
    } finally {
      await plain.close();
      await faulty.close();
    }
  });
});
