import type { Runtime } from '../../../src/runtime';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { apply, BUNDLE_KEYS, CLIENT, expectState, expectSuccess, expectSuccessor, post, startIform } from './helpers';

describe('iform code flow: user/login/apply → authorize/apply → authentication/apply', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  beforeAll(async () => {
    runtime = await startIform({ enabled: true }, { clock });
  });
  afterAll(() => runtime.close());

  const login = async (username = 'iform', password = '123456') => {
    const body = { username, password, captcha: '', requestId: '' };
    expectSchema('iform', 'login.request', body);
    const res = await post(runtime, '/user/login/apply', body);
    expectSuccess(res, 'login.response');
    return res.body.data as string;
  };
  const authorize = async (loginState: string) => {
    const body = { client_id: 'iform', login_state: loginState };
    expectSchema('iform', 'authorize.request', body);
    const res = await post(runtime, '/authorize/apply', body);
    expectSuccess(res, 'authorize.response');
    return res.body.data as string;
  };

  it('turns a login into a code and the code into the seed\'s bundle with variables {code, redirect_uri}', async () => {
    const code = await authorize(await login());
    const body = { ...CLIENT, authorize_code: code, grant_type: 'authorization_code' };
    expectSchema('iform', 'apply.request', body);
    const res = await apply(runtime, body);
    expectSuccess(res, 'apply.response');
    expect(Object.keys(res.body.variables)).toEqual(['code', 'redirect_uri']);
    expect(res.body.variables.code).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.variables.code).not.toBe(code);
    expect(res.body.variables.redirect_uri).toBeNull();
    expect(Object.keys(res.body.data)).toEqual(BUNDLE_KEYS);
    expect(res.body.data).toMatchObject({ uid: '626353848415420416', primary_refresh_token: null, expires_in: 28800, remind_in: 259200 });
    expectSuccessor(res.body.data.access_token, res.body.data.refresh_token);

    const verify = await post(runtime, `/authentication/verify?access_token=${res.body.data.access_token}`);
    expectSuccess(verify, 'verify.response');
    expect(verify.body.variables).toEqual({ clientId: 'iform', 'grant.type': 'authorization_code' });
    expect(verify.body.data).toBe('iform');
  });

  it('echoes redirect_uri in variables', async () => {
    const code = await authorize(await login());
    const res = await apply(runtime, { ...CLIENT, authorize_code: code, grant_type: 'authorization_code', redirect_uri: 'https://app.example/cb' });
    expectSuccess(res, 'apply.response');
    expect(res.body.variables.redirect_uri).toBe('https://app.example/cb');
  });

  it('a code works once; its second use revokes what it issued', async () => {
    const code = await authorize(await login());
    const first = await apply(runtime, { ...CLIENT, authorize_code: code, grant_type: 'authorization_code' });
    expectSuccess(first, 'apply.response');
    expectState(await apply(runtime, { ...CLIENT, authorize_code: code, grant_type: 'authorization_code' }), 6020201);
    expectState(await post(runtime, `/authentication/verify?access_token=${first.body.data.access_token}`), 6020201);
  });

  it('a code belongs to its client', async () => {
    const code = await authorize(await login());
    const res = await apply(runtime, { client_id: 'web-app', client_secret: 's3cret', authorize_code: code, grant_type: 'authorization_code' });
    expectState(res, 6020201);
  });

  it('a login_state is single-use and short-lived', async () => {
    const state = await login();
    await authorize(state);
    expectState(await post(runtime, '/authorize/apply', { client_id: 'iform', login_state: state }), 6020201);
    const later = await login();
    clock.advance(301);
    try {
      expectState(await post(runtime, '/authorize/apply', { client_id: 'iform', login_state: later }), 6020201);
    } finally {
      clock.current = Math.floor(Date.now() / 1000);
    }
  });

  it('an authorize code expires', async () => {
    const code = await authorize(await login());
    clock.advance(301);
    try {
      expectState(await apply(runtime, { ...CLIENT, authorize_code: code, grant_type: 'authorization_code' }), 6020201);
    } finally {
      clock.current = Math.floor(Date.now() / 1000);
    }
  });

  it('states of the first steps', async () => {
    const wrong = await post(runtime, '/user/login/apply', { username: 'iform', password: 'nope' });
    expectState(wrong, 6020101);
    expect(wrong.body.message).toBe('用户名或密码错误');
    expectState(await post(runtime, '/user/login/apply', { username: 'mallory', password: 'locked-out' }), 6020101);
    expectState(await post(runtime, '/user/login/apply', { username: 'iform' }), 6010101);
    const state = await login();
    expectState(await post(runtime, '/authorize/apply', { client_id: 'ghost', login_state: state }), 6010101);
    expectState(await post(runtime, '/authorize/apply', { client_id: 'iform', login_state: 'forged' }), 6020201);
    expectState(await post(runtime, '/authorize/apply', { client_id: 'iform' }), 6010101);
    // A client that may not use the code grant.
    expectState(await post(runtime, '/authorize/apply', { client_id: 'no-code', login_state: await login() }), 6010104);
  });
});

describe('iform code flow, reusable login_state', () => {
  it('login_state_single_use: false lets one login authorize several clients', async () => {
    const runtime = await startIform({ enabled: true, login_state_single_use: false });
    try {
      const res = await post(runtime, '/user/login/apply', { username: 'iform', password: '123456' });
      for (let i = 0; i < 2; i++) {
        expectSuccess(await post(runtime, '/authorize/apply', { client_id: 'iform', login_state: res.body.data }), 'authorize.response');
      }
    } finally {
      await runtime.close();
    }
  });
});
