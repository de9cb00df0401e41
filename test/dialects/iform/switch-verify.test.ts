import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { apply, BUNDLE_KEYS, CLIENT, expectState, expectSuccess, passwordLogin, post, startIform, V3 } from './helpers';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('iform switch, switch/exit and verify', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  beforeAll(async () => {
    runtime = await startIform({ enabled: true }, { clock });
  });
  afterAll(() => runtime.close());

  const verify = (token: string) => post(runtime, `/authentication/verify?access_token=${token}`);

  it('switch gives the admin a bundle for the target, with primary_refresh_token = the admin\'s refresh token', async () => {
    const admin = await passwordLogin(runtime);
    const body = { ...CLIENT, grant_type: 'authorization_code', access_token: admin.access_token, username: 'zjh' };
    expectSchema('iform', 'switch.request', body);
    const res = await post(runtime, '/authentication/switch', body, admin.access_token as string);
    expectSuccess(res, 'switch.response');
    expect(Object.keys(res.body.data)).toEqual(BUNDLE_KEYS);
    expect(res.body.data).toMatchObject({ primary_refresh_token: admin.refresh_token, uid: null, publisher: null, applicant: null, expires_in: 28800, remind_in: 259200 });
    const who = await verify(res.body.data.access_token);
    expectSuccess(who, 'verify.response');
    expect(who.body.data).toBe('zjh');

    const exitBody = { ...CLIENT, grant_type: 'authorization_code', access_token: res.body.data.access_token, username: 'iform' };
    expectSchema('iform', 'switch-exit.request', exitBody);
    const back = await post(runtime, '/authentication/switch/exit', exitBody, res.body.data.access_token);
    expectSuccess(back, 'switch-exit.response');
    expect(Object.keys(back.body.data)).toEqual(BUNDLE_KEYS);
    expect(back.body.data).toMatchObject({ refresh_token: admin.refresh_token, primary_refresh_token: null, uid: '626353848415420416', expires_in: 28800 });
    expect((await verify(back.body.data.access_token)).body.data).toBe('iform');
    // The impersonated session is over.
    expectState(await verify(res.body.data.access_token), 6020201);
    expectState(await apply(runtime, { refresh_token: res.body.data.refresh_token, grant_type: 'refresh_token' }), 6020201);
  });

  it('takes the admin token from the header when the body has none', async () => {
    const admin = await passwordLogin(runtime);
    const res = await post(runtime, '/authentication/switch', { username: 'zjh' }, admin.access_token as string);
    expectSuccess(res, 'switch.response');
    const back = await post(runtime, '/authentication/switch/exit', {}, res.body.data.access_token);
    expectSuccess(back, 'switch-exit.response');
  });

  it('switch states: non-admin 6010104, unknown token 6020201, unknown user 6010101, wrong client 6010101, not switched 6010101', async () => {
    const zjh = await passwordLogin(runtime, 'zjh', 'zjh-password');
    expectState(await post(runtime, '/authentication/switch', { ...CLIENT, access_token: zjh.access_token, username: 'iform' }), 6010104);
    expectState(await post(runtime, '/authentication/switch', { ...CLIENT, access_token: '0d732c20fa2011e9c9869cf7db4dca77', username: 'admin' }), 6020201);
    const admin = await passwordLogin(runtime);
    expectState(await post(runtime, '/authentication/switch', { ...CLIENT, access_token: admin.access_token, username: 'ghost' }), 6010101);
    expectState(await post(runtime, '/authentication/switch', { ...CLIENT, access_token: admin.access_token }), 6010101);
    expectState(await post(runtime, '/authentication/switch', { ...CLIENT, client_secret: 'nope', access_token: admin.access_token, username: 'zjh' }), 6010101);
    expectState(await post(runtime, '/authentication/switch', { client_id: 'web-app', client_secret: 's3cret', access_token: admin.access_token, username: 'zjh' }), 6010101);
    expectState(await post(runtime, '/authentication/switch/exit', { ...CLIENT, access_token: admin.access_token, username: 'iform' }), 6010101);
    expectState(await post(runtime, '/authentication/switch/exit', { ...CLIENT, username: 'iform' }), 6020201);
  });

  it('verify: data = username, variables {clientId, "grant.type"} with IBPS grant names', async () => {
    const login = await passwordLogin(runtime);
    expectSchema('iform', 'verify.request', { access_token: login.access_token });
    const res = await verify(login.access_token as string);
    expectSuccess(res, 'verify.response');
    expect(Object.keys(res.body.variables)).toEqual(['clientId', 'grant.type']);
    expect(res.body.variables).toEqual({ clientId: 'iform', 'grant.type': 'password_credentials' });
    expect(res.body.data).toBe('iform');
    const service = await apply(runtime, { ...CLIENT, grant_type: 'client_credentials' });
    const svc = await verify(service.body.data.access_token);
    expect(svc.body).toMatchObject({ data: 'iform', variables: { clientId: 'iform', 'grant.type': 'client_credentials' } });
    const viaGet = await request(runtime.app).get(`${V3}/authentication/verify`).query({ access_token: login.access_token as string });
    expectSuccess(viaGet, 'verify.response');
    const viaForm = await request(runtime.app).post(`${V3}/authentication/verify`).type('form').send({ access_token: login.access_token as string });
    expectSuccess(viaForm, 'verify.response');
    expectSuccess(await post(runtime, `/authentication/verify?access_token=${login.access_token}&uid=626353848415420416`), 'verify.response');
  });

  it('verify states: missing or unknown 6020201, a refresh token 6020201, wrong uid 6020201, expired 6020301, repeated 6010101', async () => {
    const login = await passwordLogin(runtime);
    const missing = await post(runtime, '/authentication/verify');
    expectState(missing, 6020201);
    expect(missing.body.message).toBe('无效的token');
    expectState(await verify('84f395b0fa2911e9c9869cf7db4dca77'), 6020201);
    expectState(await verify(login.refresh_token as string), 6020201);
    expectState(await post(runtime, `/authentication/verify?access_token=${login.access_token}&uid=1`), 6020201);
    expectState(await post(runtime, `/authentication/verify?access_token=${login.access_token}&access_token=x`), 6010101);
    clock.advance(28801);
    try {
      const expired = await verify(login.access_token as string);
      expectState(expired, 6020301);
      expect(expired.body.message).toBe('token已过期');
    } finally {
      clock.current = Math.floor(Date.now() / 1000);
    }
  });

  it('a token applied for here introspects and verifies through the standard dialect', async () => {
    const login = await passwordLogin(runtime);
    const facts = await request(runtime.app).post('/std/introspect').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: login.access_token as string });
    expect(facts.status).toBe(200);
    expectSchema('standard', 'introspect.response', facts.body);
    expect(facts.body).toMatchObject({ active: true, sub: 'iform', client_id: 'iform', token_type: 'access_token' });
    const me = await request(runtime.app).get('/std/userinfo').set('Authorization', `Bearer ${login.access_token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ sub: 'iform', uid: '626353848415420416' });
    const refresh = await request(runtime.app).post('/std/introspect').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: login.refresh_token as string });
    expect(refresh.body).toMatchObject({ active: true, token_type: 'refresh_token' });
  });

  it('iform verify accepts a token minted by /std/token, and refreshes its refresh token', async () => {
    const std = await request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'password', username: 'alice', password: 'wonderland' });
    expect(std.status).toBe(200);
    const res = await verify(std.body.access_token);
    expectSuccess(res, 'verify.response');
    expect(res.body).toMatchObject({ data: 'alice', variables: { clientId: 'web-app', 'grant.type': 'password_credentials' } });
    const refreshed = await apply(runtime, { refresh_token: std.body.refresh_token, grant_type: 'refresh_token' });
    expectSuccess(refreshed, 'apply.response');
    expect(refreshed.body.data.uid).toBe('1001');
    const revoked = await request(runtime.app).post('/std/revoke').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: refreshed.body.data.refresh_token });
    expect(revoked.status).toBe(200);
    expectState(await verify(refreshed.body.data.access_token), 6020201);
  });
});
