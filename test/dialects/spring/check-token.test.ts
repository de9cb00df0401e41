import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { BASE, JWT_HS256, SEED, basic, checkToken, decodeJwt, expectContainerError, expectOAuth2Error, springConfig, tokenRequest } from './helpers';

const CHECK_PATH = `${BASE}/oauth/check_token`;

function expectCheckToken(res: request.Response, keys: string[]): void {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expectSchema('spring', 'check_token.response', res.body);
  expect(Object.keys(res.body)).toEqual(keys);
  expect(res.body.active).toBe(true);
}

describe('spring /oauth/check_token, JWT tokens, isAuthenticated()', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  beforeAll(async () => {
    runtime = await startRuntime({ config: springConfig({ ...JWT_HS256, check_token_access: 'isAuthenticated' }), now: clock.now });
  });
  afterAll(() => runtime.close());

  it('answers RemoteTokenServices (POST form token, Basic client) with the claims plus active, in HashMap order', async () => {
    const login = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
    const res = await checkToken(runtime, login.body.access_token);
    expectCheckToken(res, ['user_name', 'scope', 'active', 'exp', 'authorities', 'jti', 'client_id']);
    const { claims } = decodeJwt(login.body.access_token);
    expect(res.body).toEqual({ ...claims, active: true });
  });

  it('shows a client token: scope, active, exp, jti, client_id', async () => {
    const cc = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    const res = await checkToken(runtime, cc.body.access_token);
    expectCheckToken(res, ['scope', 'active', 'exp', 'jti', 'client_id']);
    expect(res.body).toEqual({ scope: ['read', 'write'], active: true, exp: clock.now() + 7200, jti: cc.body.jti, client_id: SEED.id });
  });

  it('shows a client\'s authorities and aud: aud, scope, active, exp, authorities, jti, client_id', async () => {
    const cc = await tokenRequest(runtime, { grant_type: 'client_credentials' }, basic('res-app', 'res-secret'));
    const res = await checkToken(runtime, cc.body.access_token);
    expectCheckToken(res, ['aud', 'scope', 'active', 'exp', 'authorities', 'jti', 'client_id']);
    expect(res.body).toMatchObject({ aud: ['res1'], authorities: ['ROLE_CLIENT'] });
  });

  describe('errors are forced to 400 with JSON, so RemoteTokenServices can read them', () => {
    it('unknown token', async () => {
      expectOAuth2Error(await checkToken(runtime, 'no-such-token'), 400, { error: 'invalid_token', error_description: 'Token was not recognised' });
    });

    it('a JWT with a bad signature or garbage', async () => {
      const cc = await tokenRequest(runtime, { grant_type: 'client_credentials' });
      const tampered = `${cc.body.access_token.slice(0, -4)}AAAA`;
      expectOAuth2Error(await checkToken(runtime, tampered), 400, { error: 'invalid_token', error_description: 'Cannot convert access token to JSON' });
      expectOAuth2Error(await checkToken(runtime, 'eyJhbGciOiJub25lIn0.eyJ9.'), 400, { error: 'invalid_token', error_description: 'Cannot convert access token to JSON' });
    });

    it('a refresh JWT', async () => {
      const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' });
      expectOAuth2Error(await checkToken(runtime, login.body.refresh_token), 400, { error: 'invalid_token', error_description: 'Encoded token is a refresh token' });
    });

    it('an expired token', async () => {
      const cc = await tokenRequest(runtime, { grant_type: 'client_credentials' });
      const start = clock.current;
      clock.advance(7201);
      try {
        expectOAuth2Error(await checkToken(runtime, cc.body.access_token), 400, { error: 'invalid_token', error_description: 'Token has expired' });
      } finally {
        clock.current = start;
      }
    });

    it('no token parameter: the Boot 400 page', async () => {
      const res = await request(runtime.app).post(CHECK_PATH).set('Authorization', basic(SEED.id, SEED.secret)).type('form').send({});
      expectContainerError(res, 400, 'Bad Request', "Required String parameter 'token' is not present", CHECK_PATH);
    });

    it('anonymous, or form credentials (which work at /oauth/token only): the Basic challenge', async () => {
      for (const res of [
        await checkToken(runtime, 'x', null),
        await request(runtime.app).post(CHECK_PATH).type('form').send({ token: 'x', client_id: SEED.id, client_secret: SEED.secret }),
        await checkToken(runtime, 'x', basic(SEED.id, 'wrong')),
      ]) {
        expectContainerError(res, 401, 'Unauthorized', 'Unauthorized', CHECK_PATH);
        expect(res.headers['www-authenticate']).toBe('Basic realm="oauth2/client"');
      }
    });

    it('GET on the 2.3 profile is answered like POST (any method before 2.3.7)', async () => {
      const cc = await tokenRequest(runtime, { grant_type: 'client_credentials' });
      const res = await request(runtime.app).get(CHECK_PATH).set('Authorization', basic(SEED.id, SEED.secret)).query({ token: cc.body.access_token });
      expectCheckToken(res, ['scope', 'active', 'exp', 'jti', 'client_id']);
    });
  });
});

describe('spring /oauth/check_token, opaque tokens', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: springConfig({ check_token_access: 'permitAll', profile: '2.4' }) });
  });
  afterAll(() => runtime.close());

  it('user token: active, exp, user_name, authorities, client_id, scope (no jti)', async () => {
    const login = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
    const res = await checkToken(runtime, login.body.access_token, null);
    expectCheckToken(res, ['active', 'exp', 'user_name', 'authorities', 'client_id', 'scope']);
    expect(res.body).toMatchObject({ user_name: 'alice', authorities: ['ROLE_ADMIN'], client_id: SEED.id, scope: ['read', 'write'] });
  });

  it('client token: scope, active, exp, client_id', async () => {
    const cc = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    expectCheckToken(await checkToken(runtime, cc.body.access_token, null), ['scope', 'active', 'exp', 'client_id']);
  });

  it('user token of a client with resource ids: aud, user_name, scope, active, exp, authorities, client_id', async () => {
    const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' }, basic('res-app', 'res-secret'));
    expectCheckToken(await checkToken(runtime, login.body.access_token, null), ['aud', 'user_name', 'scope', 'active', 'exp', 'authorities', 'client_id']);
  });

  it('a refresh token is not recognised as an access token', async () => {
    const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' });
    expectOAuth2Error(await checkToken(runtime, login.body.refresh_token, null), 400, { error: 'invalid_token', error_description: 'Token was not recognised' });
  });

  it('is POST-only from 2.3.7: GET gets the Boot 405 page with Allow: POST', async () => {
    const res = await request(runtime.app).get(CHECK_PATH).query({ token: 'x' });
    expectContainerError(res, 405, 'Method Not Allowed', "Request method 'GET' not supported", CHECK_PATH);
    expect(res.headers.allow).toBe('POST');
  });
});

describe('spring /oauth/check_token under the default denyAll()', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: springConfig({}) });
  });
  afterAll(() => runtime.close());

  it('refuses an authenticated client with 403 access_denied and an anonymous one with the Basic challenge', async () => {
    expectOAuth2Error(await checkToken(runtime, 'x'), 403, { error: 'access_denied', error_description: 'Access is denied' });
    const anonymous = await checkToken(runtime, 'x', null);
    expectContainerError(anonymous, 401, 'Unauthorized', 'Unauthorized', CHECK_PATH);
  });
});
