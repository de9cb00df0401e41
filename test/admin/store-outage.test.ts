import request from 'supertest';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../helpers/gateway';
import { describeWithRedis } from '../helpers/redis';
import { freePort, RedisProcess, redisServerAvailable } from '../helpers/redis-process';
import { ADMIN_SCOPE, ADMIN_TOKEN, adminConfig, bearer, clientToken, OPS } from './helpers';

/*
 * The admin API with its Redis gone: every endpoint answers 503 in its JSON shape, with
 * Retry-After, within the command timeout, whichever way the caller authenticates. This
 * suite runs its own redis-server on a free port, so killing it disturbs no other suite.
 */

/** The command timeout is 500 ms; an answer must come well within this even on a loaded machine. */
const ANSWER_WITHIN_MS = 4000;

describeWithRedis('admin API with the token store down (own redis-server)', () => {
  if (!redisServerAvailable('admin API with the token store down')) return;

  let redis: RedisProcess;
  let runtime: Runtime | undefined;
  let admin: string;
  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    runtime = await startRuntime({ config: adminConfig({ url: redis.url, command_timeout_ms: 500 }) });
    admin = await clientToken(runtime.app, OPS, ADMIN_SCOPE);
    // Remembered before the outage, so this check costs no bcrypt then.
    await request(runtime.app).get('/admin/counts').set('Authorization', bearer(ADMIN_TOKEN)).expect(200);
    await redis.kill();
  });
  afterAll(async () => {
    await runtime?.close();
    await redis?.kill();
  });

  it.each([
    ['GET', '/admin/counts'],
    ['GET', '/admin/users/bob/grants'],
    ['DELETE', '/admin/users/bob/grants'],
    ['DELETE', '/admin/clients/web-app/grants'],
    ['GET', '/admin/grants/AAAAAAAAAAAAAAAAAAAAAAA'],
    ['DELETE', '/admin/grants/AAAAAAAAAAAAAAAAAAAAAAA'],
  ])('%s %s: 503 server_unavailable with Retry-After, for an access token and for the admin token', async (method, path) => {
    for (const token of [admin, ADMIN_TOKEN]) {
      const started = performance.now();
      const app = request(runtime!.app);
      const res = await (method === 'GET' ? app.get(path) : app.delete(path)).set('Authorization', bearer(token));
      expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
      expect({ status: res.status, body: res.body, retryAfter: res.headers['retry-after'] }).toEqual({
        status: 503,
        body: { error: 'server_unavailable', error_description: expect.any(String) },
        retryAfter: '1',
      });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.text).not.toMatch(/<html|\bat .+\(.+:\d+:\d+\)|ECONNREFUSED|ioredis/i);
    }
  });
});
