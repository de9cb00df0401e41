import type { Runtime } from '../../src/runtime';
import type { TokenEngine } from '../../src/core/engine';
import { CoreError } from '../../src/core/errors';
import { policyWith } from '../../src/core/policy';
import type { Client } from '../../src/core/model';
import { startRuntime } from '../helpers/gateway';

const policy = policyWith({ accessTokenTtl: 600, refreshTokenTtl: 3600, keepTokenValues: true });

describe('impersonation and token listings', () => {
  let runtime: Runtime;
  let engine: TokenEngine;
  let webApp: Client;
  let other: Client;

  beforeAll(async () => {
    runtime = await startRuntime();
    engine = runtime.engine;
    webApp = await engine.authenticateClient({ clientId: 'web-app', clientSecret: 's3cret', method: 'client_secret_post' });
    other = await engine.authenticateClient({ clientId: 'other-app', clientSecret: 'other-secret', method: 'client_secret_post' });
  });
  afterAll(() => runtime.close());

  const login = (username: string, password: string, client = webApp) => engine.token({ grantType: 'password', client, username, password }, policy);

  it('turns an admin\'s token into a token for another user, and back', async () => {
    const admin = await login('alice', 'wonderland');
    const switched = await engine.impersonate(admin.accessToken.value, 'bob', policy);
    expect(switched.subject.username).toBe('bob');
    expect(switched.primaryRefreshToken).toBe(admin.refreshToken!.value);
    expect(switched.accessToken.record.impersonation).toMatchObject({ username: 'alice', grantId: admin.grantId });
    const info = await engine.userInfo(switched.accessToken.value);
    expect(info.user?.username).toBe('bob');

    const back = await engine.exitImpersonation(switched.accessToken.value, policy);
    expect(back.subject.username).toBe('alice');
    expect(back.grantId).toBe(admin.grantId);
    expect(back.refreshToken!.value).toBe(admin.refreshToken!.value);
    expect((await engine.introspect(back.accessToken.value)).active).toBe(true);
    expect((await engine.introspect(switched.accessToken.value)).active).toBe(false);
    expect((await engine.introspect(switched.refreshToken!.value)).active).toBe(false);
  });

  it('keeps the original admin through a second switch', async () => {
    const admin = await login('alice', 'wonderland');
    const first = await engine.impersonate(admin.accessToken.value, 'bob', policy);
    await expect(engine.impersonate(first.accessToken.value, 'alice', policy)).rejects.toMatchObject({ reason: 'not_admin' });
    const back = await engine.exitImpersonation(first.accessToken.value, policy);
    expect(back.subject.username).toBe('alice');
  });

  it('refuses non-admins, unknown and locked targets, and exits that were never entered', async () => {
    const bob = await login('bob', 'builder');
    const admin = await login('alice', 'wonderland');
    await expect(engine.impersonate(bob.accessToken.value, 'alice', policy)).rejects.toMatchObject({ code: 'access_denied', reason: 'not_admin' });
    await expect(engine.impersonate(admin.accessToken.value, 'nobody', policy)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(engine.impersonate(admin.accessToken.value, 'mallory', policy)).rejects.toMatchObject({ reason: 'user_locked' });
    await expect(engine.impersonate(admin.accessToken.value, undefined, policy)).rejects.toMatchObject({ reason: 'missing_parameter' });
    await expect(engine.exitImpersonation(admin.accessToken.value, policy)).rejects.toMatchObject({ reason: 'not_impersonating' });
    await expect(engine.impersonate('not-a-token', 'bob', policy)).rejects.toBeInstanceOf(CoreError);
  });

  it('lists live grants with their token values, by client and by user, with paging', async () => {
    const mine = await Promise.all([login('bob', 'builder', other), login('bob', 'builder', other), login('alice', 'wonderland', other)]);
    await engine.token({ grantType: 'client_credentials', client: other }, policy);
    const all = await engine.listGrants({ clientId: 'other-app' }, { offset: 0, limit: 100 });
    expect(all.total).toBe(4);
    const bobs = await engine.listGrants({ clientId: 'other-app', username: 'bob' }, { offset: 0, limit: 100 });
    expect(bobs.total).toBe(2);
    const values = bobs.grants.flatMap((g) => g.tokens.map((t) => t.value));
    for (const r of mine.slice(0, 2)) {
      expect(values).toContain(r.accessToken.value);
      expect(values).toContain(r.refreshToken!.value);
    }
    const token = bobs.grants[0].tokens.find((t) => t.kind === 'access_token')!;
    expect(token.expiresIn).toBeGreaterThan(590);
    expect(token.expiresIn).toBeLessThanOrEqual(600);
    const page = await engine.listGrants({ clientId: 'other-app' }, { offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.grants).toHaveLength(2);
    await engine.revoke(mine[0].refreshToken!.value, other);
    expect((await engine.listGrants({ clientId: 'other-app', username: 'bob' }, { offset: 0, limit: 100 })).total).toBe(1);
  });

  it('removes tokens by value: an access token alone, a refresh token with its grant', async () => {
    const a = await login('bob', 'builder');
    const b = await login('bob', 'builder');
    expect(await engine.removeTokens([a.accessToken.value])).toBe(1);
    expect((await engine.introspect(a.refreshToken!.value)).active).toBe(true);
    expect(await engine.removeTokens([b.refreshToken!.value, 'unknown'])).toBe(2);
    expect((await engine.introspect(b.accessToken.value)).active).toBe(false);
  });

  it('hands back the live token for the same client, user and scope when the policy asks (Spring token stores)', async () => {
    const reuse = policyWith({ ...policy, reuseLiveAccessToken: true });
    const first = await engine.token({ grantType: 'password', client: other, username: 'alice', password: 'wonderland', scope: ['read'] }, reuse);
    const second = await engine.token({ grantType: 'password', client: other, username: 'alice', password: 'wonderland', scope: ['read'] }, reuse);
    expect(second.accessToken.value).toBe(first.accessToken.value);
    expect(second.refreshToken?.value).toBe(first.refreshToken?.value);
    const cc1 = await engine.token({ grantType: 'client_credentials', client: other }, reuse);
    const cc2 = await engine.token({ grantType: 'client_credentials', client: other }, reuse);
    expect(cc2.accessToken.value).toBe(cc1.accessToken.value);
    const fresh = await engine.token({ grantType: 'password', client: other, username: 'alice', password: 'wonderland', scope: ['read'] }, policy);
    expect(fresh.accessToken.value).not.toBe(first.accessToken.value);
  });
});
