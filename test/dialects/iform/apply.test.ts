import request from 'supertest';
import { CoreError } from '../../../src/core/errors';
import type { Runtime } from '../../../src/runtime';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { apply, BUNDLE_KEYS, CLIENT, expectState, expectSuccess, expectSuccessor, passwordLogin, startIform, V3 } from './helpers';

const V1_HEX = /^[0-9a-f]{12}1[0-9a-f]{3}[89ab][0-9a-f]{15}$/;

describe('iform authentication/apply', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  beforeAll(async () => {
    runtime = await startIform({ enabled: true }, { clock });
  });
  afterAll(() => runtime.close());

  it('password_credentials: the seed bundle, keys in order, tokens a v1 pair', async () => {
    const res = await apply(runtime, { ...CLIENT, username: 'iform', password: '123456', grant_type: 'password_credentials' });
    expectSuccess(res, 'apply.response');
    expect(res.headers['cache-control']).toBe('no-store');
    expectSchema('iform', 'apply.request', { ...CLIENT, username: 'iform', password: '123456', grant_type: 'password_credentials' });
    const data = res.body.data;
    expect(Object.keys(data)).toEqual(BUNDLE_KEYS);
    expect(res.body.variables).toEqual({});
    expect(data).toMatchObject({ primary_refresh_token: null, uid: '626353848415420416', publisher: null, applicant: null, expires_in: 28800, remind_in: 259200 });
    expect(data.access_token).toMatch(V1_HEX);
    expect(data.refresh_token).toMatch(V1_HEX);
    expectSuccessor(data.access_token, data.refresh_token);
  });

  it('client_credentials: a bundle with a refresh token, uid = the client id', async () => {
    const res = await apply(runtime, { ...CLIENT, grant_type: 'client_credentials' });
    expectSuccess(res, 'apply.response');
    expect(Object.keys(res.body.data)).toEqual(BUNDLE_KEYS);
    expect(res.body.data).toMatchObject({ uid: 'iform', expires_in: 28800, remind_in: 259200 });
    expectSuccessor(res.body.data.access_token, res.body.data.refresh_token);
  });

  it('refresh_token without client credentials (the seed\'s example 4) rotates the pair', async () => {
    const login = await passwordLogin(runtime);
    const res = await apply(runtime, { refresh_token: login.refresh_token, grant_type: 'refresh_token' });
    expectSuccess(res, 'apply.response');
    expect(res.body.data.uid).toBe('626353848415420416');
    expect(res.body.data.access_token).not.toBe(login.access_token);
    expectSuccessor(res.body.data.access_token, res.body.data.refresh_token);
    // The spent refresh token is refused, and its reuse revokes the family.
    expectState(await apply(runtime, { refresh_token: login.refresh_token, grant_type: 'refresh_token' }), 6020201);
    expectState(await apply(runtime, { refresh_token: res.body.data.refresh_token, grant_type: 'refresh_token' }), 6020201);
  });

  it('refresh_token with client credentials must be the client\'s own', async () => {
    const login = await passwordLogin(runtime);
    const ok = await apply(runtime, { ...CLIENT, refresh_token: login.refresh_token, grant_type: 'refresh_token' });
    expectSuccess(ok, 'apply.response');
    const other = await apply(runtime, { client_id: 'web-app', client_secret: 's3cret', refresh_token: ok.body.data.refresh_token, grant_type: 'refresh_token' });
    expectState(other, 6020201);
    const named = await apply(runtime, { client_id: 'web-app', refresh_token: ok.body.data.refresh_token, grant_type: 'refresh_token' });
    expectState(named, 6020201);
  });

  it('an expired access token keeps its refresh token usable; an expired refresh token is invalid (6020201)', async () => {
    const login = await passwordLogin(runtime);
    clock.advance(28801);
    try {
      const verify = await request(runtime.app).post(`${V3}/authentication/verify`).query({ access_token: login.access_token as string });
      expectState(verify, 6020301);
      const refreshed = await apply(runtime, { refresh_token: login.refresh_token, grant_type: 'refresh_token' });
      expectSuccess(refreshed, 'apply.response');
      clock.advance(259201);
      expectState(await apply(runtime, { refresh_token: refreshed.body.data.refresh_token, grant_type: 'refresh_token' }), 6020201);
    } finally {
      clock.current = Math.floor(Date.now() / 1000);
    }
  });

  describe('business errors: HTTP 200 with the vendor state', () => {
    const cases: Array<[string, Record<string, unknown>, number, RegExp | null]> = [
      ['wrong password', { ...CLIENT, username: 'iform', password: 'nope', grant_type: 'password_credentials' }, 6020101, /^用户名或密码错误$/],
      ['unknown user', { ...CLIENT, username: 'ghost', password: 'x', grant_type: 'password_credentials' }, 6020101, null],
      ['locked user', { ...CLIENT, username: 'mallory', password: 'locked-out', grant_type: 'password_credentials' }, 6020101, /锁定/],
      ['disabled user', { ...CLIENT, username: 'dave', password: 'disabled-pw', grant_type: 'password_credentials' }, 6020101, /禁用/],
      ['wrong client secret', { ...CLIENT, client_secret: 'nope', grant_type: 'client_credentials' }, 6010101, null],
      ['unknown client', { client_id: 'ghost', client_secret: 'x', grant_type: 'client_credentials' }, 6010101, null],
      ['confidential client without its secret', { client_id: 'iform', username: 'iform', password: '123456', grant_type: 'password_credentials' }, 6010101, null],
      ['missing grant_type', { ...CLIENT }, 6010101, null],
      ['unknown grant_type', { ...CLIENT, grant_type: 'password' }, 6010101, null],
      ['grant_type of the wrong type', { ...CLIENT, grant_type: 42 }, 6010101, null],
      ['password grant without password', { ...CLIENT, username: 'iform', grant_type: 'password_credentials' }, 6010101, null],
      ['code grant without authorize_code', { ...CLIENT, grant_type: 'authorization_code' }, 6010101, null],
      ['unknown authorize_code (the seed\'s literal one)', { ...CLIENT, authorize_code: '6173f3c0f9fa11e906ee9dff8b7b5da8', grant_type: 'authorization_code' }, 6020201, null],
      ['unknown refresh token (the seed\'s literal one)', { refresh_token: '58b65297-3467-0859-8337-8cbaf81ef68a', grant_type: 'refresh_token' }, 6020201, null],
      ['grant the client may not use', { client_id: 'no-code', client_secret: 'no-code-secret', grant_type: 'client_credentials' }, 6010104, null],
    ];
    it.each(cases)('%s', async (_name, body, state, message) => {
      const res = await apply(runtime, body);
      expectState(res, state);
      expect(res.body.cause).not.toBe('');
      if (message) expect(res.body.message).toMatch(message);
    });

    it('a password grant by a public client needs no secret', async () => {
      const res = await apply(runtime, { client_id: 'iform-front', username: 'zjh', password: 'zjh-password', grant_type: 'password_credentials' });
      expectSuccess(res, 'apply.response');
    });
  });

  describe('transport failures keep the envelope with their own status', () => {
    it('malformed JSON → 400', async () => {
      const res = await request(runtime.app).post(`${V3}/authentication/apply`).set('Content-Type', 'application/json').send('{"grant_type":');
      expectState(res, 6010101, 400);
    });
    it('JSON that is not UTF-8 → 400, the malformed-body answer', async () => {
      const body = Buffer.concat([Buffer.from('{"grant_type":"client_credentials","client_id":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
      // The body's bytes as they are (supertest would turn a Buffer into JSON of its own).
      const raw = (type: string) => request(runtime.app).post(`${V3}/authentication/apply`).set('Content-Type', type).serialize((b: Buffer) => b as unknown as string).send(body);
      const res = await raw('application/json');
      expectState(res, 6010101, 400);
      const declared = await raw('application/json; charset=utf-8');
      expectState(declared, 6010101, 400);
    });
    it('a form body → 415', async () => {
      const res = await request(runtime.app).post(`${V3}/authentication/apply`).type('form').send({ grant_type: 'client_credentials', ...CLIENT });
      expectState(res, 6010101, 415);
    });
    it('a JSON array → illegal request', async () => {
      const res = await request(runtime.app).post(`${V3}/authentication/apply`).send([{ grant_type: 'client_credentials' }]);
      expectState(res, 6010101);
    });
    it('a huge body → 413', async () => {
      const res = await request(runtime.app).post(`${V3}/authentication/apply`).send({ ...CLIENT, grant_type: 'client_credentials', pad: 'x'.repeat(100_000) });
      expectState(res, 6010101, 413);
    });
    it('GET on apply → 405', async () => {
      const res = await request(runtime.app).get(`${V3}/authentication/apply`);
      expectState(res, 6010101, 405);
    });
    it('no body at all → illegal request (grant_type missing)', async () => {
      expectState(await request(runtime.app).post(`${V3}/authentication/apply`), 6010101);
    });
  });
});

describe('iform apply: store down', () => {
  it('answers 503 with the envelope, state 500, as the Redis store reports an outage', async () => {
    const runtime = await startIform();
    try {
      const store = runtime.engine.context.store;
      jest.spyOn(store, 'saveTokens').mockRejectedValue(new CoreError('server_unavailable', 'the token store is unavailable'));
      const res = await apply(runtime, { ...CLIENT, grant_type: 'client_credentials' });
      expectState(res, 500, 503);
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      await runtime.close();
    }
  });
});
