import request from 'supertest';
import { demoConfig } from '../../../src/config/demo';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { V3 } from './helpers';
import { SEED, shapeOf } from './seed-examples';

/**
 * The seed's examples replayed in the document's order against the demo configuration (what
 * `npm start` serves): apply ×4, query, remove, switch, switch/exit, verify. Each response must
 * have the document's shape: keys, key order and JSON types.
 */
describe('iform seed replay on the demo configuration', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: { ...demoConfig('http://gateway.test'), bcrypt: { cost: 4 } } });
  });
  afterAll(() => runtime.close());

  const post = (path: string, body: unknown, token?: string) => {
    const test = request(runtime.app).post(`${V3}${path}`);
    if (token) test.set('X-Authorization-access_token', token);
    return test.send(body as object);
  };
  const expectShape = (actual: unknown, expected: unknown) => expect(JSON.stringify(shapeOf(actual))).toBe(JSON.stringify(shapeOf(expected)));

  it('replays every example in order with the document\'s shapes', async () => {
    // 1. The code grant: the code comes from the flow's first two steps.
    const login = await post('/user/login/apply', { username: 'iform', password: '123456' });
    expectSchema('iform', 'login.response', login.body);
    const code = await post('/authorize/apply', { client_id: 'iform', login_state: login.body.data });
    expectSchema('iform', 'authorize.response', code.body);
    const applyCode = await post('/authentication/apply', { ...SEED.applyCode.request, authorize_code: code.body.data });
    expect(applyCode.status).toBe(200);
    expectSchema('iform', 'apply.response', applyCode.body);
    expectShape(applyCode.body, SEED.applyCode.response);
    expect(applyCode.body.data.uid).toBe(SEED.applyCode.response.data.uid);

    // 2–4. client_credentials, password_credentials, refresh_token (of the password grant).
    const bundleShape = { ...SEED.applyCode.response, variables: {} };
    const cc = await post('/authentication/apply', SEED.applyClientCredentials.request);
    expectSchema('iform', 'apply.response', cc.body);
    expectShape(cc.body, bundleShape);
    const password = await post('/authentication/apply', SEED.applyPassword.request);
    expectSchema('iform', 'apply.response', password.body);
    expectShape(password.body, bundleShape);
    const refreshed = await post('/authentication/apply', { ...SEED.applyRefresh.request, refresh_token: password.body.data.refresh_token });
    expectSchema('iform', 'apply.response', refreshed.body);
    expectShape(refreshed.body, bundleShape);
    const admin = refreshed.body.data;

    // 5. query, as the admin (user iform).
    const query = await post('/authentication/query', SEED.query.request, admin.access_token);
    expectSchema('iform', 'query.response', query.body);
    expectShape(query.body, SEED.query.response);
    expect(query.body.data.pageResult).toMatchObject({ limit: 15, page: 1 });

    // 6. remove (the document has no example): the client_credentials access token.
    const remove = await post('/authentication/remove', { type: 'token', tokens: [cc.body.data.access_token] }, admin.access_token);
    expectSchema('iform', 'remove.response', remove.body);
    expect(remove.body).toEqual({ state: 200, request: null, message: '', cause: '', variables: {}, data: null });

    // 7–9. switch to "admin", exit, verify the token exit returned.
    const switched = await post('/authentication/switch', { ...SEED.switch.request, access_token: admin.access_token }, admin.access_token);
    expectSchema('iform', 'switch.response', switched.body);
    expectShape(switched.body, SEED.switch.response);
    expect(switched.body.data.primary_refresh_token).toBe(admin.refresh_token);
    const exit = await post('/authentication/switch/exit', { ...SEED.switchExit.request, access_token: switched.body.data.access_token }, switched.body.data.access_token);
    expectSchema('iform', 'switch-exit.response', exit.body);
    expectShape(exit.body, SEED.switchExit.response);
    expect(exit.body.data.uid).toBe(SEED.switchExit.response.data.uid);
    const verify = await request(runtime.app).post(`${V3}/authentication/verify`).query({ access_token: exit.body.data.access_token });
    expectSchema('iform', 'verify.response', verify.body);
    expectShape(verify.body, SEED.verify.response);
    expect(verify.body.variables.clientId).toBe('iform');
  });
});
