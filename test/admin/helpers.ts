import Ajv from 'ajv';
import request from 'supertest';
import { demoConfig } from '../../src/config/demo';
import type { RawAdmin, RawConfig } from '../../src/config/types';
import { ADMIN_SCHEMAS } from '../../src/admin/openapi';

type App = Parameters<typeof request>[0];

export const ADMIN_TOKEN = 'operators-own-admin-token-0123456789abcdef';
export const ADMIN_SCOPE = 'gateway:admin';
/** A client of the operators' console: it may be granted the admin scope. */
export const OPS = { client_id: 'ops-console', client_secret: 'ops-console-secret' };
/** A client that may not. */
export const PLAIN = { client_id: 'plain-service', client_secret: 'plain-service-secret' };

/** The demo configuration (every dialect, the vendors' seed clients) with the admin API and its two test clients. */
export function adminConfig(store: RawConfig['store'], admin: RawAdmin = { enabled: true, token: ADMIN_TOKEN }): RawConfig {
  const demo = demoConfig('http://gateway.test');
  return {
    ...demo,
    store,
    bcrypt: { cost: 4 },
    clients: [
      ...(demo.clients ?? []),
      { ...OPS, grant_types: ['client_credentials'], scopes: [ADMIN_SCOPE, 'read'] },
      { ...PLAIN, grant_types: ['client_credentials'], scopes: ['read'] },
    ],
    admin,
  };
}

