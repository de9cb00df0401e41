import type { Runtime } from '../../../src/runtime';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { apply, CLIENT, expectState, expectSuccess, passwordLogin, post, ROW_KEYS, startIform } from './helpers';

const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('iform authentication/query and remove', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  let admin: Record<string, unknown>;
  beforeAll(async () => {
    runtime = await startIform({ enabled: true }, { clock });
    admin = await passwordLogin(runtime);
  });
  afterAll(() => runtime.close());

  const query = (body: Record<string, unknown>, token = admin.access_token as string) => {
    expectSchema('iform', 'query.request', body);
    return post(runtime, '/authentication/query', body, token);
  };
  const rowsOf = (res: { body: { data: { dataResult: Array<Record<string, unknown>> } } }) => res.body.data.dataResult;

  it('lists live tokens with TTL seconds and dates, paged (the seed\'s request)', async () => {
    const zjh = await passwordLogin(runtime, 'zjh', 'zjh-password');
    const res = await query({ requestPage: { pageNo: 1, limit: 15 } });
    expectSuccess(res, 'query.response');
    expect(Object.keys(res.body.data)).toEqual(['dataResult', 'pageResult']);
    expect(Object.keys(res.body.data.pageResult)).toEqual(['limit', 'page', 'totalCount', 'totalPages']);
    expect(res.body.data.pageResult).toMatchObject({ limit: 15, page: 1 });
    const rows = rowsOf(res);
    for (const row of rows) expect(Object.keys(row)).toEqual(ROW_KEYS);
    const mine = rows.find((r) => r.refreshToken === zjh.refresh_token)!;
    expect(mine).toMatchObject({ accessToken: zjh.access_token, identity: 'zjh', identityType: 'user', accessTokenTtlSeconds: 28800, refreshTokenTtlSeconds: 259200 });
    expect(mine.accessTokenTtlDate).toMatch(DATE);
    expect(mine.refreshTokenTtlDate).toMatch(DATE);
  });

  it('pages through every live grant', async () => {
    for (let i = 0; i < 3; i++) await passwordLogin(runtime, 'zjh', 'zjh-password');
    const all = await query({ requestPage: { pageNo: 1, limit: 1000 } });
    const total = all.body.data.pageResult.totalCount as number;
    expect(rowsOf(all)).toHaveLength(total);
    const page2 = await query({ parameters: [], requestPage: { pageNo: 2, limit: 2, totalCount: null }, sorts: [] });
    expectSuccess(page2, 'query.response');
    expect(page2.body.data.pageResult).toEqual({ limit: 2, page: 2, totalCount: total, totalPages: Math.ceil(total / 2) });
    expect(rowsOf(page2).map((r) => r.refreshToken)).toEqual(rowsOf(all).slice(2, 4).map((r) => r.refreshToken));
    const defaults = await query({});
    expect(defaults.body.data.pageResult).toMatchObject({ limit: 20, page: 1 });
  });

  it('shows dates in the configured time zone (Asia/Shanghai by default)', async () => {
    const res = await query({ requestPage: { pageNo: 1, limit: 1000 } });
    const row = rowsOf(res).find((r) => r.accessToken === admin.access_token)!;
    const expiresAt = clock.now() + (row.accessTokenTtlSeconds as number);
    const shanghai = new Date((expiresAt + 8 * 3600) * 1000).toISOString().replace('T', ' ').slice(0, 19);
    expect(row.accessTokenTtlDate).toBe(shanghai);
  });

  it('shows accessToken null once it has expired while the refresh token lives, and TTLs as time left', async () => {
    const zjh = await passwordLogin(runtime, 'zjh', 'zjh-password');
    clock.advance(100);
    try {
      let row = rowsOf(await query({ requestPage: { limit: 1000 } })).find((r) => r.refreshToken === zjh.refresh_token)!;
      expect(row).toMatchObject({ accessTokenTtlSeconds: 28700, refreshTokenTtlSeconds: 259100 });
      clock.advance(28800);
      const fresh = await passwordLogin(runtime); // the admin's own token must be live to ask
      row = rowsOf(await query({ requestPage: { limit: 1000 } }, fresh.access_token as string)).find((r) => r.refreshToken === zjh.refresh_token)!;
      expect(row).toMatchObject({ accessToken: null, accessTokenTtlSeconds: null, accessTokenTtlDate: null, refreshTokenTtlSeconds: 259200 - 28900 });
    } finally {
      clock.current = Math.floor(Date.now() / 1000);
    }
  });

  it('filters with Q^…^S and Q^…^SL, and dates with DL / DG', async () => {
    await apply(runtime, { ...CLIENT, grant_type: 'client_credentials' });
    const users = await query({ parameters: [{ key: 'Q^IDENTITY_TYPE_^S', value: 'user' }], requestPage: { limit: 1000 } });
    expectSuccess(users, 'query.response');
    expect(rowsOf(users).length).toBeGreaterThan(0);
    expect(rowsOf(users).every((r) => r.identityType === 'user')).toBe(true);
    expect(users.body.data.pageResult.totalCount).toBe(rowsOf(users).length);

    const like = await query({ parameters: [{ key: 'Q^IDENTITY_^SL', value: 'ZJ' }], requestPage: { limit: 1000 } });
    expect(rowsOf(like).length).toBeGreaterThan(0);
    expect(rowsOf(like).every((r) => r.identity === 'zjh')).toBe(true);

    const clients = await query({ parameters: [{ key: 'Q^identityType^S', value: 'client' }, { key: 'Q^IDENTITY_^S', value: 'iform' }], requestPage: { limit: 1000 } });
    expect(rowsOf(clients).length).toBeGreaterThan(0);
    expect(rowsOf(clients).every((r) => r.identityType === 'client' && r.identity === 'iform')).toBe(true);

    const today = new Date((clock.now() + 8 * 3600) * 1000).toISOString().slice(0, 10);
    const none = await query({ parameters: [{ key: 'Q^REFRESH_TOKEN_TTL_DATE_^DG', value: today }], requestPage: { limit: 1000 } });
    expect(rowsOf(none)).toEqual([]);
    const all = await query({ parameters: [{ key: 'Q^REFRESH_TOKEN_TTL_DATE_^DL', value: today }, { key: 'Q^IDENTITY_^S', value: '' }], requestPage: { limit: 1000 } });
    expect(rowsOf(all).length).toBe((await query({ requestPage: { limit: 1000 } })).body.data.pageResult.totalCount);
  });

  it('sorts by any row field, ASC or DESC', async () => {
    const asc = rowsOf(await query({ sorts: [{ field: 'identity', order: 'ASC' }, { field: 'refreshTokenTtlSeconds', order: 'DESC' }], requestPage: { limit: 1000 } }));
    const identities = asc.map((r) => r.identity as string);
    expect(identities).toEqual([...identities].sort());
    const desc = rowsOf(await query({ sorts: [{ field: 'ACCESS_TOKEN_TTL_SECONDS_', order: 'desc' }], requestPage: { limit: 1000 } }));
    const ttls = desc.map((r) => r.accessTokenTtlSeconds).filter((t): t is number => t !== null);
    expect(ttls).toEqual([...ttls].sort((a, b) => b - a));
  });

  it('refuses bad APIRequests with 6010101', async () => {
    const bad: Array<Record<string, unknown>> = [
      { parameters: [{ key: 'IDENTITY_', value: 'x' }] },
      { parameters: [{ key: 'Q^IDENTITY_^XX', value: 'x' }] },
      { parameters: [{ key: 'Q^COLOUR_^S', value: 'x' }] },
      { parameters: [{ key: 'Q^IDENTITY_^DL', value: '2024-01-01' }] },
      { parameters: [{ key: 'Q^ACCESS_TOKEN_TTL_DATE_^DL', value: 'yesterday' }] },
      { sorts: [{ field: 'colour' }] },
      { sorts: [{ field: 'identity', order: 'UP' }] },
      { requestPage: { pageNo: 0, limit: 10 } },
      { requestPage: { pageNo: 1, limit: 100000 } },
      { requestPage: 'first' },
    ];
    for (const body of bad) expectState(await post(runtime, '/authentication/query', body, admin.access_token as string), 6010101);
  });

  it('is for administrators: no token 6020201, expired 6020301, non-admin 6010104', async () => {
    expectState(await post(runtime, '/authentication/query', {}), 6020201);
    expectState(await post(runtime, '/authentication/query', {}, 'ffffffffffff11e9c9869cf7db4dca77'), 6020201);
    const zjh = await passwordLogin(runtime, 'zjh', 'zjh-password');
    expectState(await post(runtime, '/authentication/query', {}, zjh.access_token as string), 6010104);
    const service = await apply(runtime, { ...CLIENT, grant_type: 'client_credentials' });
    expectState(await post(runtime, '/authentication/query', {}, service.body.data.access_token), 6010104);
    const old = await passwordLogin(runtime);
    clock.advance(28801);
    try {
      expectState(await post(runtime, '/authentication/query', {}, old.access_token as string), 6020301);
      expectState(await post(runtime, '/authentication/remove', { type: 'token', tokens: ['x'] }, old.access_token as string), 6020301);
    } finally {
      clock.current = Math.floor(Date.now() / 1000);
    }
  });

  it('remove type "token" removes access tokens only', async () => {
    const zjh = await passwordLogin(runtime, 'zjh', 'zjh-password');
    const body = { type: 'token', tokens: [zjh.access_token, zjh.refresh_token, 'unknown'] };
    expectSchema('iform', 'remove.request', body);
    const res = await post(runtime, '/authentication/remove', body, admin.access_token as string);
    expectSuccess(res, 'remove.response');
    expect(res.body.data).toBeNull();
    expectState(await post(runtime, `/authentication/verify?access_token=${zjh.access_token}`), 6020201);
    const row = rowsOf(await query({ requestPage: { limit: 1000 } })).find((r) => r.refreshToken === zjh.refresh_token)!;
    expect(row.accessToken).toBeNull();
    expectSuccess(await apply(runtime, { refresh_token: zjh.refresh_token, grant_type: 'refresh_token' }), 'apply.response');
  });

  it('remove type "refresh" removes refresh tokens with their access tokens', async () => {
    const zjh = await passwordLogin(runtime, 'zjh', 'zjh-password');
    const res = await post(runtime, '/authentication/remove', { type: 'refresh', tokens: [zjh.refresh_token] }, admin.access_token as string);
    expectSuccess(res, 'remove.response');
    expectState(await post(runtime, `/authentication/verify?access_token=${zjh.access_token}`), 6020201);
    expectState(await apply(runtime, { refresh_token: zjh.refresh_token, grant_type: 'refresh_token' }), 6020201);
    const rows = rowsOf(await query({ requestPage: { limit: 1000 } }));
    expect(rows.some((r) => r.refreshToken === zjh.refresh_token)).toBe(false);
  });

  it('remove: a refresh value under type "token" is left alone, bad bodies are 6010101, non-admins 6010104', async () => {
    const zjh = await passwordLogin(runtime, 'zjh', 'zjh-password');
    expectSuccess(await post(runtime, '/authentication/remove', { type: 'refresh', tokens: [zjh.access_token] }, admin.access_token as string), 'remove.response');
    expectSuccess(await post(runtime, `/authentication/verify?access_token=${zjh.access_token}`), 'verify.response');
    for (const body of [{ type: 'all', tokens: ['x'] }, { type: 'token', tokens: [] }, { type: 'token' }, { type: 'token', tokens: 'x' }]) {
      expectState(await post(runtime, '/authentication/remove', body, admin.access_token as string), 6010101);
    }
    expectState(await post(runtime, '/authentication/remove', { type: 'token', tokens: [admin.access_token] }, zjh.access_token as string), 6010104);
    expectSuccess(await post(runtime, `/authentication/verify?access_token=${admin.access_token}`), 'verify.response');
  });
});
