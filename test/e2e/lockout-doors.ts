import request from 'supertest';
import { demoConfig } from '../../src/config/demo';
import type { RawConfig } from '../../src/config/types';
import { formFields } from '../helpers/signin';

/*
 * The doors of the demo configuration where a password or a client secret is checked, each
 * with the request its vendor's clients send and the answer a lock-out gets there.
 */

/** Small numbers keep the suite fast; the lock outlasts any test. */
export const LOCK = { user_failures: 3, address_failures: 6, window: 300, duration: 120 };

export interface TestUser {
  username: string;
  password: string;
}

export const userNamed = (username: string): TestUser => ({ username, password: `right-${username}` });

/** A confidential client of the test's own, usable at every dialect's token endpoint. */
export interface TestClient {
  client_id: string;
  client_secret: string;
}

export const clientNamed = (clientId: string): TestClient => ({ client_id: clientId, client_secret: `secret-of-${clientId}` });

/** The demo configuration (every dialect on) with the test's users and clients, the small lock-out, and X-Forwarded-For trusted. */
export function lockoutConfig(store: RawConfig['store'], users: TestUser[], clients: TestClient[]): RawConfig {
  const demo = demoConfig('http://gateway.test');
  return {
    ...demo,
    store,
    bcrypt: { cost: 4 },
    http: { trust_proxy: true },
    signin: { lockout: LOCK },
    users: [...demo.users!, ...users.map((u) => ({ ...u, attributes: { name: u.username } }))],
    clients: [
      ...demo.clients!,
      ...clients.map((c) => ({ ...c, grant_types: ['password', 'client_credentials'], scopes: ['openid', 'read'], redirect_uris: [] as string[] })),
    ],
  };
}

/** Seconds of a `Retry-After` header, or NaN without one. */
export function retryAfterOf(res: request.Response): number {
  const value = res.headers['retry-after'] as string | undefined;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
}

/** A lock set moments ago: its Retry-After is within the lock's length, the test's own duration allowed for. */
export function expectFreshLock(res: request.Response, where: string): void {
  const seconds = retryAfterOf(res);
  expect({ where, lockedForAWhile: seconds > LOCK.duration - 60 && seconds <= LOCK.duration }).toEqual({ where, lockedForAWhile: true });
}

