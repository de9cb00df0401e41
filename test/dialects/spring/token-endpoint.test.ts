import jwt from 'jsonwebtoken';
import request from 'supertest';
import { DEFAULT_POLICY } from '../../../src/core/policy';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { BASE, HS_KEY, JWT_HS256, SEED, UUID, basic, decodeJwt, expectContainerError, expectOAuth2Error, springConfig, tokenRequest } from './helpers';

const TOKEN_PATH = `${BASE}/oauth/token`;

describe('spring /oauth/token with HS256 JWTs (profile 2.3)', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  beforeAll(async () => {
    runtime = await startRuntime({ config: springConfig(JWT_HS256), now: clock.now });
  });
  afterAll(() => runtime.close());

  const verifyHs256 = (token: string) => jwt.verify(token, HS_KEY, { algorithms: ['HS256'] });

  describe('client_credentials, the seed request', () => {
    it('answers a RestTemplate form POST with the seed body shape, 7199 s left and a jti', async () => {
      const res = await request(runtime.app)
        .post(TOKEN_PATH)
        .set('Accept', 'application/json;charset=UTF-8')
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: SEED.id, client_secret: SEED.secret });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      expectSchema('spring', 'token.response', res.body);
      expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope', 'jti']);
      expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 7199, scope: 'read write' });
      expect(res.body.jti).toMatch(UUID);
    });

    it('signs an HS256 JWT with header exactly {"alg":"HS256","typ":"JWT"} and the seed claim order', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials' });
      const token = decodeJwt(res.body.access_token);
      expect(token.headerJson).toBe('{"alg":"HS256","typ":"JWT"}');
      expectSchema('spring', 'jwt.header', token.header);
      expectSchema('spring', 'access-token.claims', token.claims);
      expect(Object.keys(token.claims)).toEqual(['scope', 'exp', 'jti', 'client_id']);
      expect(token.claims).toEqual({ scope: ['read', 'write'], exp: clock.now() + 7200, jti: res.body.jti, client_id: SEED.id });
      expect(verifyHs256(res.body.access_token)).toBeTruthy();
      expect(res.body.access_token.split('.').every((part: string) => !part.includes('='))).toBe(true);
    });

    it('accepts HTTP Basic with UTF-8 credentials, not URL-encoded', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials', scope: 'read' });
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe('read');
    });

    it('puts a client\'s authorities before jti: scope, exp, authorities, jti, client_id (aud last by hash)', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials' }, basic('res-app', 'res-secret'));
      const { claims } = decodeJwt(res.body.access_token);
      expect(Object.keys(claims)).toEqual(['aud', 'scope', 'exp', 'authorities', 'jti', 'client_id']);
      expect(claims).toMatchObject({ aud: ['res1'], authorities: ['ROLE_CLIENT'], client_id: 'res-app' });
    });

    it('never returns a refresh token, even to a client allowed refresh_token', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials' });
      expect(res.body).not.toHaveProperty('refresh_token');
    });

    it('issues a fresh JWT each time (JwtTokenStore keeps nothing to reuse)', async () => {
      const a = await tokenRequest(runtime, { grant_type: 'client_credentials' });
      const b = await tokenRequest(runtime, { grant_type: 'client_credentials' });
      expect(a.body.jti).not.toBe(b.body.jti);
      expect(b.body.expires_in).toBe(7199);
    });

    it('splits scope on spaces and "+" and sorts it like a TreeSet', async () => {
      const plus = await tokenRequest(runtime, { grant_type: 'client_credentials', scope: 'write+read' });
      expect(plus.body.scope).toBe('read write');
      expect(decodeJwt(plus.body.access_token).claims.scope).toEqual(['read', 'write']);
      const spaced = await tokenRequest(runtime, { grant_type: 'client_credentials', scope: 'write read' });
      expect(spaced.body.scope).toBe('read write');
    });

    it('reads parameters from the query string of a POST too', async () => {
      const res = await request(runtime.app).post(`${TOKEN_PATH}?grant_type=client_credentials&client_id=${encodeURIComponent(SEED.id)}&client_secret=${encodeURIComponent(SEED.secret)}`);
      expect(res.status).toBe(200);
      expectSchema('spring', 'token.response', res.body);
    });
  });

  describe('password and refresh_token', () => {
    it('returns access and refresh JWTs in Spring\'s key orders, refresh carrying ati', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
      expect(res.status).toBe(200);
      expectSchema('spring', 'token.response', res.body);
      expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'jti']);
      expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 7199, scope: 'read write' });

      const access = decodeJwt(res.body.access_token);
      expect(access.headerJson).toBe('{"alg":"HS256","typ":"JWT"}');
      expectSchema('spring', 'access-token.claims', access.claims);
      expect(Object.keys(access.claims)).toEqual(['exp', 'user_name', 'authorities', 'jti', 'client_id', 'scope']);
      expect(access.claims).toEqual({ exp: clock.now() + 7200, user_name: 'alice', authorities: ['ROLE_ADMIN'], jti: res.body.jti, client_id: SEED.id, scope: ['read', 'write'] });

      const refresh = decodeJwt(res.body.refresh_token);
      expect(refresh.headerJson).toBe('{"alg":"HS256","typ":"JWT"}');
      expectSchema('spring', 'refresh-token.claims', refresh.claims);
      expect(Object.keys(refresh.claims)).toEqual(['user_name', 'scope', 'ati', 'exp', 'authorities', 'jti', 'client_id']);
      expect(refresh.claims).toMatchObject({ ati: res.body.jti, exp: clock.now() + 2592000, user_name: 'alice' });
      expect(refresh.claims.jti).toMatch(UUID);
      expect(refresh.claims.jti).not.toBe(res.body.jti);
      expect(verifyHs256(res.body.refresh_token)).toBeTruthy();
    });

    it('adds aud for a client with resource ids: aud, user_name, scope, exp, authorities, jti, client_id', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' }, basic('res-app', 'res-secret'));
      const { claims } = decodeJwt(res.body.access_token);
      expect(Object.keys(claims)).toEqual(['aud', 'user_name', 'scope', 'exp', 'authorities', 'jti', 'client_id']);
      expect(claims).toMatchObject({ aud: ['res1'], user_name: 'bob', authorities: ['ROLE_USER'] });
    });

    it('gives no refresh token to a client without the refresh_token grant', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' }, basic('no-refresh', 'nr-secret'));
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope', 'jti']);
    });

    it('refreshes keeping the refresh token (reuseRefreshToken) and may narrow the scope', async () => {
      const login = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
      const refreshed = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token, scope: 'read' });
      expect(refreshed.status).toBe(200);
      expectSchema('spring', 'token.response', refreshed.body);
      expect(Object.keys(refreshed.body)).toEqual(['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'jti']);
      expect(refreshed.body.refresh_token).toBe(login.body.refresh_token);
      expect(refreshed.body.scope).toBe('read');
      expect(refreshed.body.jti).not.toBe(login.body.jti);
      expect(decodeJwt(refreshed.body.access_token).claims).toMatchObject({ user_name: 'alice', scope: ['read'] });
      const again = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
      expect(again.status).toBe(200);
      expect(again.body.scope).toBe('read write');
    });
  });

  describe('authorization_code', () => {
    const issueCode = async (redirectUri?: string) => {
      const client = runtime.engine.directory.client(SEED.id)!;
      const user = runtime.engine.directory.userByUsername('alice')!;
      const code = await runtime.engine.issueAuthorizationCode({ client, user, scope: ['read'], redirectUri }, DEFAULT_POLICY);
      return code.value;
    };

    it('exchanges a code for Spring tokens; the scope comes from the code, not the request', async () => {
      const code = await issueCode('http://localhost:8080/login');
      const res = await tokenRequest(runtime, { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:8080/login', scope: 'write' });
      expect(res.status).toBe(200);
      expectSchema('spring', 'token.response', res.body);
      expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'jti']);
      expect(res.body.scope).toBe('read');
      expect(Object.keys(decodeJwt(res.body.access_token).claims)).toEqual(['exp', 'user_name', 'authorities', 'jti', 'client_id', 'scope']);
    });

    it('refuses a used code, echoing it', async () => {
      const code = await issueCode();
      expect((await tokenRequest(runtime, { grant_type: 'authorization_code', code })).status).toBe(200);
      const again = await tokenRequest(runtime, { grant_type: 'authorization_code', code });
      expectOAuth2Error(again, 400, { error: 'invalid_grant', error_description: `Invalid authorization code: ${code}` });
    });

    it('refuses a redirect_uri that differs from the authorize step', async () => {
      const code = await issueCode('http://localhost:8080/login');
      const res = await tokenRequest(runtime, { grant_type: 'authorization_code', code, redirect_uri: 'http://evil.example/cb' });
      expectOAuth2Error(res, 400, { error: 'invalid_grant', error_description: 'Redirect URI mismatch.' });
    });
  });

  describe('errors, as the reference\'s table', () => {
    const seedForm = { grant_type: 'client_credentials', client_id: SEED.id };
    const bearer = (error: string, description: string) => `Bearer error="${error}", error_description="${description}"`;

    it('form credentials, wrong secret: 401 Bad client credentials with a Form challenge', async () => {
      const res = await tokenRequest(runtime, { ...seedForm, client_secret: 'nope' }, null);
      expectOAuth2Error(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' }, 'Form realm="oauth2/client", error="invalid_client", error_description="Bad client credentials"');
    });

    it('form credentials, unknown client or no secret: the same', async () => {
      const unknown = await tokenRequest(runtime, { grant_type: 'client_credentials', client_id: 'ghost', client_secret: 'x' }, null);
      expectOAuth2Error(unknown, 401, { error: 'invalid_client', error_description: 'Bad client credentials' }, 'Form realm="oauth2/client", error="invalid_client", error_description="Bad client credentials"');
      const noSecret = await tokenRequest(runtime, seedForm, null);
      expect(noSecret.status).toBe(401);
      expect(noSecret.body.error_description).toBe('Bad client credentials');
    });

    it('Basic credentials, wrong secret: the Boot error page with a Basic challenge', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials' }, basic(SEED.id, 'nope'));
      expectContainerError(res, 401, 'Unauthorized', 'Unauthorized', TOKEN_PATH);
      expect(res.headers['www-authenticate']).toBe('Basic realm="oauth2/client"');
      expect(res.body.timestamp).toMatch(/\+0000$/);
    });

    it('no client credentials at all, or a malformed Basic header: the same Boot 401', async () => {
      for (const auth of [null, 'Basic !!!notbase64', `Basic ${Buffer.from('no-colon').toString('base64')}`]) {
        const res = await tokenRequest(runtime, { grant_type: 'client_credentials' }, auth);
        expectContainerError(res, 401, 'Unauthorized', 'Unauthorized', TOKEN_PATH);
        expect(res.headers['www-authenticate']).toBe('Basic realm="oauth2/client"');
      }
    });

    it('GET when only POST is allowed: 405 method_not_allowed after client authentication', async () => {
      const ok = await request(runtime.app).get(TOKEN_PATH).set('Authorization', basic(SEED.id, SEED.secret)).query({ grant_type: 'client_credentials' });
      expectOAuth2Error(ok, 405, { error: 'method_not_allowed', error_description: "Request method 'GET' not supported" });
      expect(ok.headers.allow).toBeUndefined();
      const anonymous = await request(runtime.app).get(TOKEN_PATH).query({ grant_type: 'client_credentials' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Basic realm="oauth2/client"');
    });

    it('a method no handler maps: the Boot 405 page with Allow', async () => {
      const res = await request(runtime.app).put(TOKEN_PATH).set('Authorization', basic(SEED.id, SEED.secret));
      expectContainerError(res, 405, 'Method Not Allowed', "Request method 'PUT' not supported", TOKEN_PATH);
      expect(res.headers.allow).toBe('GET, POST');
    });

    it('client_id that is not the authenticated client: 401 invalid_client', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials', client_id: 'cc-only', client_secret: 'cc-secret' }, basic(SEED.id, SEED.secret));
      const description = 'Given client ID does not match authenticated client';
      expectOAuth2Error(res, 401, { error: 'invalid_client', error_description: description }, bearer('invalid_client', description));
    });

    it('an empty client_id parameter still triggers form authentication, which fails', async () => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials', client_id: '' }, basic('cc-only', 'cc-secret'));
      expectOAuth2Error(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' }, 'Form realm="oauth2/client", error="invalid_client", error_description="Bad client credentials"');
    });

    const cases: Array<[string, Record<string, string>, string | null | undefined, number, Record<string, string>, string | undefined]> = [
      ['missing grant type', {}, undefined, 400, { error: 'invalid_request', error_description: 'Missing grant type' }, undefined],
      ['unknown grant type (2.3 echoes it)', { grant_type: 'foo' }, undefined, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: foo' }, undefined],
      ['implicit', { grant_type: 'implicit' }, undefined, 400, { error: 'invalid_grant', error_description: 'Implicit grant type not supported from token endpoint' }, undefined],
      ['grant not allowed for the client', { grant_type: 'password', username: 'alice', password: 'wonderland' }, basic('cc-only', 'cc-secret'), 401,
        { error: 'invalid_client', error_description: 'Unauthorized grant type: password' }, bearer('invalid_client', 'Unauthorized grant type: password')],
      ['scope not registered: the client\'s scopes ride along', { grant_type: 'client_credentials', scope: 'read admin' }, undefined, 400,
        { error: 'invalid_scope', error_description: 'Invalid scope: admin', scope: 'read write' }, undefined],
      ['wrong user password', { grant_type: 'password', username: 'alice', password: 'nope' }, undefined, 400, { error: 'invalid_grant', error_description: 'Bad credentials' }, undefined],
      ['unknown user', { grant_type: 'password', username: 'nobody', password: 'x' }, undefined, 400, { error: 'invalid_grant', error_description: 'Bad credentials' }, undefined],
      ['password missing', { grant_type: 'password', username: 'alice' }, undefined, 400, { error: 'invalid_grant', error_description: 'Bad credentials' }, undefined],
      ['locked user', { grant_type: 'password', username: 'mallory', password: 'locked-out' }, undefined, 400, { error: 'invalid_grant', error_description: 'User account is locked' }, undefined],
      ['disabled user', { grant_type: 'password', username: 'dave', password: 'disabled-pw' }, undefined, 400, { error: 'invalid_grant', error_description: 'User is disabled' }, undefined],
      ['code missing', { grant_type: 'authorization_code' }, undefined, 400, { error: 'invalid_request', error_description: 'An authorization code must be supplied.' }, undefined],
      ['code unknown', { grant_type: 'authorization_code', code: 'Ab12Cd' }, undefined, 400, { error: 'invalid_grant', error_description: 'Invalid authorization code: Ab12Cd' }, undefined],
      ['refresh token garbage (JWT store)', { grant_type: 'refresh_token', refresh_token: 'not-a-jwt' }, undefined, 401,
        { error: 'invalid_token', error_description: 'Cannot convert access token to JSON' }, bearer('invalid_token', 'Cannot convert access token to JSON')],
      ['refresh token missing (before 2.4.1: the NPE\'s 500)', { grant_type: 'refresh_token' }, undefined, 500, { error: 'server_error', error_description: 'Internal Server Error' }, undefined],
    ];

    it.each(cases)('%s', async (_name, form, auth, status, body, challenge) => {
      const res = await tokenRequest(runtime, form, auth ?? undefined);
      expectOAuth2Error(res, status, body, challenge);
    });

    it('an access token sent as refresh token: 401 Encoded token is not a refresh token', async () => {
      const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' });
      const res = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.access_token });
      expectOAuth2Error(res, 401, { error: 'invalid_token', error_description: 'Encoded token is not a refresh token' }, bearer('invalid_token', 'Encoded token is not a refresh token'));
    });

    it('a refresh token of another client: 400 Wrong client, echoing the token', async () => {
      const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' }, basic('res-app', 'res-secret'));
      const res = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
      expectOAuth2Error(res, 400, { error: 'invalid_grant', error_description: `Wrong client for this refresh token: ${login.body.refresh_token}` });
    });

    it('a refresh asking for more than the original scope: 400 invalid_scope with the original scope', async () => {
      const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder', scope: 'read' });
      const res = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token, scope: 'write read' });
      expectOAuth2Error(res, 400, { error: 'invalid_scope', error_description: 'Unable to narrow the scope of the client authentication to [read, write].', scope: 'read' });
    });

    it('a revoked refresh token: 400 Invalid refresh token, echoing it', async () => {
      const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' });
      await runtime.engine.revoke(login.body.refresh_token);
      const res = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
      expectOAuth2Error(res, 400, { error: 'invalid_grant', error_description: `Invalid refresh token: ${login.body.refresh_token}` });
    });

    it('an expired refresh token: 401 Invalid refresh token (expired)', async () => {
      const login = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' });
      const start = clock.current;
      clock.advance(2592000 + 5);
      try {
        const res = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
        const description = `Invalid refresh token (expired): ${login.body.refresh_token}`;
        expectOAuth2Error(res, 401, { error: 'invalid_token', error_description: description }, bearer('invalid_token', description));
      } finally {
        clock.current = start;
      }
    });

    it('a malformed or huge body never leaks a stack trace', async () => {
      const malformed = await request(runtime.app).post(TOKEN_PATH).set('Authorization', basic(SEED.id, SEED.secret)).set('Content-Type', 'application/json').send('{"grant_type":');
      expect(malformed.status).toBe(400);
      expectSchema('spring', 'error.response', malformed.body);
      const huge = await tokenRequest(runtime, { grant_type: 'client_credentials', padding: 'x'.repeat(200_000) });
      expect(huge.status).toBe(413);
      expectSchema('spring', 'container-error.response', huge.body);
      for (const res of [malformed, huge]) expect(res.text).not.toMatch(/at \w+ \(|node_modules|<html/i);
    });

    it('ignores a JSON body, as a servlet does: Basic works and grant_type is missing', async () => {
      const res = await request(runtime.app).post(TOKEN_PATH).set('Authorization', basic(SEED.id, SEED.secret)).send({ grant_type: 'client_credentials' });
      expectOAuth2Error(res, 400, { error: 'invalid_request', error_description: 'Missing grant type' });
    });
  });
});
