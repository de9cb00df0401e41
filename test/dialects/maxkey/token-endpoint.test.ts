import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { APP, APP_SECRET, basic, CALLBACK, decodeJwt, expectEmpty, expectOAuthError, issueCode, maxkeyConfig, passwordForm, TOKEN, tokenPost, UUID } from './helpers';

describe('MaxKey token endpoint', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  beforeAll(async () => {
    runtime = await startRuntime({ config: maxkeyConfig(), now: clock.now });
  });
  afterAll(() => runtime.close());

  function expectStandard(body: Record<string, unknown>, keys: string[]): void {
    expectSchema('maxkey', 'token.response', body);
    expect(Object.keys(body)).toEqual(keys);
    expect(body.token_type).toBe('bearer');
    expect(body.access_token).toMatch(UUID);
  }

  describe('success', () => {
    it('client_credentials with parameters: standard JSON, 299 s, no refresh token, no-store', async () => {
      const res = await tokenPost(runtime, { grant_type: 'client_credentials', client_id: APP, client_secret: APP_SECRET, scope: 'read' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      expectStandard(res.body, ['access_token', 'token_type', 'expires_in', 'scope']);
      expect(res.body.expires_in).toBe(299);
      expect(res.body.scope).toBe('read');
    });

    it('a missing grant_type means client_credentials; Basic works without client_id; GET with query parameters and the /oauth2/token alias', async () => {
      const noGrant = await request(runtime.app).post(TOKEN).set('Authorization', basic('machine', 'machine:secret')).type('form').send({});
      // MaxKey splits Basic on every ":" : a secret holding one is cut, so this app cannot use Basic.
      expectEmpty(noGrant);
      const viaParams = await tokenPost(runtime, { client_id: 'machine', client_secret: 'machine:secret' });
      expectStandard(viaParams.body, ['access_token', 'token_type', 'expires_in', 'scope']);
      const basicNoGrant = await request(runtime.app).post(TOKEN).set('Authorization', basic(APP, APP_SECRET)).type('form').send({ scope: 'read' });
      expectStandard(basicNoGrant.body, ['access_token', 'token_type', 'expires_in', 'scope']);
      const get = await request(runtime.app).get(`/sign/oauth2/token?grant_type=client_credentials&client_id=${APP}&client_secret=${APP_SECRET}&scope=read`);
      expectStandard(get.body, ['access_token', 'token_type', 'expires_in', 'scope']);
      // The live token for the same client and scope is handed back (Spring token store reuse).
      expect(get.body.access_token).toBe(basicNoGrant.body.access_token);
      // JustAuth sends everything in the query string of a POST.
      const postQuery = await request(runtime.app).post(`${TOKEN}?grant_type=client_credentials&client_id=${APP}&client_secret=${APP_SECRET}&scope=read`);
      expect(postQuery.body.access_token).toBe(get.body.access_token);
    });

    it('password with openid: refresh token and an RS256 id_token verifiable at the jwks endpoint; refresh reuses the refresh token', async () => {
      const res = await tokenPost(runtime, passwordForm({ scope: 'openid profile' }));
      expectStandard(res.body, ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'id_token']);
      expect(res.body.scope).toBe('openid profile');
      const { header, payload } = decodeJwt(res.body.id_token);
      expect(Object.keys(header)).toEqual(['kid', 'alg']);
      expectSchema('maxkey', 'id-token.claims', payload);
      expect(Object.keys(payload)).toEqual(['sub', 'exp', 'iss', 'iat', 'aud', 'jti', 'kid']);
      expect(payload).toMatchObject({ sub: 'zhangsan', aud: [APP], iss: 'http://gateway.test/sign/maxkey', kid: header.kid });
      const jwks = await request(runtime.app).get('/sign/authz/oauth/v20/jwks');
      expectSchema('maxkey', 'jwks.response', jwks.body);
      const verified = await jwtVerify(res.body.id_token, createLocalJWKSet(jwks.body), { algorithms: ['RS256'], audience: APP });
      expect(verified.payload.sub).toBe('zhangsan');

      const refreshed = await tokenPost(runtime, { grant_type: 'refresh_token', client_id: APP, client_secret: APP_SECRET, refresh_token: res.body.refresh_token });
      expectStandard(refreshed.body, ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'id_token']);
      expect(refreshed.body.refresh_token).toBe(res.body.refresh_token);
      expect(refreshed.body.access_token).not.toBe(res.body.access_token);
    });

    it('authorization_code: a UUID code, refresh token, nonce in the id_token; redirect_uri may be omitted only when the code had none', async () => {
      const code = await issueCode(runtime, { scope: ['openid', 'read'], nonce: 'n-1' });
      expect(code).toMatch(UUID);
      const res = await tokenPost(runtime, { grant_type: 'authorization_code', client_id: APP, client_secret: APP_SECRET, code, redirect_uri: CALLBACK });
      expectStandard(res.body, ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'id_token']);
      expect(decodeJwt(res.body.id_token).payload.nonce).toBe('n-1');
      expect(Object.keys(decodeJwt(res.body.id_token).payload)).toEqual(['sub', 'exp', 'iss', 'iat', 'aud', 'jti', 'nonce', 'kid']);
    });

    it('PKCE with a public app (client_id, no secret)', async () => {
      const verifier = randomBytes(40).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const code = await issueCode(runtime, { clientId: 'public-app', challenge });
      const res = await tokenPost(runtime, { grant_type: 'authorization_code', client_id: 'public-app', code, redirect_uri: CALLBACK, code_verifier: verifier });
      expectStandard(res.body, ['access_token', 'token_type', 'expires_in', 'scope']);
    });

    it('the bean profile sends the Swagger getter shape', async () => {
      const bean = await startRuntime({ config: maxkeyConfig({ profile: 'bean' }) });
      try {
        const res = await tokenPost(bean, passwordForm({ scope: 'openid read' }));
        expect(res.status).toBe(200);
        expectSchema('maxkey', 'token.bean.response', res.body);
        expect(Object.keys(res.body)).toEqual(['additionalInformation', 'expiration', 'expired', 'expiresIn', 'oauth2Exception', 'refreshToken', 'scope', 'tokenType', 'value']);
        expect(res.body).toMatchObject({ expired: false, expiresIn: 299, oauth2Exception: null, scope: ['openid', 'read'], tokenType: 'bearer' });
        expect(res.body.value).toMatch(UUID);
        expect(res.body.refreshToken).toMatch(UUID);
        expect(Object.keys(res.body.additionalInformation)).toEqual(['id_token']);
        const expiresAt = bean.engine.now() + 300;
        expect(res.body.expiration).toBe(new Date((expiresAt + 8 * 3600) * 1000).toISOString().replace('T', ' ').slice(0, 19));
      } finally {
        await bean.close();
      }
    });
  });

  describe('client authentication failures: HTTP 200 with an empty body', () => {
    it.each([
      ['a wrong secret', { grant_type: 'client_credentials', client_id: APP, client_secret: 'wrong' }, undefined],
      ['an unknown client', { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' }, undefined],
      ['no credentials at all', { grant_type: 'client_credentials' }, undefined],
      ['client_id without a secret', { grant_type: 'client_credentials', client_id: APP }, undefined],
      ['a Basic header without a colon', { grant_type: 'client_credentials' }, `Basic ${Buffer.from('nocolon').toString('base64')}`],
      ['a lowercase basic prefix', { grant_type: 'client_credentials' }, basic(APP, APP_SECRET).replace('Basic', 'basic')],
      // client_id in the parameters wins: the Basic header is not read.
      ['client_id parameter beside a good Basic header', { grant_type: 'client_credentials', client_id: APP }, basic(APP, APP_SECRET)],
    ])('%s', async (_name, form, authorization) => {
      const req = request(runtime.app).post(TOKEN).type('form');
      if (authorization) req.set('Authorization', authorization);
      expectEmpty(await req.send(form));
    });
  });

  describe('error rows (reference B.5), all HTTP 200', () => {
    const client = { client_id: APP, client_secret: APP_SECRET };
    it.each([
      ['password: wrong user password', passwordForm({ password: 'nope' }), 'invalid_request', 'There is no client authentication. Try adding an appropriate authentication.'],
      ['password: unknown user', passwordForm({ username: 'ghost' }), 'invalid_request', 'There is no client authentication. Try adding an appropriate authentication.'],
      ['password: locked user', passwordForm({ username: 'mallory', password: 'locked-out' }), 'invalid_request', 'There is no client authentication. Try adding an appropriate authentication.'],
      ['password: bad client secret', passwordForm({ client_secret: 'bad' }), 'invalid_request', 'There is no client authentication. Try adding an appropriate authentication.'],
      ['unknown grant_type', { ...client, grant_type: 'foo' }, 'unsupported_grant_type', 'Unsupported grant type: foo'],
      ['grant not allowed for the app', { client_id: 'normal-app', client_secret: 'normal-secret', grant_type: 'client_credentials', scope: 'read' }, 'invalid_client', 'Unauthorized grant type: client_credentials'],
      ['implicit at the token endpoint', { ...client, grant_type: 'implicit' }, 'invalid_grant', 'Implicit grant type not supported from token endpoint'],
      ['scope not allowed', { ...client, grant_type: 'client_credentials', scope: 'read email2' }, 'invalid_scope', 'Invalid scope: email2'],
      ['code not a UUID', { ...client, grant_type: 'authorization_code', code: 'ABC123' }, 'invalid_request', 'The code is not valid format .'],
      ['code missing', { ...client, grant_type: 'authorization_code' }, 'invalid_request', 'An authorization code must be supplied.'],
      ['code unknown', { ...client, grant_type: 'authorization_code', code: '0e7b0c5e-1111-4222-8333-944455556666' }, 'invalid_grant', 'Invalid authorization code: 0e7b0c5e-1111-4222-8333-944455556666'],
      ['refresh token missing', { ...client, grant_type: 'refresh_token' }, 'invalid_grant', 'Invalid refresh token: null'],
      ['refresh token unknown', { ...client, grant_type: 'refresh_token', refresh_token: 'c3d1e2f3-0000-4000-8000-000000000000' }, 'invalid_grant', 'Invalid refresh token: c3d1e2f3-0000-4000-8000-000000000000'],
    ])('%s', async (_name, form, error, description) => {
      expectOAuthError(await tokenPost(runtime, form as Record<string, string>), error, description);
    });

    it('empty scope: an app without scopes', async () => {
      const bare = await startRuntime({
        config: maxkeyConfig({}, { clients: [{ client_id: 'bare', client_secret: 'bare-secret', grant_types: ['client_credentials'], scopes: [] }] }),
      });
      try {
        expectOAuthError(await tokenPost(bare, { grant_type: 'client_credentials', client_id: 'bare', client_secret: 'bare-secret' }), 'invalid_scope', 'Empty scope (either the client or the user is not allowed the requested scopes)');
      } finally {
        await bare.close();
      }
    });

    it('a code of another app, a used code, PKCE without or with a wrong verifier', async () => {
      const foreign = await issueCode(runtime, { clientId: 'normal-app' });
      expectOAuthError(await tokenPost(runtime, { ...client, grant_type: 'authorization_code', code: foreign, redirect_uri: CALLBACK }), 'invalid_client', 'Client ID mismatch');
      const code = await issueCode(runtime);
      expect((await tokenPost(runtime, { ...client, grant_type: 'authorization_code', code, redirect_uri: CALLBACK })).body.access_token).toMatch(UUID);
      expectOAuthError(await tokenPost(runtime, { ...client, grant_type: 'authorization_code', code, redirect_uri: CALLBACK }), 'invalid_grant', `Invalid authorization code: ${code}`);
      const challenge = createHash('sha256').update('v'.repeat(43)).digest('base64url');
      const pkce = await issueCode(runtime, { challenge });
      expectOAuthError(await tokenPost(runtime, { ...client, grant_type: 'authorization_code', code: pkce, redirect_uri: CALLBACK }), 'invalid_request', 'code_verifier can not null.');
      const pkce2 = await issueCode(runtime, { challenge });
      expectOAuthError(
        await tokenPost(runtime, { ...client, grant_type: 'authorization_code', code: pkce2, redirect_uri: CALLBACK, code_verifier: 'w'.repeat(43) }),
        'invalid_request',
        'code_verifier not match.',
      );
    });

    it('refresh: another app, scope widening, and an expired token (InMemory message)', async () => {
      const web = await tokenPost(runtime, { grant_type: 'password', client_id: 'web-app', client_secret: 's3cret', username: 'bob', password: 'builder', scope: 'read' });
      const rt = web.body.refresh_token as string;
      expectOAuthError(await tokenPost(runtime, { ...client, grant_type: 'refresh_token', refresh_token: rt }), 'invalid_grant', `Wrong client for this refresh token: ${rt}`);
      expectOAuthError(
        await tokenPost(runtime, { client_id: 'web-app', client_secret: 's3cret', grant_type: 'refresh_token', refresh_token: rt, scope: 'read write' }),
        'invalid_scope',
        'Unable to narrow the scope of the client authentication to [read, write].',
      );
      const mine = await tokenPost(runtime, passwordForm({ username: 'bob', password: 'builder' }));
      clock.advance(301);
      try {
        expectOAuthError(
          await tokenPost(runtime, { ...client, grant_type: 'refresh_token', refresh_token: mine.body.refresh_token }),
          'invalid_token',
          `Invalid refresh token (expired): ${mine.body.refresh_token}`,
        );
      } finally {
        clock.advance(-301);
      }
    });

    it('a malformed or oversized body gets the envelope, never an HTML page', async () => {
      const big = await request(runtime.app).post(TOKEN).type('form').send(`client_id=${'a'.repeat(200_000)}`);
      expect(big.status).toBe(200);
      expectSchema('maxkey', 'envelope.response', big.body);
      expect(big.body.code).toBe(2);
      const put = await request(runtime.app).put(TOKEN).type('form').send({});
      expect(put.status).toBe(200);
      expect(put.body).toEqual({ code: 405, message: 'Method Not Allowed', data: null });
    });
  });
});
