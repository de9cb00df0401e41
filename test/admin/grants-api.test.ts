import request from 'supertest';
import type { RawConfig } from '../../src/config/types';
import type { Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime } from '../helpers/gateway';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { ADMIN_SCOPE, adminConfig, bearer, clientToken, DOORS, expectAdminSchema, LOGINS, OPS, PLAIN } from './helpers';

/*
 * The admin API's listings, paging, counts, revocation of one grant and of a client's grants,
 * and its refusals of bad requests, on the memory store and on Redis.
 */

const PLAIN_GRANTS = 7;
const standardDoor = DOORS.find((door) => door.dialect === 'standard')!;

interface Listed {
  grant_id: string;
  client_id: string;
  subject: { type: string; id: string; username?: string };
  tokens: Array<{ kind: string; expires_at: number }>;
}

function apiSuite(name: string, store: () => RawConfig['store'], cleanup: () => Promise<void> = async () => undefined): void {
  describe(`admin API on ${name}`, () => {
    let runtime: Runtime;
    let server: RunningServer;
    let base: string;
    let admin: string;
    const plainTokens: string[] = [];
    const get = (path: string) => request(base).get(path).set('Authorization', bearer(admin));
    const del = (path: string) => request(base).delete(path).set('Authorization', bearer(admin));

    beforeAll(async () => {
      runtime = await startRuntime({ config: adminConfig(store()) });
      server = await listen(runtime, 0, '127.0.0.1', silentLogger);
      base = server.url;
      admin = await clientToken(base, OPS, ADMIN_SCOPE);
      for (let i = 0; i < PLAIN_GRANTS; i++) plainTokens.push(await clientToken(base, PLAIN));
      for (const dialect of LOGINS.filter((l) => l.dialect === 'cas' || l.dialect === 'spring')) await dialect.login(base, 'bob', 'builder');
    });
    afterAll(async () => {
      await server?.shutdown();
      await cleanup();
    });

    it("pages through a client's grants: every grant once, newest expiry first, the page's own size, no token values", async () => {
      const pages = [];
      for (let page = 1; page <= 4; page++) {
        const res = await get(`/admin/clients/${PLAIN.client_id}/grants?page=${page}&limit=3`);
        expect(res.status).toBe(200);
        expect(res.headers['cache-control']).toBe('no-store');
        expectAdminSchema('GrantListing', res.body);
        expect({ total: res.body.total, page: res.body.page, limit: res.body.limit }).toEqual({ total: PLAIN_GRANTS, page, limit: 3 });
        for (const token of plainTokens) expect(res.text).not.toContain(token);
        pages.push(res.body.grants as Listed[]);
      }
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1, 0]);
      const grants = pages.flat();
      expect(new Set(grants.map((g) => g.grant_id)).size).toBe(PLAIN_GRANTS);
      const expiries = grants.map((g) => g.tokens[0].expires_at);
      expect(expiries).toEqual([...expiries].sort((x, y) => y - x));
      for (const grant of grants) {
        expect(grant).toMatchObject({ client_id: PLAIN.client_id, subject: { type: 'client', id: PLAIN.client_id }, grant_type: 'client_credentials', scope: 'read' });
        expect(grant.tokens.map((t) => t.kind)).toEqual(['access_token']);
      }
      const defaults = await get(`/admin/clients/${PLAIN.client_id}/grants`);
      expect({ page: defaults.body.page, limit: defaults.body.limit, listed: defaults.body.grants.length }).toEqual({ page: 1, limit: 50, listed: PLAIN_GRANTS });
    });

    it("lists a user's grants across clients, or of one client, and a client id with characters to encode", async () => {
      const all = await get('/admin/users/bob/grants');
      expect((all.body.grants as Listed[]).map((g) => g.client_id).sort()).toEqual(['xxx', '你的客户端id'].sort());
      const cas = await get('/admin/users/bob/grants?client_id=xxx');
      expect({ total: cas.body.total, clients: (cas.body.grants as Listed[]).map((g) => g.client_id) }).toEqual({ total: 1, clients: ['xxx'] });
      const spring = await get(`/admin/clients/${encodeURIComponent('你的客户端id')}/grants`);
      expect({ total: spring.body.total, user: spring.body.grants[0].subject.username }).toEqual({ total: 1, user: 'bob' });
      expect((await get('/admin/users/nobody-ever/grants')).body).toEqual({ total: 0, page: 1, limit: 50, grants: [] });
    });

    it('counts live grants: in total and per configured client, of a user, of a client, of a user at a client', async () => {
      const counts = await get('/admin/counts');
      expect(counts.status).toBe(200);
      expectAdminSchema('Counts', counts.body);
      const byClient = counts.body.by_client as Record<string, number>;
      expect(Object.keys(byClient).sort()).toEqual(runtime.engine.directory.allClients().map((c) => c.clientId).sort());
      expect(byClient).toMatchObject({ [PLAIN.client_id]: PLAIN_GRANTS, [OPS.client_id]: 1, xxx: 1, '你的客户端id': 1, 'web-app': 0 });
      expect(counts.body.live_grants).toBe(Object.values(byClient).reduce((sum, n) => sum + n, 0));
      expect((await get(`/admin/counts?client_id=${PLAIN.client_id}`)).body).toEqual({ live_grants: PLAIN_GRANTS });
      expect((await get('/admin/counts?username=bob')).body).toEqual({ live_grants: 2 });
      expect((await get('/admin/counts?username=bob&client_id=xxx')).body).toEqual({ live_grants: 1 });
    });

    it('shows and revokes one grant by id; then it is unknown (404) and its token refused', async () => {
      const [grant] = (await get(`/admin/clients/${PLAIN.client_id}/grants?limit=1`)).body.grants as Listed[];
      const shown = await get(`/admin/grants/${grant.grant_id}`);
      expect(shown.status).toBe(200);
      expectAdminSchema('Grant', shown.body);
      expect(shown.body).toEqual(grant);
      const liveBefore = await Promise.all(plainTokens.map((token) => standardDoor.check(base, token)));
      expect(liveBefore.filter((v) => v === 'live')).toHaveLength(PLAIN_GRANTS);

      const revoked = await del(`/admin/grants/${grant.grant_id}`);
      expect({ status: revoked.status, body: revoked.body }).toEqual({ status: 200, body: { revoked: 1, tokens: 1 } });
      const liveAfter = await Promise.all(plainTokens.map((token) => standardDoor.check(base, token)));
      expect(liveAfter.filter((v) => v === 'refused')).toHaveLength(1);
      for (const res of [await get(`/admin/grants/${grant.grant_id}`), await del(`/admin/grants/${grant.grant_id}`)]) {
        expect({ status: res.status, error: res.body.error, described: typeof res.body.error_description }).toEqual({ status: 404, error: 'not_found', described: 'string' });
      }
      expect((await get(`/admin/counts?client_id=${PLAIN.client_id}`)).body).toEqual({ live_grants: PLAIN_GRANTS - 1 });
    });

    it("revokes every grant of a client and no one else's", async () => {
      const revoked = await del(`/admin/clients/${PLAIN.client_id}/grants`);
      expect({ status: revoked.status, body: revoked.body }).toEqual({ status: 200, body: { revoked: PLAIN_GRANTS - 1, tokens: PLAIN_GRANTS - 1 } });
      const verdicts = await Promise.all(plainTokens.map((token) => standardDoor.check(base, token)));
      expect(verdicts).toEqual(plainTokens.map(() => 'refused'));
      expect((await get(`/admin/counts?client_id=${PLAIN.client_id}`)).body).toEqual({ live_grants: 0 });
      expect((await get('/admin/counts?username=bob')).body).toEqual({ live_grants: 2 });
      expect((await get(`/admin/clients/${PLAIN.client_id}/grants`)).body.grants).toEqual([]);
    });

    it.each([
      ['page 0', '/admin/clients/web-app/grants?page=0'],
      ['a negative page', '/admin/clients/web-app/grants?page=-1'],
      ['a page that is not a number', '/admin/clients/web-app/grants?page=two'],
      ['limit 0', '/admin/clients/web-app/grants?limit=0'],
      ['a limit over the maximum', '/admin/clients/web-app/grants?limit=501'],
      ['a fractional limit', '/admin/clients/web-app/grants?limit=1.5'],
      ['an unknown parameter', '/admin/clients/web-app/grants?limt=3'],
      ['a repeated parameter', '/admin/users/bob/grants?page=1&page=2'],
      ['client_id on a client listing', '/admin/clients/web-app/grants?client_id=xxx'],
      ['an unknown parameter of counts', '/admin/counts?user=bob'],
      ['an empty username to count', '/admin/counts?username='],
      ['a grant id with characters no grant id has', '/admin/grants/not.a.grant'],
      ['a username longer than any configured one', `/admin/users/${'u'.repeat(257)}/grants`],
      ['a path that is not valid percent-encoding', '/admin/users/%E0%A4%A/grants'],
    ])('400 for %s, in the JSON error shape', async (_what, path) => {
      const res = await get(path);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'invalid_request' });
      expectAdminSchema('Error', res.body);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('400 for a parameter on a revocation, which revokes nothing', async () => {
      const res = await del('/admin/users/bob/grants?client_id=xxx');
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'invalid_request' });
      expect((await get('/admin/counts?username=bob')).body).toEqual({ live_grants: 2 });
    });

    it('404 for an unknown endpoint and 405 with Allow for a wrong method, both JSON', async () => {
      const unknown = await get('/admin/everything');
      expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 404, body: { error: 'not_found', error_description: expect.any(String) } });
      const wrong = await request(base).post('/admin/counts').set('Authorization', bearer(admin));
      expect({ status: wrong.status, allow: wrong.headers.allow, error: wrong.body.error }).toEqual({ status: 405, allow: 'GET, HEAD', error: 'method_not_allowed' });
      const put = await request(base).put('/admin/grants/AAAA').set('Authorization', bearer(admin));
      expect({ status: put.status, allow: put.headers.allow }).toEqual({ status: 405, allow: 'GET, DELETE, HEAD' });
    });
  });
}

apiSuite('the memory store', () => 'memory');

const prefix = uniquePrefix('admin-api');
describeWithRedis('admin API, real Redis', () => {
  apiSuite('Redis', () => ({ url: REDIS_URL, key_prefix: prefix }), () => dropPrefix(prefix));
});
