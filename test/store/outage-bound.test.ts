import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Redis from 'ioredis';
import pino from 'pino';
import { DIALECTS } from '../../dialects';
import { loadConfig } from '../../src/config/load';
import { createRuntime, type Runtime } from '../../src/runtime';
import { testConfig } from '../helpers/gateway';
import { freePort, RedisProcess, redisServerAvailable } from '../helpers/redis-process';

/**
 * The outage bound: with `command_timeout_ms` 500, every request during a Redis outage is
 * answered, in its dialect's 503 shape, within 500 + 250 ms, whether the server is gone
 * (connection refused, reconnecting) or there but silent (CLIENT PAUSE, SIGSTOP), and under
 * concurrency, where auto-pipelining queues commands behind a pipeline that hangs. The log says
 * once that the store went away and once that it came back; each 503 is one line, no stack.
 * A redis-server of this suite's own, on a free port.
 */

const TIMEOUT_MS = 500;
const ANSWER_WITHIN_MS = TIMEOUT_MS + 250;
const RECOVERY_WITHIN_MS = 10_000;
/** Requests are fired in waves this far apart, for this long, so later ones queue behind earlier ones. */
const WAVE_EVERY_MS = 100;
const WAVES_FOR_MS = 1000;

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const STD_AUTH = basic('web-app', 's3cret');
const CAS_AUTH = basic('xxx', 'xxx=');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Answer {
  kind: string;
  status: number;
  ms: number;
  requestId: string;
  contentType: string;
  retryAfter?: string;
  text: string;
}

type Kind = { name: string; dialect: 'standard' | 'cas'; path: string; auth?: string; body: () => string };

