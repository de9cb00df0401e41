import { createHash } from 'node:crypto';
import type { Runtime } from '../../src/runtime';
import type { TokenEngine } from '../../src/core/engine';
import { CoreError } from '../../src/core/errors';
import { policyWith, type TokenPolicy } from '../../src/core/policy';
import type { Client } from '../../src/core/model';
import { startRuntime } from '../helpers/gateway';
import { TestClock } from '../helpers/clock';

const policy: TokenPolicy = policyWith({ accessTokenTtl: 600, refreshTokenTtl: 3600, codeTtl: 30, userIdentifiers: ['username', 'email', 'phone_number'] });

async function rejection(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError, got success');
}

describe('core grants', () => {
  let runtime: Runtime;
  let engine: TokenEngine;
  let clock: TestClock;
  let webApp: Client;
  let spa: Client;

  beforeAll(async () => {
    clock = new TestClock();
    runtime = await startRuntime({ now: clock.now });
    engine = runtime.engine;
    webApp = await engine.authenticateClient({ clientId: 'web-app', clientSecret: 's3cret', method: 'client_secret_basic' });
    spa = await engine.authenticateClient({ clientId: 'spa', method: 'none' });
  });
  afterAll(() => runtime.close());

  describe('client authentication', () => {
    it('accepts the right secret and names the failure otherwise', async () => {
      expect(webApp.clientId).toBe('web-app');
      expect((await rejection(engine.authenticateClient({ clientId: 'web-app', clientSecret: 'nope', method: 'client_secret_post' }))).reason).toBe('bad_credentials');
      expect((await rejection(engine.authenticateClient({ clientId: 'ghost', clientSecret: 'x', method: 'client_secret_post' }))).reason).toBe('unknown_client');
      expect((await rejection(engine.authenticateClient({ clientId: 'web-app', method: 'none' }))).reason).toBe('client_auth_missing');
      expect((await rejection(engine.authenticateClient({ method: 'none' }))).code).toBe('invalid_client');
    });

    it('lets a public client in without a secret but not with a made-up one', async () => {
      expect(spa.secretHash).toBeUndefined();
      expect((await rejection(engine.authenticateClient({ clientId: 'spa', clientSecret: 'guess', method: 'client_secret_post' }))).code).toBe('invalid_client');
    });
  });

  describe('password', () => {
    it('issues an access and a refresh token bound to the user, client and scope', async () => {
      const result = await engine.token({ grantType: 'password', client: webApp, username: 'alice', password: 'wonderland', scope: ['read'] }, policy);
      expect(result.subject).toEqual({ type: 'user', id: '1001', username: 'alice' });
      expect(result.scope).toEqual(['read']);
      expect(result.accessToken.record.expiresAt - result.accessToken.record.issuedAt).toBe(600);
      expect(result.refreshToken).toBeDefined();
      const facts = await engine.introspect(result.accessToken.value);
      expect(facts).toMatchObject({ active: true, sub: 'alice', username: 'alice', client_id: 'web-app', scope: 'read', grant_type: 'password', token_type: 'access_token' });
    });

    it('finds users by email or phone when the policy allows it, and refuses otherwise', async () => {
      const byEmail = await engine.token({ grantType: 'password', client: webApp, username: 'alice@example.com', password: 'wonderland' }, policy);
      expect(byEmail.subject.username).toBe('alice');
      const byPhone = await engine.token({ grantType: 'password', client: webApp, username: '+8613800000000', password: 'wonderland' }, policy);
      expect(byPhone.subject.username).toBe('alice');
      const usernameOnly = policyWith({ userIdentifiers: ['username'] });
      const refused = await rejection(engine.token({ grantType: 'password', client: webApp, username: 'alice@example.com', password: 'wonderland' }, usernameOnly));
      expect(refused).toMatchObject({ code: 'invalid_grant', reason: 'unsupported_identifier' });
    });

    it('says bad_credentials alike for a wrong password and an unknown user', async () => {
      const wrong = await rejection(engine.token({ grantType: 'password', client: webApp, username: 'alice', password: 'nope' }, policy));
      const unknown = await rejection(engine.token({ grantType: 'password', client: webApp, username: 'nobody', password: 'nope' }, policy));
      expect(wrong).toMatchObject({ code: 'invalid_grant', reason: 'bad_credentials', message: 'Bad credentials' });
      expect(unknown).toMatchObject({ code: 'invalid_grant', reason: 'bad_credentials', message: 'Bad credentials' });
    });

    it('refuses locked and disabled users only after their password is right', async () => {
      expect((await rejection(engine.token({ grantType: 'password', client: webApp, username: 'mallory', password: 'locked-out' }, policy))).reason).toBe('user_locked');
      expect((await rejection(engine.token({ grantType: 'password', client: webApp, username: 'dave', password: 'disabled-pw' }, policy))).reason).toBe('user_disabled');
      expect((await rejection(engine.token({ grantType: 'password', client: webApp, username: 'mallory', password: 'wrong' }, policy))).reason).toBe('bad_credentials');
    });

    it('rejects scopes the client was not given', async () => {
      const error = await rejection(engine.token({ grantType: 'password', client: webApp, username: 'alice', password: 'wonderland', scope: ['admin'] }, policy));
      expect(error.code).toBe('invalid_scope');
    });
  });

  describe('grant type checks', () => {
    it('refuses a grant the client may not use, and one that does not exist', async () => {
      expect((await rejection(engine.token({ grantType: 'password', client: spa, username: 'alice', password: 'wonderland' }, policy))).code).toBe('unauthorized_client');
      expect((await rejection(engine.token({ grantType: 'urn:made:up', client: webApp }, policy))).code).toBe('unsupported_grant_type');
      expect((await rejection(engine.token({ grantType: '', client: webApp }, policy))).code).toBe('invalid_request');
    });
  });

  describe('client_credentials', () => {
    it('issues a token for the client itself, with no refresh token by default', async () => {
      const result = await engine.token({ grantType: 'client_credentials', client: webApp }, policy);
      expect(result.subject).toEqual({ type: 'client', id: 'web-app' });
      expect(result.refreshToken).toBeUndefined();
      expect(result.scope).toEqual(['read', 'write', 'openid']);
      const info = await engine.userInfo(result.accessToken.value);
      expect(info.user).toBeUndefined();
      expect(info.record.clientId).toBe('web-app');
    });
  });

  describe('refresh_token', () => {
    it('rotates: the old refresh token is spent, the new one works', async () => {
      const first = await engine.token({ grantType: 'password', client: webApp, username: 'bob', password: 'builder' }, policy);
      const second = await engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: first.refreshToken!.value }, policy);
      expect(second.refreshToken!.value).not.toBe(first.refreshToken!.value);
      expect(second.refreshTokenIsNew).toBe(true);
      expect(second.grantId).toBe(first.grantId);
      const third = await engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: second.refreshToken!.value }, policy);
      expect((await engine.introspect(third.accessToken.value)).active).toBe(true);
    });

    it('treats reuse of a spent refresh token as theft and revokes the whole family', async () => {
      const first = await engine.token({ grantType: 'password', client: webApp, username: 'bob', password: 'builder' }, policy);
      const second = await engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: first.refreshToken!.value }, policy);
      const reuse = await rejection(engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: first.refreshToken!.value }, policy));
      expect(reuse).toMatchObject({ code: 'invalid_grant', reason: 'refresh_reused' });
      expect((await engine.introspect(second.accessToken.value)).active).toBe(false);
      expect((await engine.introspect(second.refreshToken!.value)).active).toBe(false);
      expect((await rejection(engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: second.refreshToken!.value }, policy))).code).toBe('invalid_grant');
    });

    it('reuses the same refresh token when the policy says so', async () => {
      const reuse = policyWith({ ...policy, refreshRotation: 'reuse' });
      const first = await engine.token({ grantType: 'password', client: webApp, username: 'bob', password: 'builder' }, reuse);
      const second = await engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: first.refreshToken!.value }, reuse);
      const third = await engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: first.refreshToken!.value }, reuse);
      expect(second.refreshToken!.value).toBe(first.refreshToken!.value);
      expect(second.refreshTokenIsNew).toBe(false);
      expect(third.accessToken.value).not.toBe(second.accessToken.value);
    });

    it('refuses another client\'s refresh token, an access token, an expired one, and wider scope', async () => {
      const other = await engine.authenticateClient({ clientId: 'other-app', clientSecret: 'other-secret', method: 'client_secret_post' });
      const issued = await engine.token({ grantType: 'password', client: webApp, username: 'bob', password: 'builder', scope: ['read'] }, policy);
      expect((await rejection(engine.token({ grantType: 'refresh_token', client: other, refreshToken: issued.refreshToken!.value }, policy))).code).toBe('invalid_grant');
      expect((await rejection(engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: issued.accessToken.value }, policy))).code).toBe('invalid_grant');
      expect((await rejection(engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: issued.refreshToken!.value, scope: ['read', 'write'] }, policy))).code).toBe('invalid_scope');
      const narrowed = await engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: issued.refreshToken!.value, scope: ['read'] }, policy);
      clock.advance(3601);
      try {
        expect((await rejection(engine.token({ grantType: 'refresh_token', client: webApp, refreshToken: narrowed.refreshToken!.value }, policy))).code).toBe('invalid_grant');
      } finally {
        clock.advance(-3601);
      }
    });
  });

  describe('authorization_code', () => {
    const alice = () => engine.directory.userByUsername('alice')!;
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const challenge = createHash('sha256').update(verifier).digest('base64url');

    it('exchanges a code once, with the registered redirect_uri', async () => {
      const code = await engine.issueAuthorizationCode({ client: webApp, user: alice(), redirectUri: 'http://localhost:3000/callback', scope: ['openid'], extra: { nonce: 'n-0S6' } }, policy);
      expect(code.record.expiresAt - code.record.issuedAt).toBe(30);
      const result = await engine.token({ grantType: 'authorization_code', client: webApp, code: code.value, redirectUri: 'http://localhost:3000/callback' }, policy);
      expect(result.subject.username).toBe('alice');
      expect(result.scope).toEqual(['openid']);
      expect(result.extra.nonce).toBe('n-0S6');
      const again = await rejection(engine.token({ grantType: 'authorization_code', client: webApp, code: code.value, redirectUri: 'http://localhost:3000/callback' }, policy));
      expect(again).toMatchObject({ code: 'invalid_grant', reason: 'code_reused' });
      // RFC 6749 §4.1.2: what the code gave is revoked when it is replayed.
      expect((await engine.introspect(result.accessToken.value)).active).toBe(false);
    });

    it('refuses an unregistered redirect_uri at issue and a different one at exchange', async () => {
      expect((await rejection(engine.issueAuthorizationCode({ client: webApp, user: alice(), redirectUri: 'https://evil.example/cb' }, policy))).reason).toBe('redirect_mismatch');
      const code = await engine.issueAuthorizationCode({ client: webApp, user: alice(), redirectUri: 'http://localhost:3000/callback' }, policy);
      expect((await rejection(engine.token({ grantType: 'authorization_code', client: webApp, code: code.value }, policy))).reason).toBe('redirect_mismatch');
    });

    it('checks PKCE S256 and plain', async () => {
      const s256 = await engine.issueAuthorizationCode({ client: spa, user: alice(), redirectUri: 'http://localhost:3000/cb', codeChallenge: challenge, codeChallengeMethod: 'S256' }, policy);
      const bad = await rejection(engine.token({ grantType: 'authorization_code', client: spa, code: s256.value, redirectUri: 'http://localhost:3000/cb', codeVerifier: 'x'.repeat(43) }, policy));
      expect(bad).toMatchObject({ code: 'invalid_grant', reason: 'pkce_failed' });
      const s256b = await engine.issueAuthorizationCode({ client: spa, user: alice(), redirectUri: 'http://localhost:3000/cb', codeChallenge: challenge, codeChallengeMethod: 'S256' }, policy);
      const ok = await engine.token({ grantType: 'authorization_code', client: spa, code: s256b.value, redirectUri: 'http://localhost:3000/cb', codeVerifier: verifier }, policy);
      expect(ok.refreshToken).toBeDefined();
      const plain = await engine.issueAuthorizationCode({ client: spa, user: alice(), redirectUri: 'http://localhost:3000/cb', codeChallenge: verifier }, policy);
      const plainOk = await engine.token({ grantType: 'authorization_code', client: spa, code: plain.value, redirectUri: 'http://localhost:3000/cb', codeVerifier: verifier }, policy);
      expect(plainOk.subject.username).toBe('alice');
    });

    it('requires PKCE from public clients and refuses unknown challenge methods', async () => {
      expect((await rejection(engine.issueAuthorizationCode({ client: spa, user: alice(), redirectUri: 'http://localhost:3000/cb' }, policy))).parameter).toBe('code_challenge');
      expect((await rejection(engine.issueAuthorizationCode({ client: spa, user: alice(), codeChallenge: challenge, codeChallengeMethod: 'S512' }, policy))).code).toBe('invalid_request');
    });

    it('lets a code expire', async () => {
      const code = await engine.issueAuthorizationCode({ client: webApp, user: alice() }, policy);
      clock.advance(31);
      try {
        expect((await rejection(engine.token({ grantType: 'authorization_code', client: webApp, code: code.value }, policy))).code).toBe('invalid_grant');
      } finally {
        clock.advance(-31);
      }
    });

    it('refuses another client\'s code', async () => {
      const other = await engine.authenticateClient({ clientId: 'other-app', clientSecret: 'other-secret', method: 'client_secret_post' });
      const code = await engine.issueAuthorizationCode({ client: webApp, user: alice() }, policy);
      expect((await rejection(engine.token({ grantType: 'authorization_code', client: { ...other, grantTypes: ['authorization_code'] }, code: code.value }, policy))).code).toBe('invalid_grant');
    });
  });

  describe('implicit', () => {
    it('hands out an access token without a refresh token, only to clients allowed the implicit grant', async () => {
      const alice = engine.directory.userByUsername('alice')!;
      const refused = await rejection(engine.issueImplicit({ client: webApp, user: alice }, policy));
      expect(refused).toMatchObject({ code: 'unauthorized_client', reason: 'grant_not_allowed' });
      const allowed = { ...webApp, grantTypes: [...webApp.grantTypes, 'implicit'] };
      const result = await engine.issueImplicit({ client: allowed, user: alice, scope: ['read'] }, policy);
      expect(result.refreshToken).toBeUndefined();
      expect(result.grantType).toBe('implicit');
      expect(await engine.introspect(result.accessToken.value)).toMatchObject({ active: true, username: 'alice', scope: 'read', grant_type: 'implicit' });
    });
  });

  describe('introspection, verification and revocation', () => {
    it('reports an expired token as expired and an unknown one as invalid', async () => {
      const issued = await engine.token({ grantType: 'client_credentials', client: webApp }, policy);
      clock.advance(601);
      try {
        expect(await engine.introspect(issued.accessToken.value)).toEqual({ active: false });
        expect((await rejection(engine.verify(issued.accessToken.value))).code).toBe('expired_token');
      } finally {
        clock.advance(-601);
      }
      expect((await rejection(engine.verify('never-issued'))).code).toBe('invalid_token');
      expect(await rejection(engine.verify(undefined))).toMatchObject({ code: 'invalid_token', reason: 'missing_parameter' });
    });

    it('revokes an access token alone, and a refresh token with its access tokens', async () => {
      const a = await engine.token({ grantType: 'password', client: webApp, username: 'bob', password: 'builder' }, policy);
      expect(await engine.revoke(a.accessToken.value, webApp)).toBe(true);
      expect((await engine.introspect(a.accessToken.value)).active).toBe(false);
      expect((await engine.introspect(a.refreshToken!.value)).active).toBe(true);
      const b = await engine.token({ grantType: 'password', client: webApp, username: 'bob', password: 'builder' }, policy);
      expect(await engine.revoke(b.refreshToken!.value, webApp)).toBe(true);
      expect((await engine.introspect(b.accessToken.value)).active).toBe(false);
      expect(await engine.revoke('unknown-token', webApp)).toBe(false);
    });

    it('refuses to revoke another client\'s token', async () => {
      const other = await engine.authenticateClient({ clientId: 'other-app', clientSecret: 'other-secret', method: 'client_secret_post' });
      const a = await engine.token({ grantType: 'client_credentials', client: webApp }, policy);
      expect((await rejection(engine.revoke(a.accessToken.value, other))).code).toBe('unauthorized_client');
      expect((await engine.introspect(a.accessToken.value)).active).toBe(true);
    });
  });
});
