import bcrypt from 'bcryptjs';
import request from 'supertest';
import type { RawAdmin, RawConfig } from '../../src/config/types';
import { MemoryStore } from '../../src/store/memory';
import type { TokenStore } from '../../src/core/store';
import type { Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime } from '../helpers/gateway';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { ADMIN_SCOPE, ADMIN_TOKEN, adminConfig, bearer, clientToken, everyVerdict, expectAdminSchema, LOGINS, OPS, verdicts, type Login } from './helpers';

/*
 * "This user left": one user's tokens from CAS, Spring, CIAM and iform, revoked with one call
 * on one gateway, are refused at once by every dialect's own check on another gateway sharing
 * the store; another user's tokens live on.
 */

interface Gateways {
  runtimes: Runtime[];
  servers: RunningServer[];
}

async function startGateways(config: RawConfig, count: number, store?: TokenStore): Promise<Gateways> {
  const runtimes: Runtime[] = [];
  // One after the other: the first stores the shared signing key (CIAM's RS256), the next adopts it.
  for (let i = 0; i < count; i++) runtimes.push(await startRuntime({ config, store }));
  const servers = await Promise.all(runtimes.map((runtime) => listen(runtime, 0, '127.0.0.1', silentLogger)));
  return { runtimes, servers };
}

async function loginEverywhere(base: string, username: string, password: string): Promise<Record<string, Login>> {
  const logins: Record<string, Login> = {};
  for (const dialect of LOGINS) logins[dialect.dialect] = await dialect.login(base, username, password);
  return logins;
}

const accessTokens = (logins: Record<string, Login>, who: string) =>
  Object.fromEntries(Object.entries(logins).map(([dialect, login]) => [`${who}'s ${dialect}`, login.accessToken]));

function scenario(label: string, gateways: () => Gateways): void {
  it(`${label}: DELETE /admin/users/bob/grants on one gateway; every token of bob is refused by every dialect on the other`, async () => {
    const [a, b] = gateways().servers.length > 1 ? gateways().servers : [gateways().servers[0], gateways().servers[0]];
    const bob = await loginEverywhere(b.url, 'bob', 'builder');
    const alice = await loginEverywhere(b.url, 'alice', 'wonderland');
    const bobs = accessTokens(bob, 'bob');
    const alices = accessTokens(alice, 'alice');
    expect(await verdicts(a.url, { ...bobs, ...alices })).toEqual(everyVerdict({ ...bobs, ...alices }, 'live'));

    const admin = await clientToken(a.url, OPS, ADMIN_SCOPE);
    const listed = await request(b.url).get('/admin/users/bob/grants').set('Authorization', bearer(admin));
    expect(listed.status).toBe(200);
    expectAdminSchema('GrantListing', listed.body);
    expect(listed.body.total).toBe(LOGINS.length);
    expect(listed.body.grants.map((g: { client_id: string }) => g.client_id).sort()).toEqual(LOGINS.map((l) => l.clientId).sort());
    for (const grant of listed.body.grants) expect(grant).toMatchObject({ subject: { type: 'user', username: 'bob' }, grant_type: 'password' });
    for (const login of Object.values(bob)) {
      expect(listed.text).not.toContain(login.accessToken);
      if (login.refreshToken) expect(listed.text).not.toContain(login.refreshToken);
    }

    const revoked = await request(a.url).delete('/admin/users/bob/grants').set('Authorization', bearer(admin));
    expect({ status: revoked.status, body: revoked.body }).toEqual({
      status: 200,
      // CAS's seed client gets no refresh token; the other three an access and a refresh token each.
      body: { revoked: LOGINS.length, tokens: Object.values(bob).filter((l) => l.refreshToken).length + LOGINS.length },
    });
    expectAdminSchema('Revocation', revoked.body);

    // No wait, no retry: the other gateway refuses them on its very next look.
    expect(await verdicts(b.url, bobs)).toEqual(everyVerdict(bobs, 'refused'));
    expect(await verdicts(a.url, bobs)).toEqual(everyVerdict(bobs, 'refused'));
    for (const runtime of gateways().runtimes) {
      for (const login of Object.values(bob)) if (login.refreshToken) expect(await runtime.engine.introspect(login.refreshToken)).toEqual({ active: false });
    }
    const refresh = await request(b.url).post('/oauth2/token').type('form').send({
      grant_type: 'refresh_token',
      client_id: 'TENANT_CLIENT_ID',
      client_secret: 'TENANT_CLIENT_SECRET',
      refresh_token: bob.ciam.refreshToken,
    });
    expect({ status: refresh.status, error: refresh.body.error }).toEqual({ status: 400, error: 'invalid_grant' });

    expect(await verdicts(b.url, alices)).toEqual(everyVerdict(alices, 'live'));
    const after = await request(b.url).get('/admin/users/bob/grants').set('Authorization', bearer(admin));
    expect({ total: after.body.total, grants: after.body.grants }).toEqual({ total: 0, grants: [] });
    const again = await request(b.url).delete('/admin/users/bob/grants').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(again.body).toEqual({ revoked: 0, tokens: 0 });
    expect((await request(b.url).get('/admin/counts?username=alice').set('Authorization', bearer(admin))).body).toEqual({ live_grants: LOGINS.length });
  });
}

describe('revoking a user across dialects, memory store (two gateways on one store)', () => {
  let gateways: Gateways;
  const store = new MemoryStore();
  beforeAll(async () => {
    gateways = await startGateways(adminConfig('memory'), 2, store);
  });
  afterAll(async () => {
    await Promise.all(gateways.servers.map((server) => server.shutdown()));
    await store.close();
  });
  scenario('memory', () => gateways);
});

describeWithRedis('revoking a user across dialects, real Redis, two gateways on one key prefix', () => {
  const prefix = uniquePrefix('admin-revoke');
  let gateways: Gateways;
  beforeAll(async () => {
    // The stored form of the admin token: a bcrypt hash, as `oauth-dialects hash-secret` prints it.
    const admin: RawAdmin = { enabled: true, token_hash: bcrypt.hashSync(ADMIN_TOKEN, 4) };
    gateways = await startGateways(adminConfig({ url: REDIS_URL, key_prefix: prefix }, admin), 2);
  });
  afterAll(async () => {
    await Promise.all((gateways?.servers ?? []).map((server) => server.shutdown()));
    await dropPrefix(prefix);
  });
  scenario('redis', () => gateways);
});
