import request from 'supertest';
import type { RawConfig } from '../../../src/config/types';
import type { DialectSection } from '../../../src/config/types';
import type { Runtime } from '../../../src/runtime';
import { testConfig } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { maxkeyPolicies, maxkeySettings } from '../../../dialects/maxkey/config';

export const APP = '856237911190798336';
export const APP_SECRET = 'maxkey-secret';
export const CALLBACK = 'http://app.example.com/callback';
export const TOKEN = '/sign/authz/oauth/v20/token';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ZHANGSAN = {
  displayName: '张三',
  realname: '张三',
  email: 'z@x.com',
  gender: '2',
  birthday: '1990-01-01',
  departmentId: '1',
  department: '研发部',
  title: '工程师',
  employeeNumber: 'E001',
  createdate: '1700000000000',
};

/** A MaxKey-style app (numeric id, refresh allowed), a NORMAL-userinfo app, a machine app and a public PKCE app. */
export function maxkeyConfig(section: Partial<DialectSection> = {}, overrides: Partial<RawConfig> = {}): RawConfig {
  return testConfig({
    clients: [
      { client_id: APP, client_secret: APP_SECRET, grant_types: ['authorization_code', 'refresh_token', 'password', 'client_credentials'], scopes: ['read', 'openid', 'profile', 'email', 'phone'], redirect_uris: [CALLBACK] },
      {
        client_id: 'normal-app',
        client_secret: 'normal-secret',
        grant_types: ['password', 'authorization_code'],
        scopes: ['read', 'openid', 'profile'],
        redirect_uris: [CALLBACK],
        settings: { maxkey: { userinfo_response: 'NORMAL', subject: 'userId' } },
      },
      { client_id: 'machine', client_secret: 'machine:secret', grant_types: ['client_credentials'], scopes: ['read'] },
      { client_id: 'public-app', grant_types: ['authorization_code'], scopes: ['read', 'openid'], redirect_uris: [CALLBACK] },
      { client_id: 'web-app', client_secret: 's3cret', grant_types: ['password', 'client_credentials', 'refresh_token', 'authorization_code'], scopes: ['read', 'write', 'openid'], redirect_uris: ['http://localhost:3000/callback'] },
    ],
    users: [
      { username: 'zhangsan', password: 'maxkey', uid: '1782301842817249280', attributes: ZHANGSAN },
      { username: 'bob', password: 'builder', uid: '1002' },
      { username: 'mallory', password: 'locked-out', status: 'locked' },
    ],
    dialects: { standard: { enabled: true }, maxkey: { enabled: true, ...section } },
    ...overrides,
  });
}

/** A token request with the parameters in the form body, as most MaxKey clients send it. */
export function tokenPost(runtime: Runtime, form: Record<string, string>, path = TOKEN) {
  expectSchema('maxkey', 'token.request', form);
  return request(runtime.app).post(path).type('form').send(form);
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export const passwordForm = (changes: Record<string, string> = {}) => ({
  grant_type: 'password',
  client_id: APP,
  client_secret: APP_SECRET,
  username: 'zhangsan',
  password: 'maxkey',
  scope: 'read',
  ...changes,
});

/** An authorization code as the authorize endpoint would issue it, under the dialect's policy. */
export async function issueCode(runtime: Runtime, options: { clientId?: string; username?: string; scope?: string[]; challenge?: string; nonce?: string } = {}): Promise<string> {
  const engine = runtime.engine;
  const section = runtime.config.dialects!.maxkey;
  const policy = maxkeyPolicies(maxkeySettings(section, engine.issuer, '/sign'), engine).withRefresh;
  const code = await engine.issueAuthorizationCode(
    {
      client: engine.directory.client(options.clientId ?? APP)!,
      user: engine.directory.userByUsername(options.username ?? 'zhangsan')!,
      scope: options.scope ?? ['read'],
      redirectUri: CALLBACK,
      ...(options.challenge ? { codeChallenge: options.challenge, codeChallengeMethod: 'S256' } : {}),
      extra: options.nonce ? { nonce: options.nonce } : {},
    },
    policy,
  );
  return code.value;
}

/** Asserts MaxKey's two-key error body at HTTP 200. */
export function expectOAuthError(response: { status: number; body: unknown }, error: string, description: string): void {
  expect(response.status).toBe(200);
  expectSchema('maxkey', 'error.response', response.body);
  expect(response.body).toEqual({ error, error_description: description });
  expect(Object.keys(response.body as object)).toEqual(['error', 'error_description']);
}

/** Asserts MaxKey's empty 200 for refused client credentials. */
export function expectEmpty(response: { status: number; text: string; headers: Record<string, string> }): void {
  expect(response.status).toBe(200);
  expect(response.text).toBe('');
  expect(response.headers['content-type']).toBeUndefined();
}

export function expectEnvelope(response: { status: number; body: unknown }, message: string, code = 2): void {
  expect(response.status).toBe(200);
  expectSchema('maxkey', 'envelope.response', response.body);
  expect(response.body).toEqual({ code, message, data: null });
  expect(Object.keys(response.body as object)).toEqual(['code', 'message', 'data']);
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
  return { header, payload };
}
