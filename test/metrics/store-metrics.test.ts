import request from 'supertest';
import type { Runtime } from '../../src/runtime';
import { startRuntime, testConfig } from '../helpers/gateway';
import { describeWithRedis, uniquePrefix } from '../helpers/redis';
import { freePort, RedisProcess } from '../helpers/redis-process';
import { matching, parseExposition, total } from './scrape';

const TOKEN = 'scrape-token-0123456789abcdef';
const WEB_APP = `Basic ${Buffer.from('web-app:s3cret').toString('base64')}`;

/** The store's families on a redis-server of the test's own, which it then stops. */
describeWithRedis('store metrics on Redis', () => {
  let redis: RedisProcess;
  let runtime: Runtime;

  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    runtime = await startRuntime({
      config: testConfig({
        store: { url: redis.url, key_prefix: uniquePrefix('metrics'), command_timeout_ms: 300 },
        metrics: { enabled: true, bearer_token: TOKEN },
      }),
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await redis?.kill();
  });

  const scrape = async () => {
    const res = await request(runtime.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    return parseExposition(res.text);
  };
  const issue = () => request(runtime.app).post('/std/token').set('Authorization', WEB_APP).type('form').send({ grant_type: 'client_credentials' });

  it('times each operation while Redis answers, then counts failures and reports it down', async () => {
    expect((await issue()).status).toBe(200);
    const up = await scrape();
    expect(total(up, 'oauthd_store_operation_duration_seconds_count', { operation: 'save_tokens' })).toBe(1);
    const saves = matching(up, 'oauthd_store_operation_duration_seconds_bucket', { operation: 'save_tokens' });
    expect(saves.find((b) => b.labels.le === '+Inf')?.value).toBe(1);
    expect(total(up, 'oauthd_store_errors_total')).toBe(0);
    expect(total(up, 'oauthd_store_up')).toBe(1);

    await redis.kill();
    expect((await issue()).status).toBe(503);
    const down = await scrape();
    expect(total(down, 'oauthd_store_errors_total')).toBeGreaterThanOrEqual(1);
    expect(matching(down, 'oauthd_store_errors_total').every((s) => /^[a-z_]+$/.test(s.labels.operation))).toBe(true);
    expect(total(down, 'oauthd_store_up')).toBe(0);
    // The health check behind `oauthd_store_up` failed too: counted by the next scrape.
    expect(total(await scrape(), 'oauthd_store_errors_total', { operation: 'ping' })).toBeGreaterThanOrEqual(1);
  });
});
