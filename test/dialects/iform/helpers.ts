import request from 'supertest';
import type { RawConfig } from '../../../src/config/types';
import type { DialectSection } from '../../../src/config/types';
import type { Runtime } from '../../../src/runtime';
import { startRuntime, testConfig } from '../../helpers/gateway';
import type { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';

export const V3 = '/iform/oauth2/v3';
export const CLIENT = { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a' };
export const ENVELOPE_KEYS = ['state', 'request', 'message', 'cause', 'variables', 'data'];
export const BUNDLE_KEYS = ['access_token', 'refresh_token', 'primary_refresh_token', 'uid', 'publisher', 'applicant', 'expires_in', 'remind_in'];
export const ROW_KEYS = [
  'accessToken',
  'refreshToken',
  'identity',
  'identityType',
  'accessTokenTtlSeconds',
  'refreshTokenTtlSeconds',
  'accessTokenTtlDate',
  'refreshTokenTtlDate',
];

/** The test configuration plus the iform seed's client and users (iform is an admin, zjh is not). */
export function iformConfig(section: DialectSection = { enabled: true }, overrides: Partial<RawConfig> = {}): RawConfig {
  const base = testConfig();
  return {
    ...base,
    clients: [
      ...(base.clients ?? []),
      { client_id: 'iform', client_secret: CLIENT.client_secret, grant_types: ['authorization_code', 'password', 'client_credentials', 'refresh_token'] },
      { client_id: 'iform-front', grant_types: ['password', 'refresh_token'] },
      { client_id: 'no-code', client_secret: 'no-code-secret', grant_types: ['password', 'refresh_token'] },
    ],
    users: [
      ...(base.users ?? []),
      { username: 'iform', password: '123456', uid: '626353848415420416', roles: ['admin'] },
      { username: 'zjh', password: 'zjh-password', uid: '626353848415420999', roles: ['user'] },
    ],
    dialects: { standard: { enabled: true }, iform: section },
    ...overrides,
  };
}

export function startIform(section?: DialectSection, options: { clock?: TestClock; overrides?: Partial<RawConfig> } = {}): Promise<Runtime> {
  return startRuntime({ config: iformConfig(section, options.overrides), now: options.clock?.now });
}

export function post(runtime: Runtime, path: string, body?: unknown, token?: string): request.Test {
  const test = request(runtime.app).post(`${V3}${path}`);
  if (token) test.set('X-Authorization-access_token', token);
  return body === undefined ? test : test.send(body as object);
}

export function apply(runtime: Runtime, body: Record<string, unknown>): request.Test {
  return post(runtime, '/authentication/apply', body);
}

export async function passwordLogin(runtime: Runtime, username = 'iform', password = '123456'): Promise<Record<string, unknown>> {
  const res = await apply(runtime, { ...CLIENT, username, password, grant_type: 'password_credentials' });
  expectSuccess(res, 'apply.response');
  return res.body.data as Record<string, unknown>;
}

/** HTTP 200, the envelope keys in order, state 200, and the endpoint's response schema. */
export function expectSuccess(res: request.Response, schema: string): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { state: 200 } });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(ENVELOPE_KEYS);
  expectSchema('iform', 'envelope.response', res.body);
  expectSchema('iform', schema, res.body);
}

/** A failure envelope with the given vendor state (and HTTP status, 200 for business errors). */
export function expectState(res: request.Response, state: number, status = 200): void {
  expect({ status: res.status, state: res.body.state, message: res.body.message }).toMatchObject({ status, state });
  expect(Object.keys(res.body)).toEqual(ENVELOPE_KEYS);
  expectSchema('iform', 'error.response', res.body);
  expect(res.body.message).not.toBe('');
}

/** A v1 UUID's 60-bit timestamp from its dash-less hex form. */
export function v1Time(hex: string): bigint {
  return (BigInt(`0x${hex.slice(13, 16)}`) << 48n) | (BigInt(`0x${hex.slice(8, 12)}`) << 32n) | BigInt(`0x${hex.slice(0, 8)}`);
}

/** The refresh token is the access token's successor in the time field; everything else equal. */
export function expectSuccessor(access: string, refresh: string): void {
  expect(v1Time(refresh) - v1Time(access)).toBe(1n);
  expect(refresh.slice(8)).toBe(access.slice(8));
}
