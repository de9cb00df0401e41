import request from 'supertest';
import type { Response } from 'supertest';
import type { Runtime } from '../../src/runtime';
import { startRuntime, testConfig } from '../helpers/gateway';
import { describeWithRedis } from '../helpers/redis';
import { freePort, RedisProcess, redisServerAvailable } from '../helpers/redis-process';

/**
 * The gateway against a Redis that dies and comes back. This suite runs its OWN redis-server
 * (no persistence) on a free port, so killing it disturbs no other suite.
 */

const BASIC = `Basic ${Buffer.from('web-app:s3cret').toString('base64')}`;
/** Every request during the outage must be answered within this (command timeout is 500 ms). */
const ANSWER_WITHIN_MS = 3000;
/** How long the gateway may take to notice that Redis is back. */
const RECOVERY_WITHIN_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a request and measures how long its answer took. */
async function timed(run: () => Promise<Response>): Promise<{ res: Response; ms: number }> {
  const started = performance.now();
  const res = await run();
  return { res, ms: performance.now() - started };
}

/** An outage answer: 503, the RFC 6749 error shape, Retry-After, JSON and nothing internal. */
function expectUnavailable(res: Response, ms: number): void {
  // OUTAGE_TIMINGS=1 prints each outage answer and its time.
  if (process.env.OUTAGE_TIMINGS) process.stderr.write(`${res.status} ${JSON.stringify(res.body)} ${ms.toFixed(0)}ms\n`);
  expect(res.status).toBe(503);
  expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(res.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
  expect(res.text).not.toMatch(/<html|<!DOCTYPE|\bat .+\(.+:\d+:\d+\)|Error:|ECONNREFUSED|MaxRetriesPerRequest|ioredis/i);
}

describeWithRedis('gateway through a Redis outage (own redis-server)', () => {
  if (!redisServerAvailable('gateway through a Redis outage')) return;

  let redis: RedisProcess;
  let runtime: Runtime;

  const clientCredentials = () =>
    request(runtime.app)
      .post('/std/token')
      .set('Authorization', BASIC)
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'read' });
  const passwordGrant = () =>
    request(runtime.app)
      .post('/std/token')
      .set('Authorization', BASIC)
      .type('form')
      .send({ grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'read' });
  const introspect = (token: string) =>
    request(runtime.app).post('/std/introspect').set('Authorization', BASIC).type('form').send({ token });

  /** Tokens issued before the outage. */
  let before: { clientCredentials: string; password: string };

  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    runtime = await startRuntime({
      config: testConfig({ store: { url: redis.url, key_prefix: 'outage:', command_timeout_ms: 500 } }),
    });
  });

  afterAll(async () => {
    // The gateway first, while its Redis still answers: its client then closes at once.
    try {
      await runtime?.close();
    } finally {
      await redis?.kill('SIGKILL');
    }
  });

  it('serves tokens while Redis is up', async () => {
    const cc = await clientCredentials();
    expect(cc.status).toBe(200);
    expect(cc.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), scope: 'read' });

    const pw = await passwordGrant();
    expect(pw.status).toBe(200);
    expect(pw.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) });
    before = { clientCredentials: cc.body.access_token as string, password: pw.body.access_token as string };

    const active = await introspect(before.password);
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ active: true, client_id: 'web-app', username: 'alice', scope: 'read' });

    expect((await request(runtime.app).get('/readyz')).status).toBe(200);
  });

  it('answers 503 temporarily_unavailable quickly while Redis is down, and stays up', async () => {
    await redis.kill('SIGKILL');

    const token = await timed(() => clientCredentials());
    expectUnavailable(token.res, token.ms);

    const password = await timed(() => passwordGrant());
    expectUnavailable(password.res, password.ms);

    const introspection = await timed(() => introspect(before.password));
    expectUnavailable(introspection.res, introspection.ms);

    // Still unavailable on a later attempt (once the client is reconnecting, not just at the first failure).
    const again = await timed(() => clientCredentials());
    expectUnavailable(again.res, again.ms);

    const ready = await timed(() => request(runtime.app).get('/readyz'));
    expect(ready.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(ready.res.status).toBe(503);
    expect(ready.res.body).toEqual({ status: 'unavailable', store: 'redis' });

    const health = await timed(() => request(runtime.app).get('/healthz'));
    expect(health.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(health.res.status).toBe(200);
    expect(health.res.body).toEqual({ status: 'ok' });
  });

  it('recovers by itself when Redis comes back on the same port', async () => {
    await redis.start();

    const deadline = Date.now() + RECOVERY_WITHIN_MS;
    let last: Response | undefined;
    while (Date.now() < deadline) {
      const attempt = await timed(() => clientCredentials());
      // Never anything but success or a clean outage answer while it reconnects.
      expect([200, 503]).toContain(attempt.res.status);
      expect(attempt.ms).toBeLessThan(ANSWER_WITHIN_MS);
      last = attempt.res;
      if (last.status === 200) break;
      await sleep(200);
    }
    expect(last?.status).toBe(200);
    expect(last?.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });

    expect((await request(runtime.app).get('/readyz')).status).toBe(200);

    // A token issued after recovery is stored and introspects active.
    const pw = await passwordGrant();
    expect(pw.status).toBe(200);
    const fresh = await introspect(pw.body.access_token as string);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ active: true, client_id: 'web-app', username: 'alice' });
    const ccFresh = await introspect(last!.body.access_token as string);
    expect(ccFresh.body).toMatchObject({ active: true, client_id: 'web-app' });

    // The restarted server kept nothing (no persistence): earlier tokens are simply unknown now.
    for (const old of [before.password, before.clientCredentials]) {
      const gone = await introspect(old);
      expect(gone.status).toBe(200);
      expect(gone.body).toEqual({ active: false });
    }
  });

  describe('a gateway started while Redis is down, with no keys configured', () => {
    let own: RedisProcess | undefined;
    const runtimes: Runtime[] = [];
    afterAll(async () => {
      try {
        for (const r of runtimes) await r.close();
      } finally {
        await own?.kill('SIGKILL');
      }
    });

    it('signs with the key every other process shares once Redis answers, and its tokens verify there', async () => {
      own = new RedisProcess(await freePort());
      const config = testConfig({
        store: { url: own.url, key_prefix: 'startdown:', command_timeout_ms: 300 },
        // Long enough for Redis and the second process to start before the first one retries.
        keys: { shared_retry_ms: 2000 },
        dialects: { standard: { enabled: true, token_format: 'jwt' } },
      });
      const signingKid = async (r: Runtime) => ((await request(r.app).get('/std/jwks')).body as { keys: Array<{ kid: string }> }).keys[0].kid;

      const early = await startRuntime({ config });
      runtimes.push(early);
      const earlyKid = await signingKid(early);
      await own.start();
      const late = await startRuntime({ config });
      runtimes.push(late);
      const sharedKid = await signingKid(late);
      expect(sharedKid).not.toBe(earlyKid);

      const deadline = Date.now() + RECOVERY_WITHIN_MS;
      while ((await signingKid(early)) !== sharedKid && Date.now() < deadline) await sleep(100);
      expect(await signingKid(early)).toBe(sharedKid);

      const issued = await request(early.app).post('/std/token').set('Authorization', BASIC).type('form').send({ grant_type: 'client_credentials', scope: 'read' });
      expect(issued.status).toBe(200);
      const header = JSON.parse(Buffer.from(String(issued.body.access_token).split('.')[0], 'base64url').toString('utf8')) as { kid: string };
      expect(header.kid).toBe(sharedKid);
      const elsewhere = await request(late.app).post('/std/introspect').set('Authorization', BASIC).type('form').send({ token: issued.body.access_token });
      expect(elsewhere.body).toMatchObject({ active: true, client_id: 'web-app' });
    });
  });
});
