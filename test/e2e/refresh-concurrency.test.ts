import request from 'supertest';
import type { Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { silentLogger, startRuntime, testConfig } from '../helpers/gateway';

const basic = 'Basic ' + Buffer.from('web-app:s3cret').toString('base64');

describeWithRedis('refresh token rotation under concurrency (real Redis, two gateway processes\' worth)', () => {
  const prefix = uniquePrefix('concurrency');
  let runtimes: Runtime[] = [];
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    // Two runtimes on one Redis with one server secret: what two gateway processes would be.
    const config = testConfig({ store: { url: REDIS_URL, key_prefix: prefix } });
    runtimes = [await startRuntime({ config }), await startRuntime({ config })];
    servers = await Promise.all(runtimes.map((r) => listen(r, 0, '127.0.0.1', silentLogger)));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.shutdown()));
    await dropPrefix(prefix);
  });

  it('lets exactly one of 50 concurrent refreshes of one refresh token succeed', async () => {
    const login = await request(servers[0].url).post('/std/token').set('Authorization', basic).type('form').send({ grant_type: 'password', username: 'alice', password: 'wonderland' });
    expect(login.status).toBe(200);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(servers[i % 2].url).post('/std/token').set('Authorization', basic).type('form').send({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(49);
    for (const failed of responses.filter((r) => r.status === 400)) expect(failed.body.error).toBe('invalid_grant');
  });

  it('shares tokens between the two processes: issued by one, introspected and revoked by the other', async () => {
    const issued = await request(servers[0].url).post('/std/token').set('Authorization', basic).type('form').send({ grant_type: 'password', username: 'bob', password: 'builder' });
    const seen = await request(servers[1].url).post('/std/introspect').set('Authorization', basic).type('form').send({ token: issued.body.access_token });
    expect(seen.body).toMatchObject({ active: true, username: 'bob' });
    await request(servers[1].url).post('/std/revoke').set('Authorization', basic).type('form').send({ token: issued.body.refresh_token });
    const after = await request(servers[0].url).post('/std/introspect').set('Authorization', basic).type('form').send({ token: issued.body.access_token });
    expect(after.body).toEqual({ active: false });
  });

  it('lets exactly one of 50 concurrent exchanges of one authorization code succeed', async () => {
    const engine = runtimes[0].engine;
    const client = engine.directory.client('web-app')!;
    const { standardPolicy } = await import('../../dialects/standard/config');
    const code = await engine.issueAuthorizationCode({ client, user: engine.directory.userByUsername('alice')!, redirectUri: 'http://localhost:3000/callback' }, standardPolicy({}));
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(servers[i % 2].url).post('/std/token').set('Authorization', basic).type('form').send({ grant_type: 'authorization_code', code: code.value, redirect_uri: 'http://localhost:3000/callback' }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
  });
});
