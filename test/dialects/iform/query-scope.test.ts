import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { expectSuccess, passwordLogin, post, startIform } from './helpers';

const WEB_APP = 'Basic ' + Buffer.from('web-app:s3cret').toString('base64');

/** Another dialect's grant: a standard password grant for bob, who never signs in through iform. */
async function standardLogin(runtime: Runtime): Promise<{ access_token: string; refresh_token: string }> {
  const res = await request(runtime.app).post('/std/token').set('Authorization', WEB_APP).type('form').send({ grant_type: 'password', username: 'bob', password: 'builder' });
  expect(res.status).toBe(200);
  return res.body;
}

/** A CAS-minted grant: alice signs in through CAS's token endpoint, never through iform. */
async function casLogin(runtime: Runtime): Promise<string> {
  const res = await request(runtime.app).get('/oauth2.0/accessToken').query({ grant_type: 'password', client_id: 'web-app', client_secret: 's3cret', username: 'alice', password: 'wonderland' });
  expect(res.status).toBe(200);
  const token = (res.body.access_token as string | undefined) ?? /access_token=([^&]+)/.exec(res.text)?.[1];
  expect(token).toMatch(/^AT-/);
  return token!;
}

const active = async (runtime: Runtime, token: string) =>
  (await request(runtime.app).post('/std/introspect').set('Authorization', WEB_APP).type('form').send({ token })).body.active as boolean;

describe.each([
  ['default (iform only)', { enabled: true }, false],
  ['query_scope: all', { enabled: true, query_scope: 'all' }, true],
] as const)('iform query and remove, %s', (_name, section, crossDialect) => {
  let runtime: Runtime;
  let admin: Record<string, unknown>;
  beforeAll(async () => {
    runtime = await startIform(section, { overrides: { dialects: { standard: { enabled: true }, cas: { enabled: true }, iform: section } } });
    admin = await passwordLogin(runtime);
  });
  afterAll(() => runtime.close());

  const query = (body: Record<string, unknown>) => post(runtime, '/authentication/query', body, admin.access_token as string);
  /** Who the listed rows are for ("identity"), and their token values (a dialect that keeps no values shows null). */
  const listedRows = async (body: Record<string, unknown> = { requestPage: { pageNo: 1, limit: 1000 } }) => {
    const res = await query(body);
    expectSuccess(res, 'query.response');
    const rows = res.body.data.dataResult as Array<{ identity: string; accessToken: string | null; refreshToken: string | null }>;
    return { identities: rows.map((r) => r.identity), tokens: rows.flatMap((r) => [r.accessToken, r.refreshToken]) };
  };

  it(crossDialect ? 'lists another dialect\'s grants too' : 'does not list a grant minted through another dialect', async () => {
    const iform = await passwordLogin(runtime, 'zjh', 'zjh-password');
    await standardLogin(runtime);
    await casLogin(runtime);
    const listed = await listedRows();
    expect(listed.tokens).toContain(iform.refresh_token);
    expect(listed.identities.includes('bob')).toBe(crossDialect);
    expect(listed.identities.includes('alice')).toBe(crossDialect);
    // A filtered query (the scan path) keeps to the same scope.
    const filtered = await listedRows({ parameters: [{ key: 'Q^IDENTITY_TYPE_^S', value: 'user' }], requestPage: { pageNo: 1, limit: 1000 } });
    expect(filtered.tokens).toContain(iform.refresh_token);
    expect(filtered.identities.includes('bob')).toBe(crossDialect);
  });

  it('pages the scoped rows with a total that counts only them', async () => {
    for (let i = 0; i < 3; i++) await passwordLogin(runtime, 'zjh', 'zjh-password');
    const all = await query({ requestPage: { pageNo: 1, limit: 1000 } });
    const total = all.body.data.pageResult.totalCount as number;
    expect(all.body.data.dataResult).toHaveLength(total);
    const page2 = await query({ requestPage: { pageNo: 2, limit: 2 } });
    expect(page2.body.data.pageResult).toMatchObject({ totalCount: total, totalPages: Math.ceil(total / 2) });
    expect(page2.body.data.dataResult).toEqual(all.body.data.dataResult.slice(2, 4));
  });

  it(crossDialect ? 'removes another dialect\'s token' : 'leaves another dialect\'s token alone on remove', async () => {
    const std = await standardLogin(runtime);
    const cas = await casLogin(runtime);
    const iform = await passwordLogin(runtime, 'zjh', 'zjh-password');
    const res = await post(runtime, '/authentication/remove', { type: 'token', tokens: [std.access_token, cas, iform.access_token] }, admin.access_token as string);
    expectSuccess(res, 'remove.response');
    expect(await active(runtime, iform.access_token as string)).toBe(false);
    expect(await active(runtime, std.access_token)).toBe(!crossDialect);
    expect(await active(runtime, cas)).toBe(!crossDialect);
  });
});
