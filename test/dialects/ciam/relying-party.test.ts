import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { formFields } from '../../helpers/signin';
import { basic, ciamConfig, CALLBACK, MOCK_USER_ATTRIBUTES, SEED_AUTH_SOURCE } from './ciam-helpers';

/**
 * A relying party over a real socket that knows only the discovery URL and its credentials:
 * it signs users in, verifies tokens against the published JWKS with a standard JOSE library
 * and calls userinfo. Then the same tokens cross into the standard dialect and back.
 */
describe('CIAM as a relying party sees it', () => {
  let server: Server;
  let runtime: Runtime;
  let issuer: string;
  let metadata: Record<string, string | string[]>;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    runtime = await startRuntime({ config: ciamConfig({}, { issuer }) });
    server.on('request', runtime.app);
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    metadata = JSON.parse(await res.text()) as Record<string, string | string[]>;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await runtime.close();
  });

  // Parsed in the test's own realm (fetch's json() builds objects another realm's schema `const` checks reject).
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = async (url: string, fields: Record<string, string>, authorization?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(authorization ? { Authorization: authorization } : {}) },
      body: form(fields),
    });
    return { status: res.status, body: res.status === 200 && res.headers.get('content-length') !== '0' ? (JSON.parse(await res.text()) as Record<string, string>) : await res.text() };
  };
  const tokenEndpoint = () => metadata.token_endpoint as string;
  const verifyIdToken = (idToken: string) =>
    jwtVerify(idToken, createRemoteJWKSet(new URL(metadata.jwks_uri as string)), {
      issuer: metadata.issuer as string,
      audience: 'TENANT_CLIENT_ID',
      algorithms: metadata.id_token_signing_alg_values_supported as string[],
    });
  const userinfo = async (accessToken: string) => {
    // SAS 0.2.0 metadata has no userinfo_endpoint: clients use the documented `/userinfo`.
    const res = await fetch(`${issuer}/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } });
    return { status: res.status, body: res.status === 200 ? (JSON.parse(await res.text()) as Record<string, string>) : undefined };
  };

  it('discovers the provider: the issuer is the discovery URL\'s origin', () => {
    expectSchema('ciam', 'discovery.response', metadata);
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.token_endpoint).toBe(`${issuer}/oauth2/token`);
  });

  it('signs in with the password grant, validates the ID token and calls userinfo', async () => {
    const tokens = await post(
      tokenEndpoint(),
      { grant_type: 'password', auth_source_id: SEED_AUTH_SOURCE, username: 'MOCK_USERNAME', password: 'MOCK_PASSWORD', scope: 'openid' },
      basic('TENANT_CLIENT_ID', 'TENANT_CLIENT_SECRET'),
    );
    expect(tokens.status).toBe(200);
    const body = tokens.body as Record<string, string>;
    const { payload } = await verifyIdToken(body.id_token);
    expect(payload.sub).toBe('MOCK_USER_ID');
    const access = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(metadata.jwks_uri as string)), { issuer, audience: 'TENANT_CLIENT_ID' });
    expect(access.protectedHeader).toEqual({ kid: expect.any(String), typ: 'JWT', alg: 'RS256' });
    const me = await userinfo(body.access_token);
    expect(me).toEqual({ status: 200, body: { sub: payload.sub, ...MOCK_USER_ATTRIBUTES } });
  });

  it('signs in with the code grant through the browser sign-in (client_secret_post) and checks state and nonce', async () => {
    const authorizeUrl = `${metadata.authorization_endpoint as string}?${new URLSearchParams({
      scope: 'openid',
      client_id: 'TENANT_CLIENT_ID',
      redirect_uri: CALLBACK,
      response_type: 'code',
      state: 'MOCK_STATE',
      nonce: 'nonce-7Hh2',
    }).toString()}`;
    const page = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    const signedIn = await fetch(`${issuer}/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: form({ ...formFields(await page.text()), username: 'MOCK_USERNAME', password: 'MOCK_PASSWORD' }),
    });
    expect(signedIn.status).toBe(303);
    const session = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    const back = await fetch(new URL(signedIn.headers.get('location')!, issuer), { redirect: 'manual', headers: { Cookie: session } });
    expect(back.status).toBe(302);
    const callback = new URL(back.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get('state')).toBe('MOCK_STATE');

    const tokens = await post(tokenEndpoint(), {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: CALLBACK,
      client_id: 'TENANT_CLIENT_ID',
      client_secret: 'TENANT_CLIENT_SECRET',
    });
    expect(tokens.status).toBe(200);
    const { payload } = await verifyIdToken((tokens.body as Record<string, string>).id_token);
    expect(payload).toMatchObject({ sub: 'MOCK_USER_ID', nonce: 'nonce-7Hh2' });
    expect((await userinfo((tokens.body as Record<string, string>).access_token)).status).toBe(200);
  });

  describe('tokens cross dialects', () => {
    const stdAuth = basic('TENANT_CLIENT_ID', 'TENANT_CLIENT_SECRET');
    const ciamLogin = async () =>
      (
        await post(
          tokenEndpoint(),
          { grant_type: 'password', auth_source_id: SEED_AUTH_SOURCE, username: 'MOCK_USERNAME', password: 'MOCK_PASSWORD' },
          stdAuth,
        )
      ).body as Record<string, string>;

    it('a CIAM JWT introspects through the standard dialect, and a CIAM refresh token too', async () => {
      const tokens = await ciamLogin();
      const facts = await post(`${issuer}/std/introspect`, { token: tokens.access_token }, stdAuth);
      expect(facts.status).toBe(200);
      expectSchema('standard', 'introspect.response', facts.body);
      expect(facts.body).toMatchObject({ active: true, client_id: 'TENANT_CLIENT_ID', scope: 'openid identity_proofing', token_type: 'access_token', username: 'MOCK_USERNAME' });
      const refresh = await post(`${issuer}/std/introspect`, { token: tokens.refresh_token }, stdAuth);
      expect(refresh.body).toMatchObject({ active: true, token_type: 'refresh_token' });
    });

    it('a CIAM refresh token revoked through the standard dialect takes its JWTs with it', async () => {
      const tokens = await ciamLogin();
      expect((await userinfo(tokens.access_token)).status).toBe(200);
      const revoked = await post(`${issuer}/std/revoke`, { token: tokens.refresh_token }, stdAuth);
      expect(revoked.status).toBe(200);
      expect((await userinfo(tokens.access_token)).status).toBe(401);
      const facts = await post(`${issuer}/std/introspect`, { token: tokens.access_token }, stdAuth);
      expect(facts.body).toEqual({ active: false });
    });

    it('a CIAM access token revoked through the standard dialect stops working at CIAM', async () => {
      const tokens = await ciamLogin();
      expect((await post(`${issuer}/std/revoke`, { token: tokens.access_token }, stdAuth)).status).toBe(200);
      expect((await userinfo(tokens.access_token)).status).toBe(401);
    });

    it('CIAM /userinfo accepts an access token from /std/token, and /std/userinfo a CIAM one', async () => {
      const std = await post(`${issuer}/std/token`, { grant_type: 'password', username: 'MOCK_USERNAME', password: 'MOCK_PASSWORD', scope: 'openid' }, stdAuth);
      expect(std.status).toBe(200);
      const me = await userinfo((std.body as Record<string, string>).access_token);
      expect(me.status).toBe(200);
      expect(me.body?.sub).toBe('MOCK_USER_ID');
      const ciam = await ciamLogin();
      const stdMe = await fetch(`${issuer}/std/userinfo`, { headers: { Authorization: `Bearer ${ciam.access_token}` } });
      expect(stdMe.status).toBe(200);
      expect(JSON.parse(await stdMe.text())).toMatchObject({ sub: 'MOCK_USERNAME', uid: 'MOCK_USER_ID' });
    });

    it('CIAM revokes a standard token for the same client', async () => {
      const std = await post(`${issuer}/std/token`, { grant_type: 'password', username: 'MOCK_USERNAME', password: 'MOCK_PASSWORD', scope: 'openid' }, stdAuth);
      const accessToken = (std.body as Record<string, string>).access_token;
      const revoked = await post(`${issuer}/oauth2/revoke`, { token: accessToken, client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET' });
      expect(revoked.status).toBe(200);
      expect((await userinfo(accessToken)).status).toBe(401);
    });
  });
});
