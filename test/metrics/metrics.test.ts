import request from 'supertest';
import { DIALECTS } from '../../dialects';
import type { RawConfig } from '../../src/config/types';
import type { Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime, testConfig } from '../helpers/gateway';
import { authorizePath, formFields, queryOf, signInThrough } from '../helpers/signin';
import { matching, parseExposition, total, type Sample } from './scrape';
import { loadConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';
import { Registry } from 'prom-client';
import { BcryptAdmission } from '../../src/core/secrets/admission';
import { watchBcrypt } from '../../src/metrics/bcrypt-metrics';

const TOKEN = 'scrape-token-0123456789abcdef';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const WEB_APP = basic('web-app', 's3cret');
const CODE_REQUEST = { response_type: 'code', client_id: 'web-app', redirect_uri: 'http://localhost:3000/callback', state: 'xyz' };

function metricsConfig(metrics: RawConfig['metrics'], overrides: Partial<RawConfig> = {}): RawConfig {
  return testConfig({
    metrics,
    dialects: { standard: { enabled: true }, cas: { enabled: true } },
    signin: { lockout: { user_failures: 2, address_failures: 1000, window: 300, duration: 120 } },
    ...overrides,
  });
}

async function scrape(runtime: Runtime): Promise<Sample[]> {
  const res = await request(runtime.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(res.text);
}

const token = (app: Runtime['app'], form: Record<string, string>, authorization = WEB_APP) =>
  request(app).post('/std/token').set('Authorization', authorization).type('form').send(form);

describe('metrics on the public port, behind a bearer token', () => {
  let runtime: Runtime;
  let samples: Sample[];

  beforeAll(async () => {
    runtime = await startRuntime({ config: metricsConfig({ enabled: true, bearer_token: TOKEN }) });
    const app = runtime.app;
    // Issuance through two dialects: the standard one (fast lane, and the router by a trailing slash) and CAS.
    expect((await token(app, { grant_type: 'client_credentials' })).status).toBe(200);
    expect((await request(app).post('/std/token/').set('Authorization', WEB_APP).type('form').send({ grant_type: 'client_credentials' })).status).toBe(200);
    const cas = await request(app).get('/oauth2.0/accessToken').query({ grant_type: 'password', client_id: 'web-app', client_secret: 's3cret', username: 'bob', password: 'builder' });
    expect(cas.status).toBe(200);
    // A failed client authentication, a locked user.
    expect((await token(app, { grant_type: 'client_credentials' }, basic('web-app', 'wrong'))).status).toBe(401);
    expect((await token(app, { grant_type: 'password', username: 'mallory', password: 'locked-out' })).status).toBe(400);
    // A refresh, then the spent refresh token again.
    const issued = await token(app, { grant_type: 'password', username: 'alice', password: 'wonderland' });
    expect(issued.status).toBe(200);
    expect((await token(app, { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token })).status).toBe(200);
    expect((await token(app, { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token })).body).toMatchObject({ error: 'invalid_grant' });
    // A code through the browser sign-in, exchanged twice.
    const { back } = await signInThrough(app, authorizePath(CODE_REQUEST), 'alice', 'wonderland');
    const { code } = queryOf(back.headers.location);
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: CODE_REQUEST.redirect_uri };
    expect((await token(app, exchange)).status).toBe(200);
    expect((await token(app, exchange)).status).toBe(400);
    // A lock-out: two failed sign-ins for one account.
    const agent = request.agent(app);
    for (let i = 0; i < 2; i++) {
      const page = await agent.get(authorizePath(CODE_REQUEST));
      await agent.post('/signin').type('form').send({ ...formFields(page.text), username: 'nobody', password: 'guess' });
    }
    expect((await request(app).get('/no/such/path?x=1')).status).toBe(404);
    expect((await request(app).get('/healthz')).status).toBe(200);
    samples = await scrape(runtime);
  });
  afterAll(() => runtime.close());

  it('refuses a scrape without the bearer token, or with another', async () => {
    const none = await request(runtime.app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.text).not.toContain('oauthd_');
    expect((await request(runtime.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await request(runtime.app).get('/metrics').set('Authorization', `Basic ${TOKEN}`)).status).toBe(401);
  });

  it('counts requests by dialect, route pattern, method and status, whichever path express or the fast lane took', () => {
    const requests = 'oauthd_http_requests_total';
    expect(total(samples, requests, { dialect: 'standard', route: '/std/token', method: 'POST', status: '200' })).toBe(5);
    expect(total(samples, requests, { dialect: 'standard', route: '/std/token', status: '401' })).toBe(1);
    expect(total(samples, requests, { dialect: 'standard', route: '/std/token', status: '400' })).toBe(3);
    expect(total(samples, requests, { dialect: 'cas', route: '/oauth2.0/accessToken', method: 'GET', status: '200' })).toBe(1);
    expect(total(samples, requests, { dialect: 'standard', route: '/std/authorize', method: 'GET' })).toBeGreaterThanOrEqual(3);
    expect(total(samples, requests, { dialect: 'gateway', route: '/signin', method: 'POST' })).toBe(3);
    expect(total(samples, requests, { dialect: 'gateway', route: '/healthz', status: '200' })).toBe(1);
    expect(total(samples, requests, { dialect: 'none', route: 'unmatched', status: '404' })).toBe(1);
    // Route patterns only: no raw path, query string or token value becomes a label.
    const routes = new Set(matching(samples, requests).map((s) => s.labels.route));
    expect([...routes].filter((r) => r !== 'unmatched' && !r.startsWith('/'))).toEqual([]);
    expect([...routes].some((r) => r.includes('no/such') || r.includes('?') || r.endsWith('/'))).toBe(false);
  });

  it('times requests by dialect and route', () => {
    const count = (labels: Record<string, string>) => total(samples, 'oauthd_http_request_duration_seconds_count', labels);
    expect(count({ dialect: 'standard', route: '/std/token' })).toBe(9);
    expect(count({ dialect: 'cas', route: '/oauth2.0/accessToken' })).toBe(1);
    const buckets = matching(samples, 'oauthd_http_request_duration_seconds_bucket', { dialect: 'standard', route: '/std/token' });
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(9);
    expect(total(samples, 'oauthd_http_request_duration_seconds_sum', { dialect: 'standard', route: '/std/token' })).toBeGreaterThan(0);
  });

  it('counts issuance by dialect and grant type, from the engine\'s events', () => {
    const issued = 'oauthd_tokens_issued_total';
    expect(total(samples, issued, { dialect: 'standard', grant_type: 'client_credentials' })).toBe(2);
    expect(total(samples, issued, { dialect: 'cas', grant_type: 'password' })).toBe(1);
    expect(total(samples, issued, { dialect: 'standard', grant_type: 'password' })).toBe(1);
    expect(total(samples, issued, { dialect: 'standard', grant_type: 'refresh_token' })).toBe(1);
    expect(total(samples, issued, { dialect: 'standard', grant_type: 'authorization_code' })).toBe(1);
    expect(total(samples, issued)).toBe(6);
  });

  it('counts failed authentications by subject, core code and reason; lock-outs; reuse', () => {
    const failures = 'oauthd_authentication_failures_total';
    expect(total(samples, failures, { subject: 'client', code: 'invalid_client', reason: 'bad_credentials' })).toBe(1);
    expect(total(samples, failures, { subject: 'user', code: 'invalid_grant', reason: 'user_locked' })).toBe(1);
    expect(total(samples, failures, { subject: 'user', code: 'invalid_grant', reason: 'bad_credentials' })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'oauthd_lockouts_total', { subject: 'user' })).toBe(1);
    expect(total(samples, 'oauthd_reuse_detected_total', { kind: 'refresh_token', dialect: 'standard' })).toBe(1);
    expect(total(samples, 'oauthd_reuse_detected_total', { kind: 'authorization_code', dialect: 'standard' })).toBe(1);
  });

  it('reports the bcrypt pool: checks by lane and their waits, queue depth, running checks, refusals', () => {
    // Every password and uncached secret check went through admission control: the passwords of
    // mallory, alice (grant and sign-in), bob, nobody twice, and the first web-app secrets.
    expect(total(samples, 'oauthd_bcrypt_wait_seconds_count')).toBeGreaterThanOrEqual(6);
    expect(total(samples, 'oauthd_bcrypt_wait_seconds_count', { lane: 'normal' })).toBeGreaterThanOrEqual(1);
    expect(matching(samples, 'oauthd_bcrypt_queue_depth').map((s) => s.labels.lane).sort()).toEqual(['normal', 'suspect']);
    expect(total(samples, 'oauthd_bcrypt_queue_depth')).toBe(0);
    expect(matching(samples, 'oauthd_bcrypt_active')).toEqual([{ name: 'oauthd_bcrypt_active', labels: {}, value: 0 }]);
    expect(total(samples, 'oauthd_bcrypt_refused_total')).toBe(0);
  });

  it('times store operations, and reports the store up', () => {
    const ops = 'oauthd_store_operation_duration_seconds_count';
    // Every issuance is one save; a rotation or a code exchange is one redeem, and each replay one more.
    expect(total(samples, ops, { operation: 'save_tokens' })).toBeGreaterThanOrEqual(4);
    expect(total(samples, ops, { operation: 'redeem' })).toBe(4);
    expect(total(samples, ops, { operation: 'find_token' })).toBeGreaterThanOrEqual(4);
    expect(total(samples, 'oauthd_store_errors_total')).toBe(0);
    expect(matching(samples, 'oauthd_store_up')).toEqual([{ name: 'oauthd_store_up', labels: {}, value: 1 }]);
  });

  it('lists the metrics path among the gateway\'s own routes', () => {
    expect(runtime.sharedRoutes).toContainEqual(expect.objectContaining({ method: 'GET', path: '/metrics' }));
  });
});

describe('metrics on a port of their own', () => {
  let running: RunningServer;
  afterEach(() => running?.shutdown());

  const serve = async (metrics: RawConfig['metrics']) => {
    const runtime = await startRuntime({ config: metricsConfig(metrics) });
    running = await listen(runtime, 0, '127.0.0.1', silentLogger, 1000);
    return { runtime, metricsUrl: running.metrics!.url };
  };

  it('serves them there, not on the public port', async () => {
    const { runtime, metricsUrl } = await serve({ enabled: true, port: 0 });
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(metricsUrl).port).not.toBe(new URL(running.url).port);
    expect((await request(running.url).post('/std/token').set('Authorization', WEB_APP).type('form').send({ grant_type: 'client_credentials' })).status).toBe(200);
    const res = await request(metricsUrl).get('');
    expect(res.status).toBe(200);
    const samples = parseExposition(res.text);
    expect(total(samples, 'oauthd_tokens_issued_total', { dialect: 'standard', grant_type: 'client_credentials' })).toBe(1);
    expect(total(samples, 'oauthd_http_requests_total', { dialect: 'standard', route: '/std/token', status: '200' })).toBe(1);
    expect((await request(running.url).get('/metrics')).status).toBe(404);
    expect((await request(runtime.app).get('/metrics')).status).toBe(404);
    expect((await request(new URL(metricsUrl).origin).get('/other')).status).toBe(404);
    expect((await request(metricsUrl).post('')).status).toBe(405);
  });

  it('asks for the bearer token there too when one is set', async () => {
    const { metricsUrl } = await serve({ enabled: true, port: 0, bearer_token: TOKEN, path: '/internal/metrics' });
    expect(metricsUrl).toMatch(/\/internal\/metrics$/);
    expect((await request(metricsUrl).get('')).status).toBe(401);
    expect((await request(metricsUrl).get('').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('stops with the gateway', async () => {
    const { metricsUrl } = await serve({ enabled: true, port: 0 });
    await running.shutdown();
    await expect(request(metricsUrl).get('')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('metrics off', () => {
  it('by default: no /metrics, no runtime metrics', async () => {
    const runtime = await startRuntime({ config: testConfig() });
    try {
      expect(runtime.metrics).toBeUndefined();
      expect((await request(runtime.app).get('/metrics')).status).toBe(404);
      expect((await request(runtime.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    } finally {
      await runtime.close();
    }
  });

  it('refuses metrics enabled with neither their own port nor a bearer token', () => {
    let problem: unknown;
    try {
      loadConfig(metricsConfig({ enabled: true }), DIALECTS);
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(ConfigError);
    expect((problem as ConfigError).problems).toEqual([
      '/metrics: must be given a port of their own (metrics.port), or protected by a bearer token on the public port (metrics.bearer_token)',
    ]);
    expect(() => loadConfig(metricsConfig({ enabled: false }), DIALECTS)).not.toThrow();
  });
});

describe('the bcrypt pool gauges and counters, while checks run, wait and are refused', () => {
  // The served scrape above sees the pool idle (all zeros); here the gauges are read mid-flight.
  it('reports running and queued checks by lane, and refusals by lane', async () => {
    const admission = new BcryptAdmission(1, { maxWaitMs: 10_000, suspectMaxWaitMs: 10_000, maxQueue: 2 }, 1);
    const registry = new Registry();
    watchBcrypt(registry, admission);
    const read = async () => parseExposition(await registry.metrics());
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const runs = [admission.run('normal', () => held), admission.run('normal', () => held), admission.run('suspect', () => held)];
    const refusedNormal = admission.run('normal', () => held);
    await expect(refusedNormal).rejects.toMatchObject({ code: 'server_unavailable' });
    const busy = await read();
    expect(total(busy, 'oauthd_bcrypt_active')).toBe(1);
    expect(total(busy, 'oauthd_bcrypt_queue_depth', { lane: 'normal' })).toBe(1);
    expect(total(busy, 'oauthd_bcrypt_queue_depth', { lane: 'suspect' })).toBe(1);
    expect(total(busy, 'oauthd_bcrypt_refused_total', { lane: 'normal' })).toBe(1);
    expect(total(busy, 'oauthd_bcrypt_wait_seconds_count', { lane: 'normal' })).toBe(1);
    finish();
    await Promise.all(runs);
    const idle = await read();
    expect(total(idle, 'oauthd_bcrypt_active')).toBe(0);
    expect(total(idle, 'oauthd_bcrypt_queue_depth')).toBe(0);
    expect(total(idle, 'oauthd_bcrypt_wait_seconds_count', { lane: 'normal' })).toBe(2);
    expect(total(idle, 'oauthd_bcrypt_wait_seconds_count', { lane: 'suspect' })).toBe(1);
  });
});
