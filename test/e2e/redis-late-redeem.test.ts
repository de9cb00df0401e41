import Redis from 'ioredis';
import request from 'supertest';
import type { Runtime } from '../../src/runtime';
import { startRuntime, testConfig } from '../helpers/gateway';
import { describeWithRedis } from '../helpers/redis';
import { freePort, RedisProcess, redisServerAvailable } from '../helpers/redis-process';

/**
 * A refresh that Redis runs only after the gateway gave up on it (its connection stalled): the
 * client was answered 503 and retries with the same refresh token, which must still be good.
 * Writes are paused on a redis-server of this suite's own, so no other suite waits.
 */
const BASIC = `Basic ${Buffer.from('web-app:s3cret').toString('base64')}`;
const COMMAND_TIMEOUT_MS = 400;
const PAUSE_MS = 1200;

describeWithRedis('a refresh that reaches Redis after its caller gave up (own redis-server)', () => {
  if (!redisServerAvailable('a refresh that reaches Redis late')) return;

  let redis: RedisProcess;
  let admin: Redis;
  let runtime: Runtime;

  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    admin = new Redis(redis.url);
    runtime = await startRuntime({ config: testConfig({ store: { url: redis.url, key_prefix: 'late:', command_timeout_ms: COMMAND_TIMEOUT_MS } }) });
  });

  afterAll(async () => {
    try {
      await runtime?.close();
      admin?.disconnect();
    } finally {
      await redis?.kill('SIGKILL');
    }
  });

  const token = (form: Record<string, string>) => request(runtime.app).post('/std/token').set('Authorization', BASIC).type('form').send(form);
  const introspect = async (value: string) => (await request(runtime.app).post('/std/introspect').set('Authorization', BASIC).type('form').send({ token: value })).body as { active: boolean };

  it('answers 503 while writes stall, then the retry with the same refresh token gets new tokens and the family lives', async () => {
    const issued = await token({ grant_type: 'password', username: 'alice', password: 'wonderland' });
    expect(issued.status).toBe(200);

    await admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'WRITE');
    const stalled = await token({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token });
    expect(stalled.status).toBe(503);
    // Redis runs the queued refresh once the pause ends; it must find itself too late.
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS + 300));

    const retried = await token({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token });
    expect(retried.status).toBe(200);
    expect(retried.body.refresh_token).not.toBe(issued.body.refresh_token);
    expect(await introspect(retried.body.access_token)).toMatchObject({ active: true });
    // Rotation goes on as usual: the spent token is now spent.
    expect((await token({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token })).status).toBe(400);
  });
});
