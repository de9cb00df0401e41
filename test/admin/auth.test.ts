import { Writable } from 'node:stream';
import bcrypt from 'bcryptjs';
import pino from 'pino';
import request from 'supertest';
import { DIALECTS } from '../../dialects';
import { loadConfig } from '../../src/config/load';
import type { RawAdmin, RawConfig } from '../../src/config/types';
import { BcryptPool } from '../../src/core/secrets/bcrypt-pool';
import { createRuntime, type Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { TestClock } from '../helpers/clock';
import { startRuntime } from '../helpers/gateway';
import { ADMIN_SCOPE, ADMIN_TOKEN, adminConfig, bearer, clientToken, expectAdminSchema, OPS, PLAIN } from './helpers';

/*
 * Who may call the admin API: an access token of any dialect granted the admin scope to a
 * client that still holds it, or the operators' configured token; everyone else gets 401 or
 * 403 with a Bearer challenge, in JSON.
 */

type Line = Record<string, unknown>;

/** A gateway on a real socket whose log lines are kept. */
async function gateway(config: RawConfig, clock?: TestClock): Promise<{ runtime: Runtime; server: RunningServer; base: string; lines: Line[] }> {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const runtime = await createRuntime({ config: loadConfig(config, DIALECTS), dialects: DIALECTS, logger, now: clock?.now });
  const server = await listen(runtime, 0, '127.0.0.1', pino({ level: 'silent' }));
  return { runtime, server, base: server.url, lines };
}

/** The admin scope for the CIAM and Spring seed clients and a password grant for the console, so tokens of three dialects can carry it. */
function scopedConfig(admin?: RawAdmin): RawConfig {
  const config = adminConfig('memory', admin);
  config.clients = config.clients!.map((client) => {
    if (client.client_id === 'TENANT_CLIENT_ID' || client.client_id === '你的客户端id') return { ...client, scopes: [...(client.scopes ?? []), ADMIN_SCOPE] };
    if (client.client_id === OPS.client_id) return { ...client, grant_types: ['client_credentials', 'password', 'refresh_token'] };
    return client;
  });
  return config;
}

const counts = (base: string, authorization?: string) => {
  const req = request(base).get('/admin/counts');
  return authorization === undefined ? req : req.set('Authorization', authorization);
};

function expectRefusal(res: request.Response, status: number, error: string, challenge: RegExp): void {
  expect({ status: res.status, error: res.body.error }).toEqual({ status, error });
  expectAdminSchema('Error', res.body);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['www-authenticate']).toMatch(challenge);
}

