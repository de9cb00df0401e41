import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli, type ServingCli } from '../helpers/cli';
import { serveConfig } from '../helpers/legacy-provider';

/**
 * Shadow mode against a legacy provider: one built gateway process plays a legacy CAS 5 server;
 * the gateways under test answer their clients and replay each request to it, comparing the
 * two answers off the client's path.
 */
const CLIENT_SECRET = 'shadow-client-secret-5d1e';
const WRONG_SECRET = 'shadow-wrong-secret-77ab';
const PASSWORD = 'shadow-password-c93f';
const METRICS_TOKEN = 'shadow-metrics-bearer-token-0123456789abcdef';
const TICKET = /\b[A-Z]{2,4}-\d+-[A-Za-z0-9-]{20,}/;
const ENDPOINT = '/oauth2.0/accessToken';

interface Line {
  dialect: string;
  endpoint: string;
  method: string;
  status: { gateway: number; upstream: number | null };
  differences: Array<{ kind: string; detail: string }>;
  failure?: string;
}

/** The same clients, users and lock-out rules at the legacy and at every gateway: only the profile and the upstream differ. */
function config(cas: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: 'http://shadow.test',
    store: 'memory',
    secret: 'shadow-test-secret-0123456789abcdef012345',
    bcrypt: { cost: 4 },
    clients: [{ client_id: 'shadow-app', client_secret: CLIENT_SECRET, grant_types: ['password', 'client_credentials'], scopes: ['read'] }],
    users: [{ username: 'erin', password: PASSWORD }],
    // Bad secrets are replayed to the legacy too: no lock-out may turn later answers there.
    signin: { lockout: { user_failures: 0, address_failures: 0 } },
    dialects: { cas: { enabled: true, ...cas } },
    ...extra,
  };
}

const token = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
  body: new URLSearchParams({ client_id: 'shadow-app', ...fields }).toString(),
});

/** Password and client_credentials successes, a bad secret, a missing parameter, an unsupported grant. */
const REQUESTS: RequestInit[] = [
  token({ client_secret: CLIENT_SECRET, grant_type: 'password', username: 'erin', password: PASSWORD }),
  token({ client_secret: CLIENT_SECRET, grant_type: 'client_credentials' }),
  token({ client_secret: WRONG_SECRET, grant_type: 'client_credentials' }),
  token({ client_secret: CLIENT_SECRET, username: 'erin', password: PASSWORD }),
  token({ client_secret: CLIENT_SECRET, grant_type: 'no_such_grant' }),
];

/** Sends the requests in turn; every answer's text (tokens included) and how long each took. */
async function sendAll(base: string): Promise<{ texts: string[]; statuses: number[]; millis: number[] }> {
  const texts: string[] = [];
  const statuses: number[] = [];
  const millis: number[] = [];
  for (const init of REQUESTS) {
    const started = performance.now();
    const answer = await fetch(`${base}${ENDPOINT}`, init);
    texts.push(await answer.text());
    statuses.push(answer.status);
    millis.push(performance.now() - started);
  }
  return { texts, statuses, millis };
}

const readLines = (file: string): Line[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Line)
    : [];

