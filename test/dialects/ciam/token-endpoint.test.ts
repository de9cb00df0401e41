import request from 'supertest';
import { CoreError } from '../../../src/core/errors';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import {
  basic,
  CALLBACK,
  ciamConfig,
  decodeJwt,
  EMAIL_AUTH_SOURCE,
  expectCiamTokens,
  ISSUER,
  issueCode,
  pkcePair,
  seedPasswordForm,
  SEED_AUTH_SOURCE,
  SPA_CALLBACK,
  tokenRequest,
  verifyWithJwks,
} from './ciam-helpers';

const USER_GRANT_KEYS = ['access_token', 'refresh_token', 'scope', 'id_token', 'token_type', 'expires_in'];

describe('CIAM /oauth2/token', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: ciamConfig() });
  });
  afterAll(() => runtime.close());

  const token = (form: Record<string, string> | string) => tokenRequest(runtime, form);

  describe('password grant (the seed)', () => {
    it('answers the seed request exactly as documented', async () => {
      const res = await token(seedPasswordForm());
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expectCiamTokens(res.body, USER_GRANT_KEYS);
      expect(res.body.scope).toBe('openid');
      expect(res.body.refresh_token).toHaveLength(128);

      const access = await verifyWithJwks(runtime, res.body.access_token, { issuer: ISSUER, audience: 'TENANT_CLIENT_ID' });
      expect(access).toMatchObject({ sub: 'MOCK_USER_ID', aud: 'TENANT_CLIENT_ID', scope: ['openid'], iss: ISSUER });
      const id = await verifyWithJwks(runtime, res.body.id_token, { issuer: ISSUER, audience: 'TENANT_CLIENT_ID' });
      expect(Object.keys(id)).toEqual(['sub', 'aud', 'azp', 'iss', 'exp', 'iat', 'jti']);
      expect(id).toMatchObject({ sub: 'MOCK_USER_ID', aud: 'TENANT_CLIENT_ID', azp: 'TENANT_CLIENT_ID' });
      expect(id.jti).not.toBe(access.jti);
      expect(decodeJwt(res.body.access_token).header.kid).toBe(runtime.engine.keys.currentKid);
    });

    it('accepts HTTP Basic client authentication too (client_secret_basic)', async () => {
      const res = await request(runtime.app)
        .post('/oauth2/token')
        .set('Authorization', basic('TENANT_CLIENT_ID', 'TENANT_CLIENT_SECRET'))
        .type('form')
        .send(seedPasswordForm({ client_id: undefined, client_secret: undefined }));
      expect(res.status).toBe(200);
      expectCiamTokens(res.body, USER_GRANT_KEYS);
    });

    it('grants the application\'s scopes when scope is left out', async () => {
      const res = await token(seedPasswordForm({ scope: undefined }));
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe('openid identity_proofing');
      expect(decodeJwt(res.body.access_token).payload.scope).toEqual(['openid', 'identity_proofing']);
    });

    it('signs in with every identifier the auth source accepts', async () => {
      const byPhone = await token(seedPasswordForm({ username: '13612345678' }));
      expect(byPhone.status).toBe(200);
      expect(decodeJwt(byPhone.body.access_token).payload.sub).toBe('MOCK_USER_ID');
      const byEmail = await token(
        seedPasswordForm({ client_id: 'OTHER_CLIENT_ID', client_secret: 'OTHER_CLIENT_SECRET', auth_source_id: EMAIL_AUTH_SOURCE, username: 'MOCK_USERNAME@example.com' }),
      );
      expect(byEmail.status).toBe(200);
    });

    it('lets a public client (SPA, mobile app) sign in without a secret', async () => {
      const res = await token(seedPasswordForm({ client_id: 'SPA_CLIENT_ID', client_secret: undefined }));
      expect(res.status).toBe(200);
      expectCiamTokens(res.body, USER_GRANT_KEYS);
      expect(decodeJwt(res.body.id_token).payload.aud).toBe('SPA_CLIENT_ID');
    });

    it('omits the ID token when openid is not granted', async () => {
      const res = await token(seedPasswordForm({ scope: 'identity_proofing' }));
      expect(res.status).toBe(200);
      expectCiamTokens(res.body, ['access_token', 'refresh_token', 'scope', 'token_type', 'expires_in']);
    });
  });

  describe('refresh_token grant', () => {
    it('returns the same refresh token with a new access token and a new ID token', async () => {
      const login = await token(seedPasswordForm());
      const refreshed = await token({ grant_type: 'refresh_token', client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', refresh_token: login.body.refresh_token });
      expect(refreshed.status).toBe(200);
      expectCiamTokens(refreshed.body, USER_GRANT_KEYS);
      expect(refreshed.body.refresh_token).toBe(login.body.refresh_token);
      expect(refreshed.body.access_token).not.toBe(login.body.access_token);
      expect(refreshed.body.id_token).not.toBe(login.body.id_token);
      expect(decodeJwt(refreshed.body.access_token).payload.jti).not.toBe(decodeJwt(login.body.access_token).payload.jti);
      // Reuse: the same refresh token keeps working, and the first access token stays live.
      const again = await token({ grant_type: 'refresh_token', client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', refresh_token: login.body.refresh_token });
      expect(again.status).toBe(200);
      const me = await request(runtime.app).get('/userinfo').set('Authorization', `Bearer ${login.body.access_token}`);
      expect(me.status).toBe(200);
    });

    it('rotates refresh tokens when configured to', async () => {
      const rotating = await startRuntime({ config: ciamConfig({ refresh_rotation: 'rotate' }) });
      try {
        const login = await tokenRequest(rotating, seedPasswordForm());
        const refreshed = await tokenRequest(rotating, { grant_type: 'refresh_token', client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', refresh_token: login.body.refresh_token });
        expect(refreshed.status).toBe(200);
        expect(refreshed.body.refresh_token).toHaveLength(128);
        expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
      } finally {
        await rotating.close();
      }
    });
  });

  describe('client_credentials grant', () => {
    it('issues an access token for the client alone: sub = client_id, no refresh or ID token', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', scope: 'identity_proofing' });
      expect(res.status).toBe(200);
      expectCiamTokens(res.body, ['access_token', 'scope', 'token_type', 'expires_in']);
      expect(res.body.scope).toBe('identity_proofing');
      const claims = await verifyWithJwks(runtime, res.body.access_token, { issuer: ISSUER, audience: 'TENANT_CLIENT_ID' });
      expect(claims).toMatchObject({ sub: 'TENANT_CLIENT_ID', scope: ['identity_proofing'] });
    });
  });

  describe('authorization_code grant', () => {
    it('exchanges a confidential client\'s code, repeating the authorization request\'s nonce in the ID token', async () => {
      const code = await issueCode(runtime, { clientId: 'TENANT_CLIENT_ID', nonce: 'n-0S6_WzA2Mj' });
      expect(code).toMatch(/^[A-Za-z0-9_-]{128}$/);
      const res = await token({ client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
      expect(res.status).toBe(200);
      expectCiamTokens(res.body, USER_GRANT_KEYS);
      const id = await verifyWithJwks(runtime, res.body.id_token, { issuer: ISSUER, audience: 'TENANT_CLIENT_ID' });
      expect(Object.keys(id)).toEqual(['sub', 'aud', 'azp', 'iss', 'exp', 'iat', 'nonce', 'jti']);
      expect(id.nonce).toBe('n-0S6_WzA2Mj');
      // On refresh the new ID token carries no nonce.
      const refreshed = await token({ grant_type: 'refresh_token', client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', refresh_token: res.body.refresh_token });
      expect(decodeJwt(refreshed.body.id_token).payload).not.toHaveProperty('nonce');
    });

    it('exchanges a public client\'s code with PKCE and no secret', async () => {
      const { verifier, challenge } = pkcePair();
      const code = await issueCode(runtime, { clientId: 'SPA_CLIENT_ID', redirectUri: SPA_CALLBACK, challenge });
      const res = await token({ client_id: 'SPA_CLIENT_ID', grant_type: 'authorization_code', code, redirect_uri: SPA_CALLBACK, code_verifier: verifier });
      expect(res.status).toBe(200);
      expectCiamTokens(res.body, USER_GRANT_KEYS);
      expect(decodeJwt(res.body.id_token).payload).not.toHaveProperty('nonce');
    });

    it('accepts a code once', async () => {
      const code = await issueCode(runtime, { clientId: 'TENANT_CLIENT_ID' });
      const form = { client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', grant_type: 'authorization_code', code, redirect_uri: CALLBACK };
      expect((await token(form)).status).toBe(200);
      const again = await token(form);
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ error: 'invalid_grant' });
    });
  });

  describe('every documented error, with its status and exact body', () => {
    const TENANT = { client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET' };
    const GRANT_TYPE_ERROR = { error_description: 'OAuth 2.0 Parameter: grant_type', error_uri: 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.2' };
    type Form = Record<string, string> | string;
    type Row = [string, () => Promise<Form> | Form, number, Record<string, unknown> | null];
    const rows: Row[] = [
      ['wrong password', () => seedPasswordForm({ password: 'WRONG' }), 400, { error: 'invalid_grant', error_description: 'Wrong username or password' }],
      ['unknown user', () => seedPasswordForm({ username: 'NOBODY' }), 400, { error: 'invalid_grant', error_description: 'Wrong username or password' }],
      ['locked user', () => seedPasswordForm({ username: 'LOCKED_USER', password: 'LOCKED_PASSWORD' }), 400, { error: 'invalid_grant', error_description: 'Abnormal user status' }],
      ['frozen (disabled) user', () => seedPasswordForm({ username: 'FROZEN_USER', password: 'FROZEN_PASSWORD' }), 400, { error: 'invalid_grant', error_description: 'Abnormal user status' }],
      ['email where the auth source takes none', () => seedPasswordForm({ username: 'MOCK_USERNAME@example.com' }), 400, { error: 'invalid_grant', error_description: 'Unsupported username identifier' }],
      ['email of nobody where the auth source takes none', () => seedPasswordForm({ username: 'nobody@example.com' }), 400, { error: 'invalid_grant', error_description: 'Unsupported username identifier' }],
      ['username where the auth source takes emails only', () => seedPasswordForm({ client_id: 'OTHER_CLIENT_ID', client_secret: 'OTHER_CLIENT_SECRET', auth_source_id: EMAIL_AUTH_SOURCE }), 400, { error: 'invalid_grant', error_description: 'Unsupported username identifier' }],
      ['auth source of another application', () => seedPasswordForm({ auth_source_id: EMAIL_AUTH_SOURCE }), 400, { error: 'invalid_auth_source', error_description: 'Auth source and application not associated' }],
      ['unknown auth source', () => seedPasswordForm({ auth_source_id: 'NO_SUCH_SOURCE' }), 400, { error: 'invalid_auth_source', error_description: 'Auth source and application not associated' }],
      ['missing auth_source_id', () => seedPasswordForm({ auth_source_id: undefined }), 400, { error: 'invalid_request', error_description: 'OAuth 2.0 Parameter: auth_source_id', error_uri: GRANT_TYPE_ERROR.error_uri }],
      ['wrong client secret', () => seedPasswordForm({ client_secret: 'WRONG' }), 401, { error: 'invalid_client' }],
      ['unknown client with a secret', () => seedPasswordForm({ client_id: 'NO_SUCH_CLIENT' }), 401, { error: 'invalid_client' }],
      ['no client_id at all', () => seedPasswordForm({ client_id: undefined, client_secret: undefined }), 401, null],
      ['confidential client without its secret', () => seedPasswordForm({ client_secret: undefined }), 401, null],
      ['wrong grant_type', () => ({ ...TENANT, grant_type: 'authorization_cod', code: 'MOCK_CODE', redirect_uri: CALLBACK }), 400, { error: 'unsupported_grant_type', ...GRANT_TYPE_ERROR }],
      ['OTP grant (not implemented)', () => ({ ...TENANT, grant_type: 'http://tencentciam.com/oauth2/grant-type/otp/sms' }), 400, { error: 'unsupported_grant_type', ...GRANT_TYPE_ERROR }],
      ['missing grant_type', () => ({ ...TENANT }), 400, { error: 'invalid_request', ...GRANT_TYPE_ERROR }],
      ['wrong code', () => ({ ...TENANT, grant_type: 'authorization_code', code: 'MOCK_CODE', redirect_uri: CALLBACK }), 400, { error: 'invalid_grant' }],
      ['code issued to another client', async () => ({ client_id: 'OTHER_CLIENT_ID', client_secret: 'OTHER_CLIENT_SECRET', grant_type: 'authorization_code', code: await issueCode(runtime, { clientId: 'TENANT_CLIENT_ID' }), redirect_uri: CALLBACK }), 401, { error: 'invalid_client' }],
      ['redirect_uri differing from the authorization request', async () => ({ ...TENANT, grant_type: 'authorization_code', code: await issueCode(runtime, { clientId: 'TENANT_CLIENT_ID' }), redirect_uri: 'https://example.com/elsewhere' }), 400, { error: 'invalid_grant' }],
      ['PKCE: client_id missing', () => ({ grant_type: 'authorization_code', code: 'MOCK_CODE', redirect_uri: SPA_CALLBACK, code_verifier: pkcePair().verifier }), 400, { error: 'invalid_request' }],
      ['PKCE: unknown client_id', () => ({ client_id: 'NO_SUCH_CLIENT', grant_type: 'authorization_code', code: 'MOCK_CODE', redirect_uri: SPA_CALLBACK, code_verifier: pkcePair().verifier }), 400, { error: 'invalid_request' }],
      ['PKCE: wrong code', () => ({ client_id: 'SPA_CLIENT_ID', grant_type: 'authorization_code', code: 'MOCK_CODE', redirect_uri: SPA_CALLBACK, code_verifier: pkcePair().verifier }), 401, { error: 'invalid_client' }],
      ['PKCE: wrong code_verifier', async () => ({ client_id: 'SPA_CLIENT_ID', grant_type: 'authorization_code', code: await issueCode(runtime, { clientId: 'SPA_CLIENT_ID', redirectUri: SPA_CALLBACK, challenge: pkcePair().challenge }), redirect_uri: SPA_CALLBACK, code_verifier: pkcePair().verifier }), 401, { error: 'invalid_client' }],
      ['PKCE: code issued to another client', async () => {
        const { verifier, challenge } = pkcePair();
        return { client_id: 'SPA_CLIENT_ID', grant_type: 'authorization_code', code: await issueCode(runtime, { clientId: 'TENANT_CLIENT_ID', challenge }), redirect_uri: CALLBACK, code_verifier: verifier };
      }, 401, { error: 'invalid_client' }],
      ['PKCE: wrong grant_type', () => ({ client_id: 'SPA_CLIENT_ID', grant_type: 'authorization_cod', code: 'MOCK_CODE', redirect_uri: SPA_CALLBACK, code_verifier: pkcePair().verifier }), 401, null],
      ['PKCE: confidential client without its secret', () => ({ client_id: 'TENANT_CLIENT_ID', grant_type: 'authorization_code', code: 'MOCK_CODE', redirect_uri: CALLBACK, code_verifier: pkcePair().verifier }), 401, { error: 'invalid_client' }],
      ['public client without a code_verifier', () => ({ client_id: 'SPA_CLIENT_ID', grant_type: 'authorization_code', code: 'MOCK_CODE', redirect_uri: SPA_CALLBACK }), 401, null],
      ['wrong refresh token', () => ({ ...TENANT, grant_type: 'refresh_token', refresh_token: 'MOCK_REFRESH_TOKEN' }), 400, { error: 'invalid_grant' }],
      ['refresh token of another client', async () => ({ client_id: 'OTHER_CLIENT_ID', client_secret: 'OTHER_CLIENT_SECRET', grant_type: 'refresh_token', refresh_token: (await token(seedPasswordForm())).body.refresh_token }), 400, { error: 'invalid_grant' }],
      ['missing refresh_token', () => ({ ...TENANT, grant_type: 'refresh_token' }), 400, { error: 'invalid_request', error_description: 'OAuth 2.0 Parameter: refresh_token', error_uri: GRANT_TYPE_ERROR.error_uri }],
      ['grant not allowed for the application', () => ({ client_id: 'MACHINE_CLIENT_ID', client_secret: 'MACHINE_SECRET', grant_type: 'refresh_token', refresh_token: 'x' }), 400, { error: 'unauthorized_client' }],
      ['scope not permitted', () => ({ ...TENANT, grant_type: 'client_credentials', scope: 'admin' }), 400, { error: 'invalid_scope' }],
      ['password grant asking for a scope the application lacks', () => seedPasswordForm({ scope: 'openid admin' }), 400, { error: 'invalid_scope' }],
      ['repeated grant_type', () => 'client_id=TENANT_CLIENT_ID&client_secret=TENANT_CLIENT_SECRET&grant_type=password&grant_type=client_credentials', 400, { error: 'invalid_request', ...GRANT_TYPE_ERROR }],
    ];

    it.each(rows)('%s', async (_name, form, status, body) => {
      const res = await token(await form());
      expect(res.status).toBe(status);
      if (body === null) {
        expect(res.text).toBe('');
        expect(res.headers['content-type']).toBeUndefined();
      } else {
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expectSchema('ciam', 'error.response', res.body);
        expect(res.body).toEqual(body);
        expect(Object.keys(res.body)).toEqual(Object.keys(body));
      }
    });

    it('answers malformed requests in its own shape, never with a stack trace or a page', async () => {
      const cases: Array<[request.Test, number]> = [
        [request(runtime.app).post('/oauth2/token').set('Content-Type', 'application/x-www-form-urlencoded').send(`grant_type=password&padding=${'x'.repeat(200_000)}`), 413],
        [request(runtime.app).post('/oauth2/token').set('Content-Type', 'application/json').send('{"grant_type":'), 400],
        [request(runtime.app).post('/oauth2/token').set('Authorization', 'Basic !!!').type('form').send({ grant_type: 'client_credentials' }), 400],
        [request(runtime.app).get('/oauth2/token'), 405],
      ];
      for (const [pending, status] of cases) {
        const res = await pending;
        expect(res.status).toBe(status);
        expectSchema('ciam', 'error.response', res.body);
        expect(res.body.error).toBe('invalid_request');
        expect(res.text).not.toMatch(/at \w+ \(|node_modules|<html/i);
      }
    });

    it('validates every request it accepted against the request schema', () => {
      expectSchema('ciam', 'token.request', seedPasswordForm());
      expect(() => expectSchema('ciam', 'token.request', seedPasswordForm({ auth_source_id: undefined }))).toThrow(/auth_source_id/);
      expect(SEED_AUTH_SOURCE).toBe('MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID');
    });
  });
});

describe('CIAM with the token store down', () => {
  it('answers 503 temporarily_unavailable at the token and userinfo endpoints', async () => {
    const runtime = await startRuntime({ config: ciamConfig() });
    try {
      const login = await tokenRequest(runtime, seedPasswordForm());
      const store = runtime.engine.context.store;
      jest.spyOn(store, 'saveTokens').mockRejectedValue(new CoreError('server_unavailable', 'the token store is unavailable'));
      jest.spyOn(store, 'findToken').mockRejectedValue(new CoreError('server_unavailable', 'the token store is unavailable'));
      for (const res of [await tokenRequest(runtime, seedPasswordForm()), await request(runtime.app).get('/userinfo').set('Authorization', `Bearer ${login.body.access_token}`)]) {
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('1');
        expectSchema('ciam', 'error.response', res.body);
        expect(res.body).toEqual({ error: 'temporarily_unavailable' });
      }
    } finally {
      await runtime.close();
    }
  });
});