describe('admin API authentication', () => {
  let gw: Awaited<ReturnType<typeof gateway>>;
  beforeAll(async () => {
    gw = await gateway(scopedConfig());
  });
  afterAll(() => gw.server.shutdown());

  it('401 with a bare Bearer challenge without credentials, or with credentials of another scheme', async () => {
    for (const authorization of [undefined, `Basic ${Buffer.from(`${OPS.client_id}:${OPS.client_secret}`).toString('base64')}`, 'Bearer', 'Bearer two words']) {
      const res = await counts(gw.base, authorization);
      expectRefusal(res, 401, 'unauthorized', /^Bearer realm="admin"$/);
    }
    // Every path answers so to a stranger, even one that does not exist.
    expectRefusal(await request(gw.base).get('/admin/nothing-here'), 401, 'unauthorized', /^Bearer realm="admin"$/);
  });

  it('401 invalid_token for an unknown token, a refresh token, a revoked one, and a wrong admin token', async () => {
    const login = await request(gw.base).post('/std/token').auth(OPS.client_id, OPS.client_secret).type('form').send({ grant_type: 'password', username: 'alice', password: 'wonderland', scope: ADMIN_SCOPE });
    expect(login.status).toBe(200);
    expect((await counts(gw.base, bearer(login.body.access_token))).status).toBe(200);
    const revocable = await clientToken(gw.base, OPS, ADMIN_SCOPE);
    expect((await counts(gw.base, bearer(revocable))).status).toBe(200);
    const revoke = await request(gw.base).post('/std/revoke').auth(OPS.client_id, OPS.client_secret).type('form').send({ token: revocable });
    expect(revoke.status).toBe(200);
    for (const token of ['not-a-token-anyone-issued', login.body.refresh_token, revocable, `${ADMIN_TOKEN}x`]) {
      expectRefusal(await counts(gw.base, bearer(token)), 401, 'invalid_token', /^Bearer realm="admin", error="invalid_token"/);
    }
  });

  it('403 insufficient_scope, naming the scope, for a live token without it', async () => {
    const plain = await clientToken(gw.base, PLAIN);
    const narrow = await clientToken(gw.base, OPS, 'read');
    for (const token of [plain, narrow]) {
      expectRefusal(await counts(gw.base, bearer(token)), 403, 'insufficient_scope', /error="insufficient_scope".*scope="gateway:admin"/);
    }
  });

  it('takes admin-scoped access tokens of other dialects: a CIAM RS256 JWT and a Spring HS256 JWT', async () => {
    const ciam = await request(gw.base).post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', scope: ADMIN_SCOPE });
    const spring = await request(gw.base)
      .post('/authorization-server/oauth/token')
      .type('form')
      .send({ grant_type: 'password', client_id: '你的客户端id', client_secret: '你的客户端密码', username: 'bob', password: 'builder', scope: ADMIN_SCOPE });
    for (const res of [ciam, spring]) {
      expect(res.status).toBe(200);
      const answer = await counts(gw.base, bearer(res.body.access_token));
      expect(answer.status).toBe(200);
      expectAdminSchema('Counts', answer.body);
    }
  });

  it('takes the configured admin token, and checks its bcrypt hash once while it is remembered', async () => {
    const compare = jest.spyOn(BcryptPool.prototype, 'compare');
    try {
      expect((await counts(gw.base, bearer(ADMIN_TOKEN))).status).toBe(200);
      const first = compare.mock.calls.length;
      expect(first).toBe(1);
      for (let i = 0; i < 5; i++) expect((await counts(gw.base, bearer(ADMIN_TOKEN))).status).toBe(200);
      expect(compare.mock.calls.length).toBe(first);
    } finally {
      compare.mockRestore();
    }
  });

  it('warned at start that the admin token was plain, and logs each revocation with who did it, never a token', async () => {
    const warning = gw.lines.find((line) => String(line.msg).includes('admin.token'));
    expect(warning).toMatchObject({ level: 40 });
    const admin = await clientToken(gw.base, OPS, ADMIN_SCOPE);
    const victim = await clientToken(gw.base, PLAIN);
    const res = await request(gw.base).delete(`/admin/clients/${PLAIN.client_id}/grants`).set('Authorization', bearer(admin));
    expect(res.status).toBe(200);
    const audit = gw.lines.find((line) => line.msg === 'admin revocation');
    expect(audit).toMatchObject({ level: 30, admin: `client ${OPS.client_id}`, client_id: PLAIN.client_id, grants: res.body.revoked, tokens: res.body.tokens });
    const logged = JSON.stringify(gw.lines);
    for (const secret of [ADMIN_TOKEN, admin, victim, OPS.client_secret]) expect(logged).not.toContain(secret);
  });

  it('403 once the client no longer holds the scope (configuration reloaded), though the token lives', async () => {
    const admin = await clientToken(gw.base, OPS, ADMIN_SCOPE);
    expect((await counts(gw.base, bearer(admin))).status).toBe(200);
    const narrowed = scopedConfig();
    narrowed.clients = narrowed.clients!.map((c) => (c.client_id === OPS.client_id ? { ...c, scopes: ['read'] } : c));
    await gw.runtime.reload(loadConfig(narrowed, DIALECTS));
    try {
      expect((await gw.runtime.engine.introspect(admin)).active).toBe(true);
      expectRefusal(await counts(gw.base, bearer(admin)), 403, 'insufficient_scope', /insufficient_scope/);
    } finally {
      await gw.runtime.reload(loadConfig(scopedConfig(), DIALECTS));
    }
  });
});