describe('Redis outage bound (own redis-server)', () => {
  if (!redisServerAvailable('Redis outage bound')) return;

  let redis: RedisProcess;
  let runtime: Runtime;
  let server: Server;
  let base: string;
  const agent = new Agent({ keepAlive: true });
  const lines: Array<Record<string, unknown>> = [];
  const seeded = { standard: '', cas: '' };

  const KINDS: Kind[] = [
    { name: 'std client_credentials', dialect: 'standard', path: '/std/token', auth: STD_AUTH, body: () => 'grant_type=client_credentials&scope=read' },
    { name: 'std password', dialect: 'standard', path: '/std/token', auth: STD_AUTH, body: () => 'grant_type=password&username=alice&password=wonderland&scope=read' },
    { name: 'std introspection', dialect: 'standard', path: '/std/introspect', auth: STD_AUTH, body: () => `token=${seeded.standard}` },
    { name: 'cas client_credentials', dialect: 'cas', path: '/oauth2.0/accessToken', body: () => 'grant_type=client_credentials&client_id=xxx&client_secret=xxx%3D' },
    { name: 'cas password', dialect: 'cas', path: '/oauth2.0/accessToken', body: () => 'grant_type=password&client_id=xxx&client_secret=xxx%3D&username=xxx&password=xxx' },
    { name: 'cas introspection', dialect: 'cas', path: '/oauth2.0/introspect', auth: CAS_AUTH, body: () => `token=${seeded.cas}` },
  ];

  function send(kind: Kind): Promise<Answer> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
      if (kind.auth) headers.Authorization = kind.auth;
      const req = httpRequest(`${base}${kind.path}`, { method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.once('end', () =>
          resolve({
            kind: kind.name,
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            requestId: String(res.headers['x-request-id']),
            contentType: String(res.headers['content-type']),
            retryAfter: res.headers['retry-after'] as string | undefined,
            text,
          }),
        );
      });
      req.once('error', reject);
      req.end(kind.body());
    });
  }

  /** Every kind of request, in waves, while the outage lasts. */
  async function duringOutage(): Promise<Answer[]> {
    const pending: Array<Promise<Answer>> = [];
    for (let elapsed = 0; elapsed < WAVES_FOR_MS; elapsed += WAVE_EVERY_MS) {
      for (const kind of KINDS) pending.push(send(kind));
      await sleep(WAVE_EVERY_MS);
    }
    return Promise.all(pending);
  }

  function expectOutageAnswers(answers: Answer[]): void {
    const kinds = new Map(KINDS.map((k) => [k.name, k]));
    // OUTAGE_TIMINGS=1 prints the slowest answer of each kind.
    if (process.env.OUTAGE_TIMINGS) {
      for (const kind of KINDS) process.stderr.write(`${kind.name}: max ${Math.max(...answers.filter((a) => a.kind === kind.name).map((a) => a.ms)).toFixed(0)} ms\n`);
    }
    for (const answer of answers) {
      const kind = kinds.get(answer.kind)!;
      expect({ kind: answer.kind, status: answer.status }).toEqual({ kind: answer.kind, status: 503 });
      expect({ kind: answer.kind, fast: answer.ms < ANSWER_WITHIN_MS }).toEqual({ kind: answer.kind, fast: true });
      expect(answer.contentType).toMatch(/^application\/json/);
      expect(answer.text).not.toMatch(/<html|\bat .+\(.+:\d+:\d+\)|Error:|ECONNREFUSED|MaxRetriesPerRequest|ioredis|Redis/i);
      const body = JSON.parse(answer.text) as Record<string, unknown>;
      if (kind.dialect === 'standard') {
        expect(body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
        expect(answer.retryAfter).toMatch(/^\d+$/);
      } else {
        // CAS answers as Spring Boot's /error does.
        expect(body).toMatchObject({ status: 503, error: 'Service Unavailable', path: kind.path });
      }
      // One log line for the refused request: its request line, with what failed by class and message, no stack.
      const logged = lines.filter((line) => (line.req as { id?: string } | undefined)?.id === answer.requestId);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ res: { status: 503 }, err: { type: expect.any(String), message: expect.any(String) } });
      expect(JSON.stringify(logged[0])).not.toMatch(/"stack"|\bat .+:\d+:\d+/);
    }
  }

  /** `/readyz` says 503 during the outage, in one request line without a stack. */
  async function expectNotReady(): Promise<void> {
    const ready = await new Promise<{ status: number; id: string }>((resolve, reject) => {
      httpRequest(`${base}/readyz`, { agent }, (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0, id: String(res.headers['x-request-id']) }));
      })
        .once('error', reject)
        .end();
    });
    expect(ready.status).toBe(503);
    const logged = lines.filter((line) => (line.req as { id?: string } | undefined)?.id === ready.id);
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).not.toMatch(/"stack"/);
  }

  /** Polls until every kind succeeds again. */
  async function expectRecovery(): Promise<void> {
    const deadline = Date.now() + RECOVERY_WITHIN_MS;
    let statuses: number[] = [];
    while (Date.now() < deadline) {
      statuses = (await Promise.all(KINDS.map(send))).map((a) => a.status);
      if (statuses.every((s) => s === 200)) return;
      await sleep(100);
    }
    expect(statuses).toEqual(KINDS.map(() => 200));
  }

  /** The store's own lines since `from`: exactly one going away and one coming back. */
  function expectOneDownOneUp(from: number): void {
    const store = lines.slice(from).filter((line) => line.store === 'redis');
    expect(store.map((line) => [line.level, line.msg])).toEqual([
      [40, 'token store unreachable'],
      [30, 'token store reachable again'],
    ]);
    expect(JSON.stringify(store)).not.toMatch(/"stack"/);
  }

  /** A side connection of the test's own, for CLIENT PAUSE and the server's pid. */
  async function side<T>(run: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await run(client);
    } finally {
      client.disconnect();
    }
  }

  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const defaults = testConfig();
    const config = testConfig({
      store: { url: redis.url, key_prefix: 'outage-bound:', command_timeout_ms: TIMEOUT_MS },
      clients: [...(defaults.clients ?? []), { client_id: 'xxx', client_secret: 'xxx=', grant_types: ['password', 'client_credentials'] }],
      users: [...(defaults.users ?? []), { username: 'xxx', password: 'xxx' }],
      dialects: { standard: { enabled: true }, cas: { enabled: true, profile: 'cas6' } },
      // No periodic shared-key check inside the outages: the log holds only what they cause.
      keys: { shared_check_ms: 3_600_000 },
    });
    runtime = await createRuntime({ config: loadConfig(config, DIALECTS), dialects: DIALECTS, logger: pino({ level: 'info' }, sink) });
    server = createServer(runtime.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server?.close(resolve));
    try {
      await runtime?.close();
    } finally {
      await redis?.kill('SIGKILL');
    }
  });

  it('serves every kind of request while Redis is up', async () => {
    const std = await send(KINDS[0]);
    const cas = await send(KINDS[3]);
    expect([std.status, cas.status]).toEqual([200, 200]);
    seeded.standard = (JSON.parse(std.text) as { access_token: string }).access_token;
    seeded.cas = (JSON.parse(cas.text) as { access_token: string }).access_token;
    const answers = await Promise.all(KINDS.map(send));
    expect(answers.map((a) => a.status)).toEqual(KINDS.map(() => 200));
    expect(JSON.parse(answers[2].text)).toMatchObject({ active: true });
    expect(JSON.parse(answers[5].text)).toMatchObject({ active: true });
  });

  it('paused (CLIENT PAUSE ALL): answers 503 within the bound, then recovers', async () => {
    const from = lines.length;
    await side((client) => client.call('CLIENT', 'PAUSE', String(WAVES_FOR_MS + 3000), 'ALL'));
    expectOutageAnswers(await duringOutage());
    await expectNotReady();
    await expectRecovery();
    expectOneDownOneUp(from);
  });

  it('stopped by SIGSTOP (connected, silent): answers 503 within the bound, then recovers', async () => {
    const from = lines.length;
    const info = await side((client) => client.info('server'));
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGSTOP');
    try {
      expectOutageAnswers(await duringOutage());
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expectRecovery();
    expectOneDownOneUp(from);
  });

  it('gone (killed: connection refused, reconnecting): answers 503 within the bound, then recovers on restart', async () => {
    const from = lines.length;
    await redis.kill('SIGKILL');
    expectOutageAnswers(await duringOutage());
    await expectNotReady();
    await redis.start();
    await expectRecovery();
    expectOneDownOneUp(from);
  });
});
