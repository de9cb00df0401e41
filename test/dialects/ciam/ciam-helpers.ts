import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import request from 'supertest';
import type { RawConfig } from '../../../src/config/types';
import type { DialectSection } from '../../../src/config/types';
import type { Runtime } from '../../../src/runtime';
import { testConfig } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { ciamPolicy, ciamSettings } from '../../../dialects/ciam/config';

export const ISSUER = 'http://gateway.test';
export const SEED_AUTH_SOURCE = 'MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID';
export const EMAIL_AUTH_SOURCE = 'EMAIL_AUTH_SOURCE_ID';
export const CALLBACK = 'https://example.com/callback';
export const SPA_CALLBACK = 'https://spa.example.com/callback';

export const MOCK_USER_ATTRIBUTES = {
  email: 'MOCK_USERNAME@example.com',
  phone_number: '13612345678',
  name: 'MOCK_NAME',
  nickname: 'MOCK_NICKNAME',
  zoneinfo: 'Asia/Shanghai',
  locale: 'zh-CN',
};

/** The CIAM seed's application, user and auth source, plus the neighbours the error rows need. */
export function ciamConfig(section: Partial<DialectSection> = {}, overrides: Partial<RawConfig> = {}): RawConfig {
  return testConfig({
    issuer: ISSUER,
    clients: [
      {
        client_id: 'TENANT_CLIENT_ID',
        client_secret: 'TENANT_CLIENT_SECRET',
        grant_types: ['password', 'authorization_code', 'refresh_token', 'client_credentials'],
        scopes: ['openid', 'identity_proofing'],
        redirect_uris: [CALLBACK],
        settings: { ciam: { logout_redirect_uris: ['https://example.com/logout'] } },
      },
      {
        client_id: 'OTHER_CLIENT_ID',
        client_secret: 'OTHER_CLIENT_SECRET',
        grant_types: ['password', 'authorization_code', 'refresh_token', 'client_credentials'],
        scopes: ['openid'],
        redirect_uris: [CALLBACK, 'https://other.example.com/back'],
        settings: { ciam: { userinfo_claims: ['nickname'] } },
      },
      { client_id: 'SPA_CLIENT_ID', grant_types: ['authorization_code', 'password', 'refresh_token'], scopes: ['openid'], redirect_uris: [SPA_CALLBACK] },
      { client_id: 'MACHINE_CLIENT_ID', client_secret: 'MACHINE_SECRET', grant_types: ['client_credentials'], scopes: ['identity_proofing'] },
    ],
    users: [
      { username: 'MOCK_USERNAME', password: 'MOCK_PASSWORD', uid: 'MOCK_USER_ID', attributes: MOCK_USER_ATTRIBUTES },
      { username: 'LOCKED_USER', password: 'LOCKED_PASSWORD', uid: 'LOCKED_USER_ID', status: 'locked' },
      { username: 'FROZEN_USER', password: 'FROZEN_PASSWORD', uid: 'FROZEN_USER_ID', status: 'disabled' },
    ],
    dialects: {
      standard: { enabled: true },
      ciam: {
        enabled: true,
        auth_sources: [
          { id: SEED_AUTH_SOURCE, identifiers: ['username', 'phone_number'], clients: ['TENANT_CLIENT_ID', 'SPA_CLIENT_ID'] },
          { id: EMAIL_AUTH_SOURCE, identifiers: ['email'], clients: ['OTHER_CLIENT_ID'] },
        ],
        ...section,
      },
    },
    ...overrides,
  });
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** The seed's request body (CIAM doc 1441/67148), with fields replaced as a test needs. */
export function seedPasswordForm(changes: Record<string, string | undefined> = {}): Record<string, string> {
  const form: Record<string, string | undefined> = {
    grant_type: 'password',
    client_id: 'TENANT_CLIENT_ID',
    client_secret: 'TENANT_CLIENT_SECRET',
    auth_source_id: SEED_AUTH_SOURCE,
    username: 'MOCK_USERNAME',
    password: 'MOCK_PASSWORD',
    scope: 'openid',
    ...changes,
  };
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

export function tokenRequest(runtime: Runtime, form: Record<string, string> | string, path = '/oauth2/token') {
  return request(runtime.app).post(path).type('form').send(form);
}

/** Header and payload of a compact JWS, as parsed JSON (key order kept). */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
  return { header, payload };
}

/** Verifies a JWT with jose against the dialect's own `/oauth2/jwks`, as a relying party would. */
export async function verifyWithJwks(runtime: Runtime, token: string, options: { issuer: string; audience: string }, jwksPath = '/oauth2/jwks'): Promise<JWTPayload> {
  const jwks = await request(runtime.app).get(jwksPath);
  expect(jwks.status).toBe(200);
  const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks.body), { ...options, algorithms: ['RS256'] });
  expect(protectedHeader.alg).toBe('RS256');
  return payload;
}

/** Asserts a CIAM token response: schema, key order, 299, and both JWTs' headers and claim orders. */
export function expectCiamTokens(body: Record<string, unknown>, keys: string[]): void {
  expectSchema('ciam', 'token.response', body);
  expect(Object.keys(body)).toEqual(keys);
  expect(body.token_type).toBe('Bearer');
  expect(body.expires_in).toBe(299);
  const access = decodeJwt(body.access_token as string);
  expectSchema('ciam', 'jwt.header', access.header);
  expect(Object.keys(access.header)).toEqual(['kid', 'typ', 'alg']);
  expectSchema('ciam', 'access-token.claims', access.payload);
  expect(Object.keys(access.payload)).toEqual(['sub', 'aud', 'nbf', 'scope', 'iss', 'exp', 'iat', 'jti']);
  expect((access.payload.exp as number) - (access.payload.iat as number)).toBe(300);
  expect(access.payload.nbf).toBe(access.payload.iat);
  if (body.id_token !== undefined) {
    const id = decodeJwt(body.id_token as string);
    expect(Object.keys(id.header)).toEqual(['kid', 'typ', 'alg']);
    expectSchema('ciam', 'id-token.claims', id.payload);
    expect((id.payload.exp as number) - (id.payload.iat as number)).toBe(1800);
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An authorization code as the authorize endpoint would issue it, in the dialect's format. */
export async function issueCode(
  runtime: Runtime,
  options: { clientId: string; username?: string; redirectUri?: string; challenge?: string; nonce?: string; scope?: string[] },
): Promise<string> {
  const engine = runtime.engine;
  const client = engine.directory.client(options.clientId)!;
  const user = engine.directory.userByUsername(options.username ?? 'MOCK_USERNAME')!;
  const section = runtime.config.dialects!.ciam;
  const policy = ciamPolicy(ciamSettings(section, engine.issuer, section.base_path ?? ''));
  const code = await engine.issueAuthorizationCode(
    {
      client,
      user,
      scope: options.scope ?? ['openid'],
      redirectUri: options.redirectUri ?? CALLBACK,
      ...(options.challenge ? { codeChallenge: options.challenge, codeChallengeMethod: 'S256' } : {}),
      extra: options.nonce ? { nonce: options.nonce } : {},
    },
    policy,
  );
  return code.value;
}
