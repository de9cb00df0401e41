import jwt from 'jsonwebtoken';
import { ConfigError } from '../../src/config/validate';
import { loadConfig } from '../../src/config/load';
import { DIALECTS } from '../../dialects';
import type { Runtime } from '../../src/runtime';
import { ClaimsControl } from '../../src/testing/claims';
import { HS_KEY, claimsConfig, exchangeStandardCode, issue, payloadOf, startClaimsRuntime } from './claims-helpers';

const ALICE = { username: 'alice', password: 'wonderland', scope: 'read openid' };
const BOB = { username: 'bob', password: 'builder', scope: 'read openid' };
const OWN = { tenant: 'acme', email: 'alice@example.com', profile_ref: 'urn:user:1001', limits: { daily: 5 } };

describe('claims of a client, from the config', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startClaimsRuntime(claimsConfig());
  });
  afterAll(() => runtime.close());

  it("Spring's JWT: merged like additionalInformation into the converter's HashMap, Spring's own claims untouched", async () => {
    const body = await issue(runtime, 'spring', ALICE);
    const claims = jwt.verify(body.access_token, HS_KEY, { algorithms: ['HS256'] }) as Record<string, unknown>;
    // A HashMap of 10 entries has 16 buckets: each key sits where its hash puts it.
    expect(Object.keys(payloadOf(body.access_token))).toEqual(['profile_ref', 'user_name', 'scope', 'exp', 'authorities', 'jti', 'tenant', 'email', 'limits', 'client_id']);
    expect(claims).toMatchObject({ ...OWN, user_name: 'alice', authorities: ['ROLE_ADMIN'], client_id: 'claims-app', jti: body.jti });
    // The refresh JWT copies the access token's additional information, as JwtAccessTokenConverter does.
    expect(payloadOf(body.refresh_token)).toMatchObject({ tenant: 'acme', ati: body.jti });
  });

  it('without a user, a template over the user is left out and the static claims stay', async () => {
    const claims = payloadOf((await issue(runtime, 'spring')).access_token);
    expect(Object.keys(claims)).toEqual(['scope', 'exp', 'jti', 'tenant', 'limits', 'client_id']);
  });

  it("CIAM's access and ID tokens: Nimbus's HashMap order, the profile's claims keeping theirs", async () => {
    const body = await issue(runtime, 'ciam', ALICE);
    const access = payloadOf(body.access_token);
    const id = payloadOf(body.id_token);
    expect(Object.keys(access)).toEqual(['sub', 'aud', 'profile_ref', 'nbf', 'scope', 'iss', 'exp', 'iat', 'jti', 'tenant', 'email', 'limits']);
    expect(Object.keys(id)).toEqual(['sub', 'aud', 'profile_ref', 'azp', 'iss', 'exp', 'iat', 'jti', 'tenant', 'email', 'limits']);
    expect(access).toMatchObject({ ...OWN, sub: '1001', aud: 'claims-app', scope: ['read', 'openid'] });
    expect(id).toMatchObject({ ...OWN, sub: '1001', azp: 'claims-app' });
  });

  it("MaxKey's ID token: after the builder's claims (kid last of them), in the config's order", async () => {
    const body = await issue(runtime, 'maxkey', ALICE);
    const id = payloadOf(body.id_token);
    expect(Object.keys(id)).toEqual(['sub', 'exp', 'iss', 'iat', 'aud', 'jti', 'kid', 'tenant', 'email', 'profile_ref', 'limits']);
    expect(id).toMatchObject({ ...OWN, sub: 'alice', aud: ['claims-app'] });
  });

  it("the standard dialect's JWT access token: after the RFC 9068 claims", async () => {
    const claims = payloadOf((await issue(runtime, 'standard', ALICE)).access_token);
    expect(Object.keys(claims)).toEqual(['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id', 'scope', 'tenant', 'email', 'profile_ref', 'limits']);
    expect(claims).toMatchObject({ ...OWN, sub: 'alice', client_id: 'claims-app', scope: 'read openid' });
  });

  it("the standard dialect's ID token: after its own claims", async () => {
    const body = await exchangeStandardCode(runtime);
    const id = payloadOf(body.id_token);
    expect(Object.keys(id)).toEqual(['iss', 'sub', 'aud', 'exp', 'iat', 'at_hash', 'tenant', 'email', 'profile_ref', 'limits']);
    expect(id).toMatchObject({ ...OWN, sub: 'alice', aud: 'claims-app' });
    expect(payloadOf(body.access_token)).toMatchObject(OWN);
  });

  it('a template over an attribute the user lacks is left out, in every dialect', async () => {
    const spring = payloadOf((await issue(runtime, 'spring', BOB)).access_token);
    const ciam = await issue(runtime, 'ciam', BOB);
    const maxkey = payloadOf((await issue(runtime, 'maxkey', BOB)).id_token);
    for (const claims of [spring, payloadOf(ciam.access_token), payloadOf(ciam.id_token), maxkey]) {
      expect(claims).toMatchObject({ tenant: 'acme', profile_ref: 'urn:user:1002' });
      expect(claims).not.toHaveProperty('email');
    }
  });

  it("a client without claims gets the dialects' tokens as before", async () => {
    const spring = payloadOf((await issue(runtime, 'spring', { ...ALICE, clientId: 'plain-app' })).access_token);
    expect(Object.keys(spring)).toEqual(['exp', 'user_name', 'authorities', 'jti', 'client_id', 'scope']);
    const ciam = await issue(runtime, 'ciam', { ...ALICE, clientId: 'plain-app' });
    expect(Object.keys(payloadOf(ciam.access_token))).toEqual(['sub', 'aud', 'nbf', 'scope', 'iss', 'exp', 'iat', 'jti']);
  });
});

