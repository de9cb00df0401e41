import request from 'supertest';
import type { RawClient, RawConfig } from '../../../src/config/types';
import type { Runtime } from '../../../src/runtime';
import { startRuntime, testConfig } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { casSettings, planClients } from '../../../dialects/cas/config';

export type ProfileName = 'cas5' | 'cas6' | 'cas7';
export const PROFILE_NAMES: ProfileName[] = ['cas5', 'cas6', 'cas7'];

export const TICKET = (prefix: string) => new RegExp(`^${prefix}-[1-9][0-9]*-[A-Za-z0-9-]{32}$`);
export const SEED_SERVICE = 'https://my_server_url';

/** CAS services as clients: the seed's, one issuing refresh tokens, one renewing them, a text one, a flat one, a public one. */
export const CAS_CLIENTS: RawClient[] = [
  { client_id: 'xxx', client_secret: 'xxx=', grant_types: ['password', 'client_credentials', 'refresh_token', 'authorization_code'], redirect_uris: [SEED_SERVICE] },
  {
    client_id: 'rt-app',
    client_secret: 'rt-secret',
    grant_types: ['password', 'client_credentials', 'refresh_token', 'authorization_code'],
    scopes: ['read', 'write'],
    redirect_uris: ['https://app.example.org/callback'],
    settings: { cas: { generate_refresh_token: true } },
  },
  {
    client_id: 'renew-app',
    client_secret: 'renew-secret',
    grant_types: ['password', 'refresh_token'],
    settings: { cas: { generate_refresh_token: true, renew_refresh_token: true } },
  },
  { client_id: 'text-app', client_secret: 'text-secret', grant_types: ['password', 'refresh_token'], settings: { cas: { json_format: false, generate_refresh_token: true } } },
  { client_id: 'flat-app', client_secret: 'flat-secret', grant_types: ['password'], settings: { cas: { user_profile_view_type: 'flat' } } },
  { client_id: 'narrow-app', client_secret: 'narrow-secret', grant_types: ['client_credentials'] },
  { client_id: 'public-app', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: ['https://spa.example.org/cb'], settings: { cas: { generate_refresh_token: true } } },
];

export function casConfig(profile: ProfileName, section: Record<string, unknown> = {}, overrides: Partial<RawConfig> = {}): RawConfig {
  const base = testConfig();
  return {
    ...base,
    clients: [...(base.clients ?? []), ...CAS_CLIENTS],
    users: [
      ...(base.users ?? []),
      { username: 'xxx', password: 'xxx', uid: '2001', attributes: { email: 'casuser@example.org', name: 'CAS User', memberOf: 'staff' } },
      { username: 'p@ss', password: 'p&ss=word+1', uid: '2002' },
    ],
    dialects: { standard: { enabled: true }, cas: { enabled: true, profile, ...section } },
    ...overrides,
  };
}

export function startCas(profile: ProfileName, section: Record<string, unknown> = {}, overrides: Partial<RawConfig> = {}): Promise<Runtime> {
  return startRuntime({ config: casConfig(profile, section, overrides) });
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** The seed request: everything in the query string, `service` header, a JSON content type and no body. */
export function seedRequest(runtime: Runtime, query: Record<string, string>, method: 'get' | 'post' = 'post', base = '') {
  const qs = Object.entries(query).map(([k, v]) => `${k}=${v}`).join('&');
  const req = request(runtime.app)[method](`${base}/oauth2.0/accessToken?${qs}`).set('service', SEED_SERVICE);
  return method === 'post' ? req.set('Content-Type', 'application/json') : req;
}

export const SEED_QUERY = { grant_type: 'password', client_secret: 'xxx=', username: 'xxx', password: 'xxx', client_id: 'xxx' };

/** The token-success schema of a profile. */
export function tokenSchema(profile: ProfileName): string {
  return profile === 'cas5' ? 'token.cas5.response' : 'token.response';
}

export function springSchema(profile: ProfileName): string {
  return profile === 'cas5' ? 'spring-error.cas5.response' : 'spring-error.response';
}

/** Asserts a Spring Boot `/error` body as the profile writes it. */
export function expectSpringError(profile: ProfileName, res: request.Response, status: number, path: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expectSchema('cas', springSchema(profile), res.body);
  const keys = profile === 'cas5' && status === 405 ? ['timestamp', 'status', 'error', 'exception', 'message', 'path'] : ['timestamp', 'status', 'error', 'message', 'path'];
  expect(Object.keys(res.body)).toEqual(keys);
  expect(res.body.status).toBe(status);
  expect(res.body.path).toBe(path);
  if (profile === 'cas5') expect(Math.abs(res.body.timestamp - Date.now())).toBeLessThan(60_000);
  else expect(res.body.timestamp).toMatch(profile === 'cas6' ? /\+0000$/ : /\+00:00$/);
}

/** Asserts the token endpoint's 400 channel: text in cas5, JSON after. */
export function expectRequestError(profile: ProfileName, res: request.Response, error: string, description?: string): void {
  expect(res.status).toBe(400);
  if (profile === 'cas5') {
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expectSchema('cas', 'error.text.response', res.text);
    expect(res.text).toBe(`error=${error}`);
    return;
  }
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expectSchema('cas', 'error.response', res.body);
  expect(res.body).toEqual(description && profile === 'cas7' ? { error, error_description: description } : { error });
  expect(Object.keys(res.body)).toEqual(Object.keys(res.body.error_description ? { error: 1, error_description: 1 } : { error: 1 }));
}

/** The CAS token policy of a client, for minting authorization codes in tests. */
export function casPolicyOf(runtime: Runtime, clientId: string) {
  const settings = casSettings(runtime.config.dialects!.cas);
  return planClients(runtime.engine.directory.allClients(), settings).plans.get(clientId)!.policy;
}