const CAS = { client_id: 'xxx', client_secret: 'xxx=' };
const SPRING = { client_id: '你的客户端id', client_secret: '你的客户端密码' };
const MAXKEY = { client_id: '856237911190798336', client_secret: 'maxkey-demo-secret' };
const CIAM = { client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET' };
const IFORM = { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a' };
export const STD_CLIENT = { client_id: 'web-app', client_secret: 's3cret' };
const IFORM_V3 = '/iform/oauth2/v3';
const MAXKEY_NO_CLIENT_AUTHENTICATION = 'There is no client authentication. Try adding an appropriate authentication.';
const CORE_LOCKED = 'too many failed attempts; try again later';
const CORE_OVERLOADED = 'too many credential checks at once; try again shortly';

const basic = (c: TestClient) => `Basic ${Buffer.from(`${c.client_id}:${c.client_secret}`).toString('base64')}`;
const form = (base: string, path: string, ip: string) => request(base).post(path).type('form').set('X-Forwarded-For', ip);
const json = (base: string, path: string, ip: string) => request(base).post(path).set('X-Forwarded-For', ip);

/** One dialect's password door: the grant (or login) as its clients send it, and the shape of a locked account's refusal. */
export interface PasswordDoor {
  name: string;
  attempt(base: string, user: TestUser, password: string, ip: string): request.Test;
  /** Whether the answer is a success (tokens, or iform's login_state). */
  succeeded(res: request.Response): boolean;
  /** What the door answers a locked account, without the Retry-After (checked apart). */
  locked(user: TestUser, ip: string): { status: number; body: unknown };
  /** What the door answers when bcrypt admission refuses the check (`overloaded`), without the Retry-After. */
  overloaded: { status: number; body: unknown };
}

const iformEnvelope = (state: number, message: string, cause: string) => ({ state, request: null, message, cause, variables: {}, data: null });

export const PASSWORD_DOORS: PasswordDoor[] = [
  {
    name: 'standard /std/token',
    attempt: (base, user, password, ip) => form(base, '/std/token', ip).set('Authorization', basic(STD_CLIENT)).send({ grant_type: 'password', username: user.username, password }),
    succeeded: (res) => res.status === 200 && typeof res.body.access_token === 'string',
    locked: () => ({ status: 400, body: { error: 'invalid_grant', error_description: CORE_LOCKED } }),
    overloaded: { status: 503, body: { error: 'temporarily_unavailable', error_description: CORE_OVERLOADED } },
  },
  {
    name: 'cas /oauth2.0/accessToken',
    attempt: (base, user, password, ip) =>
      form(base, '/oauth2.0/accessToken', ip).send({ grant_type: 'password', ...CAS, username: user.username, password, service: 'https://my_server_url' }),
    succeeded: (res) => res.status === 200 && typeof res.body.access_token === 'string',
    // The demo's cas5 profile: Spring Boot 1.x's error page, the throttling module's message.
    locked: (user, ip) => ({
      status: 423,
      body: { timestamp: expect.any(Number), status: 423, error: 'Locked', message: `Access Denied for user [${user.username}] from IP Address [${ip}]`, path: '/oauth2.0/accessToken' },
    }),
    overloaded: { status: 503, body: { timestamp: expect.any(Number), status: 503, error: 'Service Unavailable', message: 'No message available', path: '/oauth2.0/accessToken' } },
  },
  {
    name: 'spring /oauth/token',
    attempt: (base, user, password, ip) => form(base, '/authorization-server/oauth/token', ip).send({ grant_type: 'password', ...SPRING, username: user.username, password }),
    succeeded: (res) => res.status === 200 && typeof res.body.access_token === 'string',
    locked: () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'User account is locked' } }),
    overloaded: { status: 503, body: { error: 'server_error', error_description: 'Internal Server Error' } },
  },
  {
    name: 'maxkey /sign/authz/oauth/v20/token',
    attempt: (base, user, password, ip) => form(base, '/sign/authz/oauth/v20/token', ip).send({ grant_type: 'password', ...MAXKEY, username: user.username, password }),
    succeeded: (res) => res.status === 200 && typeof res.body.access_token === 'string',
    locked: () => ({ status: 200, body: { error: 'invalid_request', error_description: MAXKEY_NO_CLIENT_AUTHENTICATION } }),
    overloaded: { status: 503, body: { code: 2, message: 'Service Unavailable', data: null } },
  },
  {
    name: 'ciam /oauth2/token',
    attempt: (base, user, password, ip) =>
      form(base, '/oauth2/token', ip).send({ grant_type: 'password', ...CIAM, auth_source_id: 'MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID', username: user.username, password, scope: 'openid' }),
    succeeded: (res) => res.status === 200 && typeof res.body.access_token === 'string',
    locked: () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Abnormal user status' } }),
    overloaded: { status: 503, body: { error: 'temporarily_unavailable' } },
  },
  {
    name: 'iform authentication/apply',
    attempt: (base, user, password, ip) => json(base, `${IFORM_V3}/authentication/apply`, ip).send({ ...IFORM, grant_type: 'password_credentials', username: user.username, password }),
    succeeded: (res) => res.status === 200 && res.body.state === 200,
    locked: () => ({ status: 200, body: iformEnvelope(6020101, '账号已被锁定，请稍后再试', CORE_LOCKED) }),
    overloaded: { status: 503, body: iformEnvelope(500, '服务暂不可用', CORE_OVERLOADED) },
  },
  {
    name: 'iform user/login/apply',
    attempt: (base, user, password, ip) => json(base, `${IFORM_V3}/user/login/apply`, ip).send({ username: user.username, password }),
    succeeded: (res) => res.status === 200 && res.body.state === 200,
    locked: () => ({ status: 200, body: iformEnvelope(6020101, '账号已被锁定，请稍后再试', CORE_LOCKED) }),
    overloaded: { status: 503, body: iformEnvelope(500, '服务暂不可用', CORE_OVERLOADED) },
  },
];