describe('claims refused at load', () => {
  const problems = (claims: Record<string, unknown>) => {
    try {
      loadConfig(claimsConfig(claims), DIALECTS);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it.each(['sub', 'iss', 'aud', 'exp', 'iat', 'jti', 'client_id', 'scope', 'user_name', 'authorities', 'nonce', 'azp'])('a claim named %s', (name) => {
    expect(problems({ [name]: 'mine' })).toEqual([
      `/clients/0/claims/${name}: "${name}" is a claim the gateway or the vendor writes itself; a claim of your own may not replace it`,
    ]);
  });

  it('an unknown placeholder and an unbalanced template', () => {
    expect(problems({ a: '{{user.email}}', b: 'x{{user.uid}' })).toEqual([
      '/clients/0/claims/a: unknown placeholder {{user.email}}: use user.username, user.uid, user.roles, user.attributes.<name> or client.client_id',
      '/clients/0/claims/b: unbalanced {{ or }} in the template',
    ]);
  });

  it("Spring's renamed user claim", () => {
    const config = claimsConfig({ login: '{{user.username}}' });
    const spring = config.dialects!.spring;
    config.dialects!.spring = { ...spring, jwt: { alg: 'HS256', signing_key: HS_KEY, user_claim_name: 'login' } };
    expect(() => loadConfig(config, DIALECTS)).toThrow(/\/clients\/0\/claims\/login: "login" is Spring's user claim/);
  });
});

describe('claims for the next issuance (claims.next)', () => {
  const control = new ClaimsControl();
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startClaimsRuntime(claimsConfig({ tenant: 'acme' }), control);
  });
  afterEach(() => control.clear());
  afterAll(() => runtime.close());

  it("go to the next matching response only, on top of the client's, and never to another client's", async () => {
    control.next({ dialect: 'spring', clientId: 'claims-app' }, { trace: 't-1', tenant: 'beta', who: '{{user.username}}' });
    const other = payloadOf((await issue(runtime, 'spring', { ...ALICE, clientId: 'plain-app' })).access_token);
    expect(other).not.toHaveProperty('trace');
    const elsewhere = payloadOf((await issue(runtime, 'standard', ALICE)).access_token);
    expect(elsewhere).not.toHaveProperty('trace');
    const first = await issue(runtime, 'spring', ALICE);
    expect(payloadOf(first.access_token)).toMatchObject({ trace: 't-1', tenant: 'beta', who: 'alice', user_name: 'alice' });
    expect(payloadOf(first.refresh_token)).toMatchObject({ trace: 't-1' });
    const second = payloadOf((await issue(runtime, 'spring', ALICE)).access_token);
    expect(second).toMatchObject({ tenant: 'acme' });
    expect(second).not.toHaveProperty('trace');
  });

  it("reach the access token and the ID token of one response; times counts responses", async () => {
    control.next({ username: 'alice', times: 2 }, { session: 's-9' });
    for (let i = 0; i < 2; i++) {
      const body = await issue(runtime, 'ciam', ALICE);
      expect(payloadOf(body.access_token)).toMatchObject({ session: 's-9', tenant: 'acme' });
      expect(payloadOf(body.id_token)).toMatchObject({ session: 's-9' });
    }
    const third = await issue(runtime, 'ciam', ALICE);
    expect(payloadOf(third.id_token)).not.toHaveProperty('session');
  });

  it('are not spent by a response without a JWT, and clear() forgets them', async () => {
    control.next({ dialect: 'maxkey' }, { trace: 'm-1' });
    await issue(runtime, 'maxkey', { ...ALICE, scope: 'read' }); // UUID access token, no ID token
    expect(payloadOf((await issue(runtime, 'maxkey', ALICE)).id_token)).toMatchObject({ trace: 'm-1' });
    control.next({}, { trace: 'gone' });
    control.clear();
    expect(payloadOf((await issue(runtime, 'standard', ALICE)).access_token)).not.toHaveProperty('trace');
  });

  it('refuse what the config refuses', () => {
    expect(() => control.next({}, { sub: 'someone' })).toThrow(/claims.next: sub: "sub" is a claim the gateway or the vendor writes itself/);
    expect(() => control.next({ times: 0 }, { a: 1 })).toThrow(/times must be a positive integer/);
  });
});