/** An access token of `client` by client_credentials at `/std/token`, with the scope asked for. */
export async function clientToken(base: string | App, client: { client_id: string; client_secret: string }, scope?: string): Promise<string> {
  const res = await request(base)
    .post('/std/token')
    .auth(client.client_id, client.client_secret)
    .type('form')
    .send({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  expect({ status: res.status, scope: res.body.scope }).toEqual({ status: 200, scope: scope ?? expect.any(String) });
  return res.body.access_token as string;
}

export interface Login {
  accessToken: string;
  refreshToken?: string;
}

/** A password login through one dialect's own token endpoint, as the demo's seed client of that vendor sends it. */
export interface DialectLogin {
  dialect: string;
  clientId: string;
  login(base: string, username: string, password: string): Promise<Login>;
}

export const LOGINS: DialectLogin[] = [
  {
    dialect: 'cas',
    clientId: 'xxx',
    async login(base, username, password) {
      const res = await request(base).post('/oauth2.0/accessToken').type('form').send({ grant_type: 'password', client_id: 'xxx', client_secret: 'xxx=', username, password });
      expect({ cas: res.status }).toEqual({ cas: 200 });
      return { accessToken: JSON.parse(res.text).access_token };
    },
  },
  {
    dialect: 'spring',
    clientId: '你的客户端id',
    async login(base, username, password) {
      const res = await request(base)
        .post('/authorization-server/oauth/token')
        .type('form')
        .send({ grant_type: 'password', client_id: '你的客户端id', client_secret: '你的客户端密码', username, password });
      expect({ spring: res.status }).toEqual({ spring: 200 });
      return { accessToken: res.body.access_token, refreshToken: res.body.refresh_token };
    },
  },
  {
    dialect: 'ciam',
    clientId: 'TENANT_CLIENT_ID',
    async login(base, username, password) {
      const res = await request(base).post('/oauth2/token').type('form').send({
        grant_type: 'password',
        client_id: 'TENANT_CLIENT_ID',
        client_secret: 'TENANT_CLIENT_SECRET',
        auth_source_id: 'MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID',
        username,
        password,
        scope: 'openid',
      });
      expect({ ciam: res.status }).toEqual({ ciam: 200 });
      return { accessToken: res.body.access_token, refreshToken: res.body.refresh_token };
    },
  },
  {
    dialect: 'iform',
    clientId: 'iform',
    async login(base, username, password) {
      const res = await request(base)
        .post('/iform/oauth2/v3/authentication/apply')
        .send({ client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', username, password, grant_type: 'password_credentials' });
      expect({ iform: res.status, state: res.body.state }).toEqual({ iform: 200, state: 200 });
      return { accessToken: res.body.data.access_token, refreshToken: res.body.data.refresh_token };
    },
  },
];

type Verdict = 'live' | 'refused';

/** One dialect's own way of checking an access token, and how it says live or refused; anything else is a failure. */
interface Door {
  dialect: string;
  check(base: string, token: string): Promise<Verdict>;
}

function unexpected(door: string, res: request.Response): never {
  throw new Error(`${door}: unexpected answer HTTP ${res.status} ${res.text.slice(0, 300)}`);
}

export const DOORS: Door[] = [
  {
    dialect: 'standard',
    async check(base, token) {
      const res = await request(base).post('/std/introspect').auth('web-app', 's3cret').type('form').send({ token });
      if (res.status === 200 && res.body.active === true) return 'live';
      if (res.status === 200 && JSON.stringify(res.body) === '{"active":false}') return 'refused';
      return unexpected('standard introspect', res);
    },
  },
  {
    dialect: 'cas',
    async check(base, token) {
      const res = await request(base).get(`/oauth2.0/profile?access_token=${encodeURIComponent(token)}`);
      const body = JSON.parse(res.text) as Record<string, unknown>;
      if (res.status === 200 && typeof body.id === 'string') return 'live';
      if (res.status === 401 && JSON.stringify(body.error) === '["expired_accessToken"]') return 'refused';
      return unexpected('cas profile', res);
    },
  },
  {
    dialect: 'spring',
    async check(base, token) {
      const res = await request(base).post('/authorization-server/oauth/check_token').auth('你的客户端id', '你的客户端密码').type('form').send({ token });
      if (res.status === 200 && res.body.active === true) return 'live';
      if (res.status === 400 && res.body.error === 'invalid_token') return 'refused';
      return unexpected('spring check_token', res);
    },
  },
  {
    dialect: 'ciam',
    async check(base, token) {
      const res = await request(base).get('/userinfo').set('Authorization', `Bearer ${token}`);
      const challenge = String(res.headers['www-authenticate'] ?? '');
      // A live token without `openid` is known, and refused only for its scope.
      if (res.status === 200 || (res.status === 403 && challenge.includes('error="insufficient_scope"'))) return 'live';
      if (res.status === 401 && challenge.includes('error="invalid_token"')) return 'refused';
      return unexpected('ciam userinfo', res);
    },
  },
  {
    dialect: 'iform',
    async check(base, token) {
      const res = await request(base).post(`/iform/oauth2/v3/authentication/verify?access_token=${encodeURIComponent(token)}`);
      if (res.status === 200 && res.body.state === 200) return 'live';
      if (res.status === 200 && res.body.state === 6020201) return 'refused';
      return unexpected('iform verify', res);
    },
  },
  {
    dialect: 'maxkey',
    async check(base, token) {
      const res = await request(base).post('/sign/authz/oauth/v20/check_token').type('form').send({ token });
      if (res.status === 200 && res.body.active === true) return 'live';
      if (res.status === 200 && res.body.code === 2 && res.body.message === 'Token was not recognised') return 'refused';
      return unexpected('maxkey check_token', res);
    },
  },
];

/** `{ "<login> token at <door>": verdict }` for every named token at every door. */
export async function verdicts(base: string, tokens: Record<string, string>): Promise<Record<string, Verdict>> {
  const seen: Record<string, Verdict> = {};
  for (const [name, token] of Object.entries(tokens)) {
    for (const door of DOORS) seen[`${name} at ${door.dialect}`] = await door.check(base, token);
  }
  return seen;
}

export const everyVerdict = (tokens: Record<string, string>, verdict: Verdict) =>
  Object.fromEntries(Object.keys(tokens).flatMap((name) => DOORS.map((door) => [`${name} at ${door.dialect}`, verdict])));

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema({ $id: 'admin', components: { schemas: ADMIN_SCHEMAS } });

/** Asserts a body against one of the admin API's documented schemas. */
export function expectAdminSchema(name: string, body: unknown): void {
  const validate = ajv.getSchema(`admin#/components/schemas/${name}`)!;
  if (!validate(body)) throw new Error(`${name}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body)}`);
}

export const bearer = (token: string) => `Bearer ${token}`;