export const door = (name: string): PasswordDoor => PASSWORD_DOORS.find((d) => d.name.startsWith(name))!;

/** One dialect's client-secret door (client_credentials), and the shape of a locked client's refusal. */
export interface ClientDoor {
  name: string;
  attempt(base: string, client: TestClient, ip: string): request.Test;
  locked(ip: string): { status: number; body: unknown; headers?: Record<string, string> };
}

export const CLIENT_DOORS: ClientDoor[] = [
  {
    name: 'standard /std/token (Basic)',
    attempt: (base, client, ip) => form(base, '/std/token', ip).set('Authorization', basic(client)).send({ grant_type: 'client_credentials' }),
    locked: () => ({ status: 401, body: { error: 'invalid_client', error_description: CORE_LOCKED }, headers: { 'www-authenticate': 'Basic realm="oauth-dialects"' } }),
  },
  {
    name: 'cas /oauth2.0/accessToken',
    attempt: (base, client, ip) => form(base, '/oauth2.0/accessToken', ip).send({ grant_type: 'client_credentials', ...client }),
    locked: (ip) => ({
      status: 423,
      body: { timestamp: expect.any(Number), status: 423, error: 'Locked', message: `Access Denied for user [N/A] from IP Address [${ip}]`, path: '/oauth2.0/accessToken' },
    }),
  },
  {
    name: 'spring /oauth/token (form)',
    attempt: (base, client, ip) => form(base, '/authorization-server/oauth/token', ip).send({ grant_type: 'client_credentials', ...client }),
    // ClientCredentialsTokenEndpointFilter: a LockedException reaches the entry point as `unauthorized`.
    locked: () => ({
      status: 401,
      body: { error: 'unauthorized', error_description: 'User account is locked' },
      headers: { 'www-authenticate': 'Form realm="oauth2/client", error="unauthorized", error_description="User account is locked"' },
    }),
  },
  {
    name: 'spring /oauth/token (Basic)',
    attempt: (base, client, ip) => form(base, '/authorization-server/oauth/token', ip).set('Authorization', basic(client)).send({ grant_type: 'client_credentials' }),
    locked: () => ({
      status: 401,
      body: { timestamp: expect.any(String), status: 401, error: 'Unauthorized', message: 'Unauthorized', path: '/authorization-server/oauth/token' },
      headers: { 'www-authenticate': 'Basic realm="oauth2/client"' },
    }),
  },
  {
    name: 'maxkey /sign/authz/oauth/v20/token',
    attempt: (base, client, ip) => form(base, '/sign/authz/oauth/v20/token', ip).send({ grant_type: 'client_credentials', ...client }),
    // TokenEndpointAuthenticationFilter: 200, no body.
    locked: () => ({ status: 200, body: {} }),
  },
  {
    name: 'ciam /oauth2/token',
    attempt: (base, client, ip) => form(base, '/oauth2/token', ip).send({ grant_type: 'client_credentials', ...client, scope: 'openid' }),
    locked: () => ({ status: 401, body: { error: 'invalid_client' } }),
  },
  {
    name: 'iform authentication/apply',
    attempt: (base, client, ip) => json(base, `${IFORM_V3}/authentication/apply`, ip).send({ ...client, grant_type: 'client_credentials' }),
    locked: () => ({ status: 200, body: iformEnvelope(6010101, '客户端已被锁定，请稍后再试', CORE_LOCKED) }),
  },
];

const SIGN_IN_PAGE = `/std/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'web-app', redirect_uri: 'http://localhost:3000/callback', state: 'st' }).toString()}`;

/** The browser sign-in: the page (its flow and CSRF cookie) then the form post, from one address. */
export async function signIn(base: string, username: string, password: string, ip: string): Promise<request.Response> {
  const agent = request.agent(base);
  const page = await agent.get(SIGN_IN_PAGE).set('X-Forwarded-For', ip);
  expect(page.status).toBe(200);
  return agent.post('/signin').type('form').set('X-Forwarded-For', ip).send({ ...formFields(page.text), username, password });
}
