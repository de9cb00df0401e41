import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { basic, ciamConfig, decodeJwt, ISSUER, MOCK_USER_ATTRIBUTES, seedPasswordForm, tokenRequest } from './ciam-helpers';

const DISCOVERY_KEYS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'token_endpoint_auth_methods_supported',
  'jwks_uri',
  'response_types_supported',
  'grant_types_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'scopes_supported',
];
const TENANT = { client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET' };
const BEARER_URI = 'error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"';

describe('CIAM endpoints besides the token endpoint', () => {
  const clock = new TestClock();
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: ciamConfig(), now: clock.now });
  });
  afterAll(() => runtime.close());

  const login = async (form = seedPasswordForm()) => {
    const res = await tokenRequest(runtime, form);
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token: string; id_token: string };
  };
  const userinfo = (token?: string) => {
    const pending = request(runtime.app).get('/userinfo');
    return token === undefined ? pending : pending.set('Authorization', `Bearer ${token}`);
  };
  const revoke = (form: Record<string, string>) => request(runtime.app).post('/oauth2/revoke').type('form').send(form);

  describe('GET /oauth2/jwks', () => {
    it('publishes kty, e, kid, n only, and the kid the tokens name', async () => {
      const res = await request(runtime.app).get('/oauth2/jwks');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectSchema('ciam', 'jwks.response', res.body);
      expect(Object.keys(res.body.keys[0])).toEqual(['kty', 'e', 'kid', 'n']);
      const tokens = await login();
      expect(res.body.keys.map((k: { kid: string }) => k.kid)).toContain(decodeJwt(tokens.access_token).header.kid);
    });
  });

  describe('GET /.well-known/openid-configuration', () => {
    it('is the SAS 0.2.0 document, field for field and in order, with its omissions', async () => {
      const res = await request(runtime.app).get('/.well-known/openid-configuration');
      expect(res.status).toBe(200);
      expectSchema('ciam', 'discovery.response', res.body);
      expect(Object.keys(res.body)).toEqual(DISCOVERY_KEYS);
      expect(res.body).toEqual({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/oauth2/authorize`,
        token_endpoint: `${ISSUER}/oauth2/token`,
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        jwks_uri: `${ISSUER}/oauth2/jwks`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
      });
    });

    it('follows base_path and a configured issuer, and adds the missing endpoints when asked', async () => {
      const moved = await startRuntime({
        config: ciamConfig({ base_path: '/ciam', issuer: 'https://sample.portal.tencentciam.com', discovery_extra_fields: true }),
      });
      try {
        const res = await request(moved.app).get('/ciam/.well-known/openid-configuration');
        expect(res.status).toBe(200);
        expectSchema('ciam', 'discovery.response', res.body);
        expect(Object.keys(res.body)).toEqual([...DISCOVERY_KEYS, 'userinfo_endpoint', 'revocation_endpoint', 'code_challenge_methods_supported']);
        expect(res.body).toMatchObject({
          issuer: 'https://sample.portal.tencentciam.com',
          token_endpoint: `${ISSUER}/ciam/oauth2/token`,
          jwks_uri: `${ISSUER}/ciam/oauth2/jwks`,
          userinfo_endpoint: `${ISSUER}/ciam/userinfo`,
        });
        const tokens = await tokenRequest(moved, seedPasswordForm(), '/ciam/oauth2/token');
        expect(tokens.status).toBe(200);
        expect(decodeJwt(tokens.body.access_token).payload.iss).toBe('https://sample.portal.tencentciam.com');
        expect(decodeJwt(tokens.body.id_token).payload.iss).toBe('https://sample.portal.tencentciam.com');
        expect((await request(moved.app).get('/oauth2/jwks')).status).toBe(404);
      } finally {
        await moved.close();
      }
    });
  });

  describe('GET /userinfo', () => {
    it('returns sub and the configured claims in order', async () => {
      const tokens = await login();
      const res = await userinfo(tokens.access_token);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectSchema('ciam', 'userinfo.response', res.body);
      expect(res.body).toEqual({ sub: 'MOCK_USER_ID', ...MOCK_USER_ATTRIBUTES });
      expect(Object.keys(res.body)).toEqual(['sub', 'email', 'phone_number', 'name', 'nickname', 'zoneinfo', 'locale']);
    });

    it('uses the application\'s own claim list when it has one', async () => {
      const tokens = await login(seedPasswordForm({ client_id: 'OTHER_CLIENT_ID', client_secret: 'OTHER_CLIENT_SECRET', auth_source_id: 'EMAIL_AUTH_SOURCE_ID', username: 'MOCK_USERNAME@example.com' }));
      const res = await userinfo(tokens.access_token);
      expect(res.body).toEqual({ sub: 'MOCK_USER_ID', nickname: 'MOCK_NICKNAME' });
    });

    it('refuses a request without a token: 400, error in WWW-Authenticate, no body', async () => {
      const res = await userinfo();
      expect(res.status).toBe(400);
      expect(res.headers['www-authenticate']).toBe(`Bearer error="invalid_request", error_description="Bearer token not found in the request", ${BEARER_URI}`);
      expect(res.text).toBe('');
    });

    it.each([
      ['a malformed token', async () => 'not-a-jwt'],
      ['a forged JWT', async () => {
        const { access_token } = await login();
        const [header, payload] = access_token.split('.');
        return `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`;
      }],
      ['an ID token', async () => (await login()).id_token],
      ['a refresh token', async () => (await login()).refresh_token],
      ['an empty Bearer header', async () => ''],
    ])('refuses %s: 401 invalid_token', async (_name, make) => {
      const res = await userinfo(await make());
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(`Bearer error="invalid_token", error_description="Error decoding JWT", ${BEARER_URI}`);
      expect(res.text).toBe('');
    });

    it('refuses an expired access token (after 300 s)', async () => {
      const tokens = await login();
      clock.advance(299);
      expect((await userinfo(tokens.access_token)).status).toBe(200);
      clock.advance(1);
      const res = await userinfo(tokens.access_token);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    });

    it('refuses a token without openid: 403 insufficient_scope', async () => {
      const tokens = await login(seedPasswordForm({ scope: 'identity_proofing' }));
      const res = await userinfo(tokens.access_token);
      expect(res.status).toBe(403);
      expect(res.headers['www-authenticate']).toBe(
        `Bearer error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token.", ${BEARER_URI}`,
      );
    });

    it('answers 404 user_not_found for a token that speaks for no user', async () => {
      const cc = await tokenRequest(runtime, { ...TENANT, grant_type: 'client_credentials', scope: 'openid' });
      const res = await userinfo(cc.body.access_token);
      expect(res.status).toBe(404);
      expectSchema('ciam', 'userinfo-error.response', res.body);
      expect(res.body).toEqual({ error: 'user_not_found' });
    });
  });

  describe('POST /oauth2/revoke', () => {
    it('revokes an access token alone, with 200 and an empty body', async () => {
      const tokens = await login();
      const form = { ...TENANT, token: tokens.access_token };
      expectSchema('ciam', 'revoke.request', form);
      const res = await revoke(form);
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect((await userinfo(tokens.access_token)).status).toBe(401);
      const refreshed = await tokenRequest(runtime, { ...TENANT, grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(refreshed.status).toBe(200);
    });

    it('revokes a refresh token together with its access tokens', async () => {
      const tokens = await login();
      const refreshed = await tokenRequest(runtime, { ...TENANT, grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      const res = await request(runtime.app)
        .post('/oauth2/revoke')
        .set('Authorization', basic('TENANT_CLIENT_ID', 'TENANT_CLIENT_SECRET'))
        .type('form')
        .send({ token: tokens.refresh_token, token_type_hint: 'refresh_token' });
      expect(res.status).toBe(200);
      expect((await userinfo(tokens.access_token)).status).toBe(401);
      expect((await userinfo(refreshed.body.access_token)).status).toBe(401);
      const again = await tokenRequest(runtime, { ...TENANT, grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(again.body).toEqual({ error: 'invalid_grant' });
    });

    it('answers 200 for an unknown token', async () => {
      expect((await revoke({ ...TENANT, token: 'MOCK_UNKNOWN_TOKEN' })).status).toBe(200);
    });

    it.each([
      ['a token of another client', async () => ({ client_id: 'OTHER_CLIENT_ID', client_secret: 'OTHER_CLIENT_SECRET', token: (await login()).access_token }), 401, { error: 'invalid_client' }],
      ['a missing token', async () => ({ ...TENANT }), 400, { error: 'invalid_request', error_description: 'OAuth 2.0 Parameter: token', error_uri: 'https://tools.ietf.org/html/rfc7009#section-2.1' }],
      ['a wrong client secret', async () => ({ client_id: 'TENANT_CLIENT_ID', client_secret: 'WRONG', token: 'x' }), 401, { error: 'invalid_client' }],
      ['no client authentication', async () => ({ token: 'x' }), 401, null],
    ])('refuses %s', async (_name, form, status, body) => {
      const tokens = await login();
      const res = await revoke(await form());
      expect(res.status).toBe(status);
      if (body === null) {
        expect(res.text).toBe('');
      } else {
        expectSchema('ciam', 'error.response', res.body);
        expect(res.body).toEqual(body);
      }
      expect((await userinfo(tokens.access_token)).status).toBe(200);
    });
  });

  describe('GET /logout', () => {
    const logout = (query: Record<string, string>) => {
      expectSchema('ciam', 'logout.request', query);
      return request(runtime.app).get('/logout').query(query);
    };

    it('redirects to the logout redirect URI with the state', async () => {
      const res = await logout({ client_id: 'TENANT_CLIENT_ID', logout_redirect_uri: 'https://example.com/logout', state: 'MOCK_STATE' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('https://example.com/logout?state=MOCK_STATE');
    });

    it('uses the application\'s only logout redirect URI when none is given', async () => {
      const res = await logout({ client_id: 'TENANT_CLIENT_ID' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('https://example.com/logout');
    });

    it('falls back to the application\'s redirect URIs when it has no logout ones', async () => {
      const res = await logout({ client_id: 'OTHER_CLIENT_ID', logout_redirect_uri: 'https://other.example.com/back' });
      expect(res.status).toBe(302);
    });

    it.each([
      ['a missing client_id', () => request(runtime.app).get('/logout'), 'Client ID parameter not found'],
      ['an unknown client', () => logout({ client_id: 'NO_SUCH_CLIENT' }), 'Invalid client ID'],
      ['an unregistered URI (no open redirect)', () => logout({ client_id: 'TENANT_CLIENT_ID', logout_redirect_uri: 'https://evil.example.com/' }), 'Invalid logout redirect URI'],
      ['no URI when the application has several', () => logout({ client_id: 'OTHER_CLIENT_ID' }), 'Logout redirect URI parameter not found'],
    ])('refuses %s with 400', async (_name, send, description) => {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.location).toBeUndefined();
      expectSchema('ciam', 'error.response', res.body);
      expect(res.body).toEqual({ error: 'invalid_request', error_description: description });
    });
  });
});
