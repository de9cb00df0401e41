import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { startGateway, type Gateway, type GatewayConfig } from '../../src';
import { demoConfig } from '../../src/config/demo';
import { TEST_MODE_SCHEMAS } from '../../src/testing/http/openapi';
import { isLoopbackHost } from '../../src/testing/test-mode';
import { runCli, serveCli } from '../helpers/cli';

const START = Date.UTC(2030, 0, 1);
const CAS_TOKEN = '/oauth2.0/accessToken?grant_type=password&client_id=xxx&client_secret=xxx=&username=xxx&password=xxx';
const IFORM_APPLY = '/oauth2/v3/authentication/apply';
const IFORM_LOGIN = { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', username: 'iform', password: '123456', grant_type: 'password_credentials' };
const JSON_HEADERS = { 'Content-Type': 'application/json' };

const ajv = new Ajv({ strict: false });
ajv.addSchema({ $id: 'test-mode', components: { schemas: TEST_MODE_SCHEMAS } });
const conforms = (schema: string, body: unknown) => {
  const validate = ajv.getSchema(`test-mode#/components/schemas/${schema}`)!;
  expect({ valid: validate(body), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
};

/** The demo configuration without its issuer (the gateway's own URL then), with test mode as given. */
function demo(extra: Partial<GatewayConfig> = {}): GatewayConfig {
  const config: GatewayConfig = demoConfig('http://unused.test');
  delete config.issuer;
  return { ...config, ...extra };
}

const call = async (url: string, method: string, body?: unknown, headers: Record<string, string> = JSON_HEADERS) => {
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
};

describe('test mode: the test controls over HTTP, under /_test', () => {
  let gw: Gateway;
  let control: (method: string, route: string, body?: unknown) => ReturnType<typeof call>;
  beforeAll(async () => {
    gw = await startGateway({ config: demo({ test_mode: true }), now: START });
    control = (method, route, body) => call(`${gw.url}/_test${route}`, method, body);
  });
  afterAll(() => gw.stop());
  beforeEach(async () => {
    expect((await control('POST', '/reset')).status).toBe(200);
    expect((await control('POST', '/clock/set', { epoch_ms: START })).status).toBe(200);
  });

  const casToken = async () => {
    const res = await fetch(`${gw.url}${CAS_TOKEN}`, { method: 'POST' });
    expect(res.status).toBe(200);
    return (await res.json()) as { access_token: string; expires_in: number };
  };
  const casProfile = async (token: string) => {
    const res = await fetch(`${gw.url}/oauth2.0/profile?access_token=${token}`);
    return { status: res.status, text: await res.text() };
  };

  it('tells the time, and moves it: a CAS token expires once the clock is advanced past its lifetime', async () => {
    const now = await control('GET', '/clock');
    expect(now).toMatchObject({ status: 200, body: { now: START / 1000, epoch_ms: START, date: '2030-01-01T00:00:00.000Z' } });
    conforms('Clock', now.body);
    const { access_token: token, expires_in: lifetime } = await casToken();
    expect(lifetime).toBeGreaterThan(1);
    const almost = await control('POST', '/clock/advance', { seconds: lifetime - 1 });
    expect(almost.body).toMatchObject({ now: START / 1000 + lifetime - 1 });
    expect((await casProfile(token)).status).toBe(200);
    await control('POST', '/clock/advance', { seconds: 1 });
    expect(await casProfile(token)).toEqual({ status: 401, text: '{\n  "error" : [ "expired_accessToken" ]\n}' });
  });

  it('puts the clock at a date or at epoch milliseconds, forwards and backwards', async () => {
    expect((await control('POST', '/clock/set', { date: '2031-06-01T12:00:00Z' })).body).toEqual({ now: Date.UTC(2031, 5, 1, 12) / 1000, epoch_ms: Date.UTC(2031, 5, 1, 12), date: '2031-06-01T12:00:00.000Z' });
    expect((await control('POST', '/clock/set', { epoch_ms: Date.UTC(2021, 0, 1) })).body).toMatchObject({ date: '2021-01-01T00:00:00.000Z' });
    expect(gw.clock.nowMs()).toBe(Date.UTC(2021, 0, 1));
  });

  it("answers the next iform apply with the scripted state 6020101, then the one after normally", async () => {
    const scripted = await control('POST', '/faults', { match: { dialect: 'iform', route: IFORM_APPLY }, fault: { failure: '6020101' } });
    expect(scripted).toMatchObject({ status: 200, body: { pending: 1 } });
    const apply = () => call(`${gw.url}/iform${IFORM_APPLY}`, 'POST', IFORM_LOGIN);
    expect((await apply()).body).toMatchObject({ state: 6020101 });
    expect((await apply()).body).toMatchObject({ state: 200 });
  });

  it('answers with a status and body of your own after a delay, and forgets scripted faults on DELETE', async () => {
    await control('POST', '/faults', { match: { dialect: 'standard', route: '/token', method: 'POST' }, fault: { status: 429, body: { error: 'slow_down' }, headers: { 'Retry-After': '3' } }, delay_ms: 50 });
    const started = performance.now();
    const res = await fetch(`${gw.url}/std/token`, { method: 'POST' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect({ status: res.status, retry: res.headers.get('retry-after'), body: await res.json() }).toEqual({ status: 429, retry: '3', body: { error: 'slow_down' } });
    await control('POST', '/faults', { match: { dialect: 'standard', route: '/token' }, fault: { status: 500 } });
    expect((await control('DELETE', '/faults')).body).toEqual({ pending: 0 });
    expect((await fetch(`${gw.url}/std/token`, { method: 'POST' })).status).toBe(400);
  });

  it('takes the store down for a while: /readyz answers 503 until the outage is cleared', async () => {
    expect((await control('POST', '/faults/store-down', { ms: 60_000 })).body).toEqual({ store_down_ms: 60_000 });
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(503);
    await control('DELETE', '/faults');
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
  });

  it("puts scripted claims into the next matching JWT only (client_id on the wire)", async () => {
    expect((await control('POST', '/claims', { match: { dialect: 'ciam', client_id: 'TENANT_CLIENT_ID' }, claims: { trace: 't-1', who: '{{client.client_id}}' } })).body).toEqual({ status: 'ok' });
    const ciam = async () => {
      const res = await fetch(`${gw.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=TENANT_CLIENT_ID&client_secret=TENANT_CLIENT_SECRET&scope=identity_proofing',
      });
      const { access_token: jwt } = (await res.json()) as { access_token: string };
      return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    };
    expect(await ciam()).toMatchObject({ trace: 't-1', who: 'TENANT_CLIENT_ID' });
    expect(await ciam()).not.toHaveProperty('trace');
    await control('POST', '/claims', { claims: { trace: 't-2' } });
    expect((await control('DELETE', '/claims')).body).toEqual({ status: 'ok' });
    expect(await ciam()).not.toHaveProperty('trace');
  });

  it('lists the requests answered, secrets redacted and its own calls left out; DELETE empties the list', async () => {
    const { access_token: token } = await casToken();
    await casProfile(token);
    const listed = await control('GET', '/requests');
    conforms('Requests', listed.body);
    expect(listed.body).toEqual({
      requests: [
        { dialect: 'cas', route: '/oauth2.0/accessToken', method: 'POST', params: { grant_type: 'password', client_id: 'xxx', client_secret: '[redacted]', username: 'xxx', password: '[redacted]' }, status: 200 },
        { dialect: 'cas', route: '/oauth2.0/profile', method: 'GET', params: { access_token: '[redacted]' }, status: 200 },
      ],
    });
    expect(listed.text).not.toContain(token);
    expect((await control('DELETE', '/requests')).body).toEqual({ status: 'ok' });
    expect((await control('GET', '/requests')).body).toEqual({ requests: [] });
  });

  it('resets: the token is forgotten, as one never issued, and the log and scripted faults are emptied', async () => {
    const { access_token: token } = await casToken();
    const neverIssued = await casProfile('AT-1-never-issued');
    await control('POST', '/faults', { match: { dialect: 'cas' }, fault: { status: 500 } });
    expect((await control('POST', '/reset')).body).toEqual({ status: 'ok' });
    expect(await casProfile(token)).toEqual(neverIssued);
    expect(neverIssued.status).not.toBe(200);
    expect(gw.faults.pending()).toBe(0);
    expect((await control('GET', '/requests')).body).toEqual({ requests: [{ dialect: 'cas', route: '/oauth2.0/profile', method: 'GET', params: { access_token: '[redacted]' }, status: neverIssued.status }] });
  });

  it.each([
    ['POST', '/clock/advance', { seconds: 'soon' }, /\/seconds: must be number/],
    ['POST', '/clock/advance', {}, /missing required key "seconds"/],
    ['POST', '/clock/advance', { seconds: 1e16 }, /\/seconds: moves the clock past/],
    ['POST', '/clock/set', { date: 'tomorrow' }, /\/date: not a date/],
    ['POST', '/clock/set', { date: '2030-01-01T00:00:00Z', epoch_ms: 0 }, /exactly one of "date"/],
    ['POST', '/clock/set', [1], /the body must be a JSON object/],
    ['POST', '/faults', { match: { dialect: 'okta' }, fault: { failure: 'invalid_grant' } }, /no dialect "okta" is mounted; mounted: .*iform/],
    ['POST', '/faults', { match: { dialect: 'iform', route: '/nope' }, fault: { failure: '6020101' } }, /has no route "\/nope"/],
    ['POST', '/faults', { match: { dialect: 'iform' }, fault: { failure: 'login_gone' } }, /6020101/],
    ['POST', '/faults', { match: { dialect: 'iform' }, fault: { failure: '6020101', status: 500 } }, /exactly one of "failure"/],
    ['POST', '/faults', { match: { dialect: 'iform', times: 0 }, fault: { status: 500 } }, /\/match\/times: must be >= 1/],
    ['POST', '/faults', { match: { dialect: 'iform' }, fault: { status: 500 }, delayMs: 5 }, /unknown key "delayMs"/],
    ['POST', '/faults/store-down', { ms: -1 }, /\/ms: must be >= 0/],
    ['POST', '/claims', { match: { clientId: 'x' }, claims: { a: 1 } }, /\/match: unknown key "clientId"/],
    ['POST', '/claims', { claims: { sub: 'someone' } }, /sub/],
    ['POST', '/clock/advance', '{"seconds": ', /the body is not valid JSON/],
  ])('%s %s %j: 400 JSON naming the problem', async (method, route, body, problem) => {
    const res = await control(method, route, body);
    expect({ status: res.status, type: res.type, keys: Object.keys(res.body ?? {}) }).toEqual({ status: 400, type: expect.stringMatching(/^application\/json/), keys: ['error', 'error_description'] });
    expect(res.body!.error).toBe('invalid_request');
    expect(res.body!.error_description).toMatch(problem);
    expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    conforms('Error', res.body);
  });

  it('reads a body as JSON whatever its Content-Type (curl -d sends a form type)', async () => {
    const res = await call(`${gw.url}/_test/clock/advance`, 'POST', '{"seconds": 60}', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.body).toMatchObject({ now: START / 1000 + 60 });
  });

  it('answers an unknown control 404 and a wrong method 405, in JSON', async () => {
    expect(await control('GET', '/nothing')).toMatchObject({ status: 404, body: { error: 'not_found', error_description: expect.any(String) } });
    const wrong = await control('GET', '/reset');
    expect(wrong).toMatchObject({ status: 405, body: { error: 'method_not_allowed' } });
  });

  it('is documented under /docs', async () => {
    const doc = await call(`${gw.url}/docs/test-mode/openapi.json`, 'GET');
    expect(doc.status).toBe(200);
    const paths = Object.keys((doc.body as { paths: object }).paths);
    expect(paths).toEqual(['/_test/clock', '/_test/clock/advance', '/_test/clock/set', '/_test/faults', '/_test/faults/store-down', '/_test/claims', '/_test/requests', '/_test/reset']);
    expect(await (await fetch(`${gw.url}/docs/init.js`)).text()).toContain('/docs/test-mode/openapi.json');
  });
});

describe('without test mode', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ config: demo() });
  });
  afterAll(() => gw.stop());

  it('/_test/* is the ordinary 404, and no document is listed', async () => {
    const ordinary = await call(`${gw.url}/no-such-path`, 'GET');
    for (const [method, route] of [['GET', '/_test/clock'], ['POST', '/_test/reset'], ['GET', '/_test/requests']]) {
      expect(await call(`${gw.url}${route}`, method)).toEqual(ordinary);
    }
    expect(ordinary.status).toBe(404);
    expect((await fetch(`${gw.url}/docs/test-mode/openapi.json`)).status).toBe(404);
  });
});

describe('test mode on a Redis store', () => {
  it('answers a reset 409, naming what to do instead, and keeps the scripted faults', async () => {
    // Nothing listens there: the store is never reached, which reset's refusal does not need.
    const gw = await startGateway({ config: demo({ test_mode: true, store: 'redis://127.0.0.1:1/0' }) });
    try {
      await call(`${gw.url}/_test/faults`, 'POST', { match: { dialect: 'cas' }, fault: { status: 500 } });
      const res = await call(`${gw.url}/_test/reset`, 'POST');
      expect({ status: res.status, body: res.body }).toEqual({ status: 409, body: { error: 'unsupported', error_description: expect.stringContaining('store.key_prefix') } });
      expect(gw.faults.pending()).toBe(1);
    } finally {
      await gw.stop();
    }
  });
});

describe('the loopback addresses test mode may bind without being allowed', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'LocalHost'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '::2', 'gateway.example', ''])('%j is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('test mode from the command line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oauthd-test-mode-'));
  const file = path.join(dir, 'test-mode.yaml');
  writeFileSync(file, 'issuer: http://127.0.0.1:8080\ntest_mode: true\nlog_level: warn\n');

  it('refuses a non-loopback bind with one line and exit code 1', async () => {
    const result = await runCli(['serve', '--config', file, '--host', '0.0.0.0', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'oauth-dialects: test_mode is on and 0.0.0.0 is not a loopback address: refusing to serve /_test/… (clock, faults, recorded requests) beyond this machine; bind 127.0.0.1, or allow it with test_mode_allow_remote: true, --test-mode-allow-remote or OAUTH_DIALECTS_TEST_MODE=1\n',
    );
    expect(result.stdout).toBe('');
  });

  it('OAUTH_DIALECTS_TEST_MODE=1 on 0.0.0.0 (as in a container) starts with a warning and serves the controls', async () => {
    const serving = await serveCli(['--host', '0.0.0.0', '--port', '0'], { OAUTH_DIALECTS_TEST_MODE: '1' });
    try {
      const url = serving.url.replace('//0.0.0.0:', '//127.0.0.1:');
      const token = await fetch(`${url}${CAS_TOKEN}`, { method: 'POST' });
      const { access_token: accessToken, expires_in: lifetime } = (await token.json()) as { access_token: string; expires_in: number };
      const before = await call(`${url}/_test/clock`, 'GET');
      expect(before.status).toBe(200);
      await call(`${url}/_test/clock/advance`, 'POST', { seconds: lifetime });
      expect((await fetch(`${url}/oauth2.0/profile?access_token=${accessToken}`)).status).toBe(401);
      expect((await call(`${url}/_test/reset`, 'POST')).status).toBe(200);
      const output = serving.output();
      expect(output).toMatch(/^ {2}WARNING: TEST MODE: http:\/\/0\.0\.0\.0:\d+\/_test\/… /m);
      expect(output).toMatch(/"level":40.*test mode is on/);
    } finally {
      expect(await serving.stop()).toBe(0);
    }
  });

  it('--test-mode-allow-remote allows the bind for a test_mode configuration', async () => {
    const serving = await serveCli(['--config', file, '--host', '0.0.0.0', '--port', '0', '--test-mode-allow-remote']);
    try {
      expect((await fetch(`${serving.url.replace('//0.0.0.0:', '//127.0.0.1:')}/_test/clock`)).status).toBe(200);
    } finally {
      expect(await serving.stop()).toBe(0);
    }
  });

  it('rejects an OAUTH_DIALECTS_TEST_MODE that is neither 1 nor 0', async () => {
    const result = await runCli(['serve', '--port', '0'], { env: { OAUTH_DIALECTS_TEST_MODE: 'yes' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OAUTH_DIALECTS_TEST_MODE=yes: must be 1 (on) or 0 (off)');
  });
});
