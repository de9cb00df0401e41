import request from 'supertest';
import type { RawClient, RawConfig, DialectSection } from '../../../src/config/types';
import type { Runtime } from '../../../src/runtime';
import { testConfig } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';

export const BASE = '/authorization-server';
export const HS_KEY = 'spring-test-signing-key-0123456789abcdef';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const BASE64URL_27 = /^[A-Za-z0-9_-]{27}$/;

/** Spring clients: the seed's placeholder client, one with authorities and resource ids, one without refresh. */
export const SPRING_CLIENTS: RawClient[] = [
  {
    client_id: '你的客户端id',
    client_secret: '你的客户端密码',
    grant_types: ['client_credentials', 'password', 'refresh_token', 'authorization_code'],
    scopes: ['read', 'write'],
    redirect_uris: ['http://localhost:8080/login'],
  },
  {
    client_id: 'res-app',
    client_secret: 'res-secret',
    grant_types: ['client_credentials', 'password', 'refresh_token'],
    scopes: ['read', 'write'],
    settings: { spring: { authorities: ['ROLE_CLIENT'], resource_ids: ['res1'] } },
  },
  { client_id: 'no-refresh', client_secret: 'nr-secret', grant_types: ['client_credentials', 'password'], scopes: ['read'] },
  { client_id: 'cc-only', client_secret: 'cc-secret', grant_types: ['client_credentials'], scopes: ['read', 'write'] },
];

export function springConfig(spring: DialectSection, overrides: Partial<RawConfig> = {}): RawConfig {
  const base = testConfig();
  return {
    ...base,
    clients: [...(base.clients ?? []), ...SPRING_CLIENTS],
    dialects: { standard: { enabled: true }, spring: { enabled: true, base_path: BASE, ...spring } },
    ...overrides,
  };
}

export const JWT_HS256: DialectSection = {
  token_format: 'jwt',
  jwt: { alg: 'HS256', signing_key: HS_KEY },
  access_token_validity: 7200,
  allow_form_authentication: true,
};

/** Basic credentials as Spring clients send them: UTF-8, no URL encoding. */
export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;

export const SEED = { id: '你的客户端id', secret: '你的客户端密码' };

/** `auth: null` sends no Authorization header. */
export function tokenRequest(runtime: Runtime, form: Record<string, string>, auth: string | null = basic(SEED.id, SEED.secret)) {
  const req = request(runtime.app).post(`${BASE}/oauth/token`).type('form');
  if (auth) req.set('Authorization', auth);
  return req.send(form);
}

export function checkToken(runtime: Runtime, token: string, auth: string | null = basic(SEED.id, SEED.secret)) {
  const req = request(runtime.app).post(`${BASE}/oauth/check_token`).type('form');
  if (auth) req.set('Authorization', auth);
  return req.send({ token });
}

export interface DecodedJwt {
  headerJson: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The JWT's raw header and claims, key order kept. */
export function decodeJwt(token: string): DecodedJwt {
  const [header, payload] = token.split('.');
  const headerJson = Buffer.from(header, 'base64url').toString('utf8');
  return { headerJson, header: JSON.parse(headerJson), claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) };
}

/** Asserts a Spring OAuth2 error: status, exact body in order, no-store headers, schema. */
export function expectOAuth2Error(res: request.Response, status: number, body: Record<string, string>, challenge?: string): void {
  expect({ status: res.status, body: res.body }).toEqual({ status, body });
  expect(Object.keys(res.body)).toEqual(Object.keys(body));
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers.pragma).toBe('no-cache');
  expectSchema('spring', 'error.response', res.body);
  if (challenge === undefined) expect(res.headers['www-authenticate']).toBeUndefined();
  else expect(res.headers['www-authenticate']).toBe(challenge);
}

/** Asserts a Spring Boot error page (Boot 2.0–2.2 format unless told). */
export function expectContainerError(res: request.Response, status: number, error: string, message: string | undefined, path: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expectSchema('spring', 'container-error.response', res.body);
  const expected: Record<string, unknown> = { timestamp: res.body.timestamp, status, error };
  if (message !== undefined) expected.message = message;
  expected.path = path;
  expect(res.body).toEqual(expected);
  expect(Object.keys(res.body)).toEqual(Object.keys(expected));
}
