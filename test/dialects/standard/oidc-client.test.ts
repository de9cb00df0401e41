import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime, testConfig } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { queryOf, signInThrough } from '../../helpers/signin';
import { RelyingParty, RpFailure } from './relying-party';

const CALLBACK = 'http://rp.test/callback';
const RP = { client_id: 'rp', client_secret: 'rp-secret-42' };
const basic = `Basic ${Buffer.from(`${RP.client_id}:${RP.client_secret}`).toString('base64')}`;

type Tokens = { access_token: string; refresh_token?: string; id_token?: string; scope: string; claims: Record<string, unknown> | null };

const decodePart = (jwt: string, part: 0 | 1) => JSON.parse(Buffer.from(jwt.split('.')[part], 'base64url').toString()) as Record<string, unknown>;

/**
 * The standard dialect as an OpenID provider, as panva's openid-client sees it over a real
 * socket: discovery below `/std`, the code flow with PKCE and a nonce through the browser
 * sign-in, ID tokens validated by the library (signature against the JWKS, iss, aud, nonce,
 * exp, auth_time), userinfo, refresh, introspection and revocation.
 */
describe('the standard dialect as an OpenID provider, through openid-client', () => {
  let server: Server;
  let runtime: Runtime;
  let origin: string;
  let rp: RelyingParty;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = testConfig({ issuer: origin });
    config.clients = [
      ...config.clients!,
      {
        ...RP,
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
        scopes: ['openid', 'profile', 'email', 'read'],
        redirect_uris: [CALLBACK],
      },
    ];
    config.users = [
      { username: 'carol', password: 'c4r0l-pw', uid: '2001', attributes: { email: 'carol@example.com', email_verified: 'true', name: 'Carol', phone_number: '+10000000000' } },
      ...config.users!,
    ];
    runtime = await startRuntime({ config });
    server.on('request', runtime.app);
    rp = new RelyingParty();
  });
  afterAll(async () => {
    await rp.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await runtime.close();
  });

  /** The library's authorization URL, signed in through the form; returns the callback URL the browser lands on. */
  async function signIn(flow: string, scope: string) {
    const { url, nonce } = await rp.call<{ url: string; nonce: string }>('authorizationUrl', { flow, redirectUri: CALLBACK, scope });
    const target = new URL(url);
    expect(target.origin + target.pathname).toBe(`${origin}/std/authorize`);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({ code_challenge_method: 'S256', nonce, response_type: 'code' });
    const { back } = await signInThrough(origin, target.pathname + target.search, 'carol', 'c4r0l-pw');
    expect(back.status).toBe(302);
    return { callback: back.headers.location as string, nonce };
  }

  it('is discovered below /std: the issuer is the gateway\'s issuer and the base path, every endpoint below it', async () => {
    const metadata = await rp.call<Record<string, unknown>>('discover', { issuer: `${origin}/std`, clientId: RP.client_id, clientSecret: RP.client_secret });
    expectSchema('standard', 'discovery.response', metadata);
    expect(metadata).toMatchObject({
      issuer: `${origin}/std`,
      authorization_endpoint: `${origin}/std/authorize`,
      token_endpoint: `${origin}/std/token`,
      userinfo_endpoint: `${origin}/std/userinfo`,
      jwks_uri: `${origin}/std/jwks`,
      introspection_endpoint: `${origin}/std/introspect`,
      revocation_endpoint: `${origin}/std/revoke`,
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
    });
  });

  let first: Tokens;

  it('runs the code flow with PKCE and a nonce; the library validates the ID token', async () => {
    const { callback, nonce } = await signIn('main', 'openid profile email');
    first = await rp.call<Tokens>('callback', { flow: 'main', url: callback });
    const claims = first.claims!;
    const now = Math.floor(Date.now() / 1000);
    expect(claims).toMatchObject({ iss: `${origin}/std`, sub: 'carol', aud: RP.client_id, nonce, name: 'Carol', preferred_username: 'carol', email: 'carol@example.com', email_verified: true });
    expect(claims.phone_number).toBeUndefined();
    expect(Math.abs((claims.iat as number) - now)).toBeLessThan(5);
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(Math.abs((claims.auth_time as number) - now)).toBeLessThan(5);
    expect(claims.at_hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const header = decodePart(first.id_token!, 0);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: runtime.engine.keys.currentKid });
    expect(Object.keys(decodePart(first.id_token!, 1)).slice(0, 8)).toEqual(['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash']);
  });

  it('refuses, in the library, an ID token whose nonce is not the one the request sent', async () => {
    const { callback } = await signIn('other', 'openid');
    const failure = await rp.call('callback', { flow: 'other', url: callback, expectedNonce: 'not-the-nonce' }).catch((e: RpFailure) => e.failure);
    expect(failure).toMatchObject({ code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', cause: 'unexpected ID Token "nonce" claim value' });
  });

  it('answers userinfo for the access token, with the ID token\'s subject', async () => {
    const me = await rp.call<Record<string, unknown>>('userinfo', { accessToken: first.access_token, subject: first.claims!.sub });
    expect(me).toMatchObject({ sub: 'carol', email: 'carol@example.com' });
  });

  it('refreshes with a new ID token the library validates: same subject and sign-in time, no nonce', async () => {
    const refreshed = await rp.call<Tokens>('refresh', { refreshToken: first.refresh_token });
    expect(refreshed.id_token).toBeDefined();
    expect(refreshed.id_token).not.toBe(first.id_token);
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    const claims = refreshed.claims!;
    expect(claims).toMatchObject({ iss: `${origin}/std`, sub: 'carol', aud: RP.client_id, auth_time: first.claims!.auth_time, email: 'carol@example.com' });
    expect(claims).not.toHaveProperty('nonce');
    first = refreshed;
  });

  it('introspects and revokes through the library', async () => {
    expect(await rp.call('introspect', { token: first.access_token })).toMatchObject({ active: true, client_id: RP.client_id, scope: 'openid profile email' });
    await rp.call('revoke', { token: first.refresh_token });
    expect(await rp.call('introspect', { token: first.access_token })).toEqual({ active: false });
    const failure = await rp.call('refresh', { refreshToken: first.refresh_token }).catch((e: RpFailure) => e.failure);
    expect(failure).toMatchObject({ error: 'invalid_grant' });
  });

  describe('on the wire: the ID token after the RFC 6749 keys, and only where OIDC is asked for', () => {
    const token = (form: Record<string, string>) => request(origin).post('/std/token').set('Authorization', basic).type('form').send(form);
    const KEYS = ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope'];
    const codeGrant = async (scope: string) => {
      const query = { response_type: 'code', client_id: RP.client_id, redirect_uri: CALLBACK, scope, nonce: 'n-1' };
      const { back } = await signInThrough(origin, `/std/authorize?${new URLSearchParams(query)}`, 'carol', 'c4r0l-pw');
      const res = await token({ grant_type: 'authorization_code', code: queryOf(back.headers.location).code, redirect_uri: CALLBACK });
      expect(res.status).toBe(200);
      expectSchema('standard', 'token.response', res.body);
      return res.body as Record<string, string>;
    };

    it('a code grant with openid', async () => {
      const body = await codeGrant('openid read');
      expect(Object.keys(body)).toEqual([...KEYS, 'id_token']);
      expect(decodePart(body.id_token, 1)).toMatchObject({ nonce: 'n-1', aud: RP.client_id });
      const refreshed = await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
      expect(Object.keys(refreshed.body)).toEqual([...KEYS, 'id_token']);
    });

    it('a code grant without openid in its scope, and its refresh', async () => {
      const body = await codeGrant('read');
      expect(Object.keys(body)).toEqual(KEYS);
      const refreshed = await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
      expect(Object.keys(refreshed.body)).toEqual(KEYS);
    });

    it('client_credentials and password grants, even with openid', async () => {
      const client = await token({ grant_type: 'client_credentials', scope: 'openid read' });
      expect(Object.keys(client.body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope']);
      const password = await token({ grant_type: 'password', username: 'carol', password: 'c4r0l-pw', scope: 'openid' });
      expect(Object.keys(password.body)).toEqual(KEYS);
    });
  });
});
