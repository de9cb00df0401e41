import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { BASE, BASE64URL_27, HS_KEY, JWT_HS256, SEED, basic, checkToken, decodeJwt, expectContainerError, expectOAuth2Error, springConfig, tokenRequest } from './helpers';

const KEY_PATH = `${BASE}/oauth/token_key`;

describe('spring RS256 JWTs and /oauth/token_key (permitAll)', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: springConfig({ token_format: 'jwt', jwt: { alg: 'RS256' }, token_key_access: 'permitAll', profile: '2.4' }) });
  });
  afterAll(() => runtime.close());

  it('signs with header exactly {"alg":"RS256","typ":"JWT"} (no kid) and a 27-character jti on 2.4', async () => {
    const res = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    const token = decodeJwt(res.body.access_token);
    expect(token.headerJson).toBe('{"alg":"RS256","typ":"JWT"}');
    expect(Object.keys(token.claims)).toEqual(['scope', 'exp', 'jti', 'client_id']);
    expect(res.body.jti).toMatch(BASE64URL_27);
    expect(token.claims.jti).toBe(res.body.jti);
  });

  it('serves the verifier key as SHA256withRSA and one-line PEM, which verifies the tokens', async () => {
    const key = await request(runtime.app).get(KEY_PATH);
    expect(key.status).toBe(200);
    expectSchema('spring', 'token_key.response', key.body);
    expect(Object.keys(key.body)).toEqual(['alg', 'value']);
    expect(key.body.alg).toBe('SHA256withRSA');
    const res = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
    expect(jwt.verify(res.body.access_token, key.body.value, { algorithms: ['RS256'] })).toMatchObject({ user_name: 'alice' });
    expect(jwt.verify(res.body.refresh_token, key.body.value, { algorithms: ['RS256'] })).toMatchObject({ ati: res.body.jti });
  });

  it('answers only GET: the Boot 405 page with Allow: GET', async () => {
    const res = await request(runtime.app).post(KEY_PATH);
    expectContainerError(res, 405, 'Method Not Allowed', "Request method 'POST' not supported", KEY_PATH);
    expect(res.headers.allow).toBe('GET');
  });
});

describe('spring HS256 /oauth/token_key', () => {
  it('shows the shared key to an authenticated client only, even under permitAll()', async () => {
    const runtime = await startRuntime({ config: springConfig({ ...JWT_HS256, token_key_access: 'permitAll' }) });
    try {
      const anonymous = await request(runtime.app).get(KEY_PATH);
      expectContainerError(anonymous, 401, 'Unauthorized', 'Unauthorized', KEY_PATH);
      expect(anonymous.headers['www-authenticate']).toBe('Basic realm="oauth2/client"');
      const res = await request(runtime.app).get(KEY_PATH).set('Authorization', basic(SEED.id, SEED.secret));
      expect(res.status).toBe(200);
      expectSchema('spring', 'token_key.response', res.body);
      expect(res.body).toEqual({ alg: 'HMACSHA256', value: HS_KEY });
    } finally {
      await runtime.close();
    }
  });

  it('is denied by default: 403 for a client, the Basic challenge for anyone else', async () => {
    const runtime = await startRuntime({ config: springConfig(JWT_HS256) });
    try {
      expectOAuth2Error(await request(runtime.app).get(KEY_PATH).set('Authorization', basic(SEED.id, SEED.secret)), 403, { error: 'access_denied', error_description: 'Access is denied' });
      expect((await request(runtime.app).get(KEY_PATH)).status).toBe(401);
    } finally {
      await runtime.close();
    }
  });
});

describe('spring JWT options: extra claims, the pre-1.0.6 header, another user claim name', () => {
  let runtime: Runtime;
  const principal = { id: 1, username: 'admin', chineseName: '平台管理员' };
  beforeAll(async () => {
    runtime = await startRuntime({
      config: springConfig({
        ...JWT_HS256,
        jwt: { alg: 'HS256', signing_key: HS_KEY, typ_header: false, user_claim_name: 'username' },
        extra_claims: { principal },
        check_token_access: 'isAuthenticated',
      }),
    });
  });
  afterAll(() => runtime.close());

  it('reproduces the seed JWT claim order: principal, scope, exp, jti, client_id', async () => {
    const res = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    const token = decodeJwt(res.body.access_token);
    expect(token.headerJson).toBe('{"alg":"HS256"}');
    expect(Object.keys(token.claims)).toEqual(['principal', 'scope', 'exp', 'jti', 'client_id']);
    expect(token.claims.principal).toEqual(principal);
  });

  it('returns extra claims at the top level of the response, before jti', async () => {
    const res = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    expectSchema('spring', 'token.response', res.body);
    expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope', 'principal', 'jti']);
    expect(res.body.principal).toEqual(principal);
  });

  it('shows extra claims through check_token, and names the user claim as configured', async () => {
    const cc = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    const checked = await checkToken(runtime, cc.body.access_token);
    expect(Object.keys(checked.body)).toEqual(['principal', 'scope', 'active', 'exp', 'jti', 'client_id']);
    const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' });
    expect(decodeJwt(login.body.access_token).claims).toMatchObject({ username: 'bob' });
    expect(decodeJwt(login.body.access_token).claims).not.toHaveProperty('user_name');
  });
});

describe('spring configuration checks at start-up', () => {
  it('refuses an RS256 kid that is not in the key ring', async () => {
    await expect(startRuntime({ config: springConfig({ token_format: 'jwt', jwt: { alg: 'RS256', kid: 'no-such-kid' } }) })).rejects.toThrow(/jwt\.kid/);
  });

  it('refuses HS256 without a signing key, and extra claims that shadow Spring\'s own', async () => {
    await expect(startRuntime({ config: springConfig({ token_format: 'jwt', jwt: { alg: 'HS256' } }) })).rejects.toThrow(/signing_key/);
    await expect(startRuntime({ config: springConfig({ ...JWT_HS256, extra_claims: { exp: 1 } }) })).rejects.toThrow(/extra_claims/);
  });
});