describe('admin API authentication, expiry and the hashed admin token', () => {
  it('401 for an admin-scoped token once it has expired', async () => {
    const clock = new TestClock();
    const gw = await gateway(scopedConfig(), clock);
    try {
      const admin = await clientToken(gw.base, OPS, ADMIN_SCOPE);
      expect((await counts(gw.base, bearer(admin))).status).toBe(200);
      clock.advance(3601);
      expectRefusal(await counts(gw.base, bearer(admin)), 401, 'invalid_token', /invalid_token/);
    } finally {
      await gw.server.shutdown();
    }
  });

  it('takes the admin token by its bcrypt hash without a warning; without any admin token, only access tokens', async () => {
    const hashed = await gateway(adminConfig('memory', { enabled: true, token_hash: bcrypt.hashSync(ADMIN_TOKEN, 4) }));
    const none = await gateway(adminConfig('memory', { enabled: true }));
    try {
      expect((await counts(hashed.base, bearer(ADMIN_TOKEN))).status).toBe(200);
      expectRefusal(await counts(hashed.base, bearer('x'.repeat(40))), 401, 'invalid_token', /invalid_token/);
      expect(hashed.lines.filter((line) => String(line.msg).includes('admin.token'))).toEqual([]);
      expectRefusal(await counts(none.base, bearer(ADMIN_TOKEN)), 401, 'invalid_token', /invalid_token/);
      expect((await counts(none.base, bearer(await clientToken(none.base, OPS, ADMIN_SCOPE)))).status).toBe(200);
    } finally {
      await hashed.server.shutdown();
      await none.server.shutdown();
    }
  });
});

describe('admin API configuration', () => {
  it('is off by default: nothing answers at /admin, and /docs lists no admin document', async () => {
    const config = adminConfig('memory');
    delete config.admin;
    const runtime = await startRuntime({ config });
    try {
      const res = await request(runtime.app).get('/admin/counts').set('Authorization', bearer(ADMIN_TOKEN));
      expect({ status: res.status, body: res.body }).toEqual({ status: 404, body: { error: 'not_found' } });
      await request(runtime.app).get('/docs/admin/openapi.json').expect(404);
      expect((await request(runtime.app).get('/docs/init.js')).text).not.toContain('/docs/admin/');
    } finally {
      await runtime.close();
    }
    const disabled = await startRuntime({ config: adminConfig('memory', { enabled: false, token: ADMIN_TOKEN }) });
    await request(disabled.app).get('/admin/counts').set('Authorization', bearer(ADMIN_TOKEN)).expect(404);
    await disabled.close();
  });

  it('moves with admin.path, is documented under /docs, and refuses paths that collide', async () => {
    const moved = await startRuntime({ config: adminConfig('memory', { enabled: true, path: '/ops/gateway', token: ADMIN_TOKEN }) });
    try {
      await request(moved.app).get('/ops/gateway/counts').set('Authorization', bearer(ADMIN_TOKEN)).expect(200);
      await request(moved.app).get('/admin/counts').set('Authorization', bearer(ADMIN_TOKEN)).expect(404);
      const doc = await request(moved.app).get('/docs/admin/openapi.json').expect(200);
      expect(doc.body.openapi).toBe('3.1.0');
      expect(Object.keys(doc.body.paths).sort()).toEqual(
        ['/ops/gateway/clients/{client_id}/grants', '/ops/gateway/counts', '/ops/gateway/grants/{grant_id}', '/ops/gateway/users/{username}/grants'].sort(),
      );
      expect(Object.keys(doc.body.paths['/ops/gateway/users/{username}/grants']).sort()).toEqual(['delete', 'get']);
      expect(doc.body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
      expect((await request(moved.app).get('/docs/init.js')).text).toContain('/docs/admin/openapi.json');
    } finally {
      await moved.close();
    }
    await expect(startRuntime({ config: adminConfig('memory', { enabled: true, path: '/oauth2' }) })).rejects.toThrow(/under the admin path \/oauth2; move the dialect or set admin.path/);
    await expect(startRuntime({ config: adminConfig('memory', { enabled: true, path: '/docs/admin' }) })).rejects.toThrow(/admin.path \/docs\/admin overlaps docs.path \/docs/);
  });

  it.each([
    ['both token and token_hash', { enabled: true, token: ADMIN_TOKEN, token_hash: bcrypt.hashSync(ADMIN_TOKEN, 4) }, /\/admin: give token or token_hash, not both/],
    ['a short plain token', { enabled: true, token: 'short' }, /\/admin\/token/],
    ['a token_hash that is no bcrypt hash', { enabled: true, token_hash: 'sha256:abc' }, /\/admin\/token_hash/],
    ['a scope with a space', { enabled: true, scope: 'gateway admin' }, /\/admin\/scope/],
    ['a relative path', { enabled: true, path: 'admin' }, /\/admin\/path/],
    ['an unknown key', { enabled: true, tokn: ADMIN_TOKEN }, /\/admin: unknown key "tokn" — did you mean "token"/],
  ])('refuses %s at load, naming the key', (_what, admin, message) => {
    expect(() => loadConfig({ ...adminConfig('memory'), admin }, DIALECTS)).toThrow(message);
  });
});