async function waitForLines(file: string, count: number, timeoutMs = 10_000): Promise<Line[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = readLines(file);
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function metricValue(base: string, result: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const match = new RegExp(`^oauthd_shadow_comparisons_total\\{dialect="cas",endpoint="${ENDPOINT.replace(/\./g, '\\.')}",result="${result}"\\} (\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** Metrics are counted as each answer finishes: polled until they show `expected`, or the last value read. */
async function waitForMetric(base: string, result: string, expected: number, timeoutMs = 5000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await metricValue(base, result);
    if (value === expected || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('shadow mode: the gateway answers, the legacy upstream is asked too and the answers compared', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shadow-'));
  const reports = { same: path.join(dir, 'same.jsonl'), different: path.join(dir, 'different.jsonl'), hanging: path.join(dir, 'hanging.jsonl'), off: path.join(dir, 'off.jsonl') };
  const texts: string[] = [];
  let legacy: ServingCli;
  let same: ServingCli;
  let different: ServingCli;
  let hangingGateway: ServingCli;
  let off: ServingCli;
  let hanging: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    legacy = await serveConfig(dir, 'legacy', config({ profile: 'cas5' }, { test_mode: true }));
    const shadowOf = (report: string, extra: Record<string, unknown> = {}) => ({ base_url: legacy.url, timeout_ms: 3000, shadow: true, shadow_report: report, ...extra });
    hanging = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const hangingUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}`;
    const metrics = { metrics: { enabled: true, bearer_token: METRICS_TOKEN } };
    [same, different, hangingGateway, off] = await Promise.all([
      serveConfig(dir, 'same', config({ profile: 'cas5', upstream: shadowOf(reports.same) }, metrics)),
      serveConfig(dir, 'different', config({ profile: 'cas6', upstream: shadowOf(reports.different) })),
      serveConfig(dir, 'hanging', config({ profile: 'cas5', upstream: { ...shadowOf(reports.hanging), base_url: hangingUrl, timeout_ms: 1000, shadow_queue: 1 } }, metrics)),
      serveConfig(dir, 'off', config({ profile: 'cas5', upstream: { base_url: legacy.url, shadow_report: reports.off } })),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([same, different, hangingGateway, off, legacy].map((p) => (p?.child.exitCode === null ? p.stop() : undefined)));
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hanging?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const legacyRequests = async () => ((await (await fetch(`${legacy.url}/_test/requests`)).json()) as { requests: unknown[] }).requests.length;

  it('is off by default: an upstream without shadow: true is never sent the requests, and no report is written', async () => {
    const before = await legacyRequests();
    texts.push(...(await sendAll(off.url)).texts);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await legacyRequests()).toBe(before);
    expect(existsSync(reports.off)).toBe(false);
  });

  it('reports no difference against a legacy on the same profile, comparing every request', async () => {
    const before = await legacyRequests();
    for (let round = 0; round < 2; round++) texts.push(...(await sendAll(same.url)).texts);
    const lines = await waitForLines(reports.same, 2 * REQUESTS.length);
    expect(lines).toHaveLength(2 * REQUESTS.length);
    expect(await legacyRequests()).toBe(before + 2 * REQUESTS.length);
    for (const line of lines) {
      expect(line).toMatchObject({ dialect: 'cas', endpoint: ENDPOINT, method: 'POST', differences: [] });
      expect(line.status.upstream).toBe(line.status.gateway);
    }
    expect(lines.map((l) => l.status.gateway).sort()).toEqual([200, 200, 200, 200, 400, 400, 400, 400, 401, 401]);
    expect(await waitForMetric(same.url, 'same', 2 * REQUESTS.length)).toBe(2 * REQUESTS.length);
  });

  it('skips a request presenting a token the gateway minted and answered 2xx; compares one it refused', async () => {
    const minted = await (await fetch(`${same.url}${ENDPOINT}`, REQUESTS[1])).json() as { access_token: string };
    const profile = (accessToken: string) => fetch(`${same.url}/oauth2.0/profile?access_token=${encodeURIComponent(accessToken)}`);
    expect((await profile(minted.access_token)).status).toBe(200);
    expect((await profile('AT-1-not-a-token-anyone-minted')).status).toBe(401);
    const lines = await waitForLines(reports.same, 2 * REQUESTS.length + 2);
    const profiles = lines.filter((l) => l.endpoint === '/oauth2.0/profile');
    expect(profiles).toEqual([expect.objectContaining({ method: 'GET', status: { gateway: 401, upstream: 401 }, differences: [] })]);
    const text = await (await fetch(`${same.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(text).toMatch(/^oauthd_shadow_comparisons_total\{dialect="cas",endpoint="\/oauth2\.0\/profile",result="skipped"\} 1$/m);
    expect(text).toMatch(/^oauthd_shadow_comparisons_total\{dialect="cas",endpoint="\/oauth2\.0\/profile",result="same"\} 1$/m);
    texts.push(minted.access_token);
  });

  it('names against a legacy on another profile the differences the contract kit names (content type, headers, schema)', async () => {
    texts.push(...(await sendAll(different.url)).texts);
    const lines = await waitForLines(reports.different, REQUESTS.length);
    expect(lines).toHaveLength(REQUESTS.length);
    expect(lines.every((l) => l.status.upstream === l.status.gateway)).toBe(true);
    const answered = (status: number) => lines.filter((l) => l.status.gateway === status);
    // CAS 6 always writes scope; CAS 5 has none.
    expect(answered(200)).toHaveLength(2);
    for (const success of answered(200)) expect(success.differences).toEqual([{ kind: 'schema', detail: "/scope: must have required property 'scope' (required)" }]);
    // CAS 6's controller errors are JSON with no-store, CAS 5's `error=…` text; the code itself is the same.
    expect(answered(400)).toHaveLength(2);
    for (const error of answered(400)) {
      expect(error.differences).toEqual([
        { kind: 'content_type', detail: 'header content-type: "text/plain; charset=utf-8" ≠ application/json' },
        { kind: 'header', detail: 'header cache-control: (absent) ≠ no-store' },
        { kind: 'schema', detail: '/: must be object (type)' },
      ]);
    }
    // Spring Boot 1.x's /error body (CAS 5) writes its timestamp in epoch milliseconds, 2.0's (CAS 6) as a date.
    expect(answered(401)).toEqual([expect.objectContaining({ differences: [{ kind: 'schema', detail: '/timestamp: must be string (type)' }] })]);
  });

  it('never puts a secret, password or token in the report or the processes output', async () => {
    const tokens = texts.flatMap((t) => [...t.matchAll(/[A-Z]{2}-\d+-[A-Za-z0-9-]{20,}/g)].map((m) => m[0]));
    expect(tokens.length).toBeGreaterThan(0);
    const everything = [readFileSync(reports.same, 'utf8'), readFileSync(reports.different, 'utf8'), same.output(), different.output(), legacy.output(), off.output()].join('\n');
    for (const secret of [CLIENT_SECRET, WRONG_SECRET, PASSWORD, ...tokens]) expect(everything).not.toContain(secret);
    expect(readFileSync(reports.same, 'utf8') + readFileSync(reports.different, 'utf8')).not.toMatch(TICKET);
  });

  it('summarises a report per endpoint and kind of difference, with a count and an example each', async () => {
    const summary = await runCli(['shadow-report', reports.different]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain(`cas POST ${ENDPOINT}: ${REQUESTS.length} comparisons, ${REQUESTS.length} differed, 0 failed`);
    expect(summary.stdout).toMatch(/^ {2}content_type ×2 {2}e\.g\. header content-type: "text\/plain; charset=utf-8" ≠ application\/json$/m);
    expect(summary.stdout).toMatch(/^ {2}header ×2 {2}e\.g\. header cache-control: \(absent\) ≠ no-store$/m);
    expect(summary.stdout).toMatch(/^ {2}schema ×5 {2}e\.g\. \/\S+: must /m);

    const withGarbage = path.join(dir, 'garbage.jsonl');
    const good = readLines(reports.same);
    writeFileSync(withGarbage, `${readFileSync(reports.same, 'utf8')}not json\n{"half":\n`);
    const tolerant = await runCli(['shadow-report', withGarbage]);
    expect(tolerant.code).toBe(0);
    expect(tolerant.stdout).toContain(`cas POST ${ENDPOINT}: ${good.filter((l) => l.endpoint === ENDPOINT).length} comparisons, 0 differed, 0 failed`);
    expect(tolerant.stdout).toContain('cas GET /oauth2.0/profile: 1 comparisons, 0 differed, 0 failed');
    expect(tolerant.stdout).toContain(`2 malformed lines skipped (lines ${good.length + 1}, ${good.length + 2})`);

    const missing = await runCli(['shadow-report', path.join(dir, 'no-such.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([`oauth-dialects: cannot read shadow report ${path.join(dir, 'no-such.jsonl')}: no such file`]);
  });

  it('answers as fast with an upstream that never answers: the shadow is dropped when its queue is full and fails on its timeout', async () => {
    const baseline = await sendAll(off.url);
    const first = await sendAll(hangingGateway.url);
    const second = await sendAll(hangingGateway.url);
    texts.push(...first.texts, ...second.texts);
    const slowest = Math.max(...first.millis, ...second.millis);
    // Waiting for the upstream would take its timeout (1000 ms) at least.
    expect(slowest).toBeLessThan(Math.max(300, 3 * Math.max(...baseline.millis)));
    expect(first.statuses).toEqual(baseline.statuses);
    // Four calls under way, one waiting: the other five were dropped.
    expect(await waitForMetric(hangingGateway.url, 'dropped', 2 * REQUESTS.length - 5)).toBe(2 * REQUESTS.length - 5);
    const lines = await waitForLines(reports.hanging, 5, 5000);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatchObject({ failure: 'no answer within 1000 ms', status: { upstream: null }, differences: [] });
    expect(await waitForMetric(hangingGateway.url, 'failed', 5)).toBe(5);
    expect(hangingGateway.output()).toMatch(/the shadow queue of dialect cas is full/);
  }, 20_000);
});
