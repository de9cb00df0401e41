import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import type { RawConfig } from '../../src/config/types';
import { testConfig } from '../helpers/gateway';
import { expectSchema } from '../helpers/schema';
import { casConfig } from '../dialects/cas/cas-gateway';
import { ciamConfig, seedPasswordForm } from '../dialects/ciam/ciam-helpers';
import { CLIENT as IFORM_CLIENT, iformConfig, V3 } from '../dialects/iform/helpers';
import { BASE as SPRING_BASE, basic as springBasic, SEED as SPRING_SEED, springConfig } from '../dialects/spring/helpers';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** A dialect that rotates refresh tokens, as its own clients speak to it. */
export interface RotatingDialect {
  /** Short, for key prefixes. */
  id: string;
  name: string;
  config(store: RawConfig['store']): RawConfig;
  /** The client the dialect's requests authenticate as (also used for `/std/introspect`). */
  client: { client_id: string; client_secret: string };
  /** The password grant in the dialect's wire shape. */
  login(base: string): request.Test;
  refresh(base: string, refreshToken: string): request.Test;
  /** The tokens of an answer in the dialect's success shape; undefined for any other answer. */
  tokensOf(res: request.Response): TokenPair | undefined;
  /** Whether the answer is exactly the dialect's refusal of an invalid refresh token. */
  isRefusal(res: request.Response, refreshToken: string): boolean;
}

function matchesSchema(dialect: string, schema: string, body: unknown): boolean {
  try {
    expectSchema(dialect, schema, body);
    return true;
  } catch {
    return false;
  }
}

const isJson = (res: request.Response) => /^application\/json/.test(res.headers['content-type'] ?? '');

/** A JSON token response with the keys in the dialect's order. */
function jsonTokens(res: request.Response, dialect: string, keys: string[]): TokenPair | undefined {
  if (res.status !== 200 || !isJson(res) || !isDeepStrictEqual(Object.keys(res.body), keys)) return undefined;
  if (!matchesSchema(dialect, 'token.response', res.body)) return undefined;
  return { accessToken: res.body.access_token, refreshToken: res.body.refresh_token };
}

const jsonRefusal = (res: request.Response, status: number, body: Record<string, string>) =>
  res.status === status && isJson(res) && isDeepStrictEqual(res.body, body);

const form = (base: string, path: string) => request(base).post(path).type('form');

const STD_CLIENT = { client_id: 'web-app', client_secret: 's3cret' };
const standard: RotatingDialect = {
  id: 'standard',
  name: 'standard (refresh_rotation default)',
  config: (store) => testConfig({ store }),
  client: STD_CLIENT,
  login: (base) => form(base, '/std/token').auth(STD_CLIENT.client_id, STD_CLIENT.client_secret).send({ grant_type: 'password', username: 'alice', password: 'wonderland' }),
  refresh: (base, refreshToken) => form(base, '/std/token').auth(STD_CLIENT.client_id, STD_CLIENT.client_secret).send({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  tokensOf: (res) => jsonTokens(res, 'standard', ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope']),
  isRefusal: (res) => jsonRefusal(res, 400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }),
};

const CAS_CLIENT = { client_id: 'renew-app', client_secret: 'renew-secret' };
const cas6: RotatingDialect = {
  id: 'cas6',
  name: 'cas6 (renew_refresh_token)',
  config: (store) => casConfig('cas6', {}, { store }),
  client: CAS_CLIENT,
  login: (base) => form(base, '/oauth2.0/accessToken').auth(CAS_CLIENT.client_id, CAS_CLIENT.client_secret).send({ grant_type: 'password', username: 'xxx', password: 'xxx' }),
  refresh: (base, refreshToken) =>
    form(base, '/oauth2.0/accessToken').auth(CAS_CLIENT.client_id, CAS_CLIENT.client_secret).send({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  tokensOf: (res) => jsonTokens(res, 'cas', ['access_token', 'refresh_token', 'token_type', 'expires_in', 'scope']),
  // CAS 6 answers a refresh token it will not take with a bare invalid_request.
  isRefusal: (res) => jsonRefusal(res, 400, { error: 'invalid_request' }),
};

const iform: RotatingDialect = {
  id: 'iform',
  name: 'iform',
  config: (store) => iformConfig({ enabled: true }, { store }),
  client: IFORM_CLIENT,
  login: (base) => request(base).post(`${V3}/authentication/apply`).send({ ...IFORM_CLIENT, username: 'iform', password: '123456', grant_type: 'password_credentials' }),
  // The v3 document's refresh example: no client credentials, the refresh token names its client.
  refresh: (base, refreshToken) => request(base).post(`${V3}/authentication/apply`).send({ refresh_token: refreshToken, grant_type: 'refresh_token' }),
  tokensOf: (res) => {
    if (res.status !== 200 || res.body?.state !== 200 || !matchesSchema('iform', 'apply.response', res.body)) return undefined;
    return { accessToken: res.body.data.access_token, refreshToken: res.body.data.refresh_token };
  },
  isRefusal: (res) => res.status === 200 && res.body?.state === 6020201 && res.body.message === '无效的刷新令牌' && matchesSchema('iform', 'error.response', res.body),
};

const CIAM_CLIENT = { client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET' };
const ciam: RotatingDialect = {
  id: 'ciam',
  name: 'ciam (refresh_rotation: rotate)',
  config: (store) => ciamConfig({ refresh_rotation: 'rotate' }, { store }),
  client: CIAM_CLIENT,
  login: (base) => form(base, '/oauth2/token').send(seedPasswordForm()),
  refresh: (base, refreshToken) => form(base, '/oauth2/token').send({ ...CIAM_CLIENT, grant_type: 'refresh_token', refresh_token: refreshToken }),
  tokensOf: (res) => jsonTokens(res, 'ciam', ['access_token', 'refresh_token', 'scope', 'id_token', 'token_type', 'expires_in']),
  isRefusal: (res) => jsonRefusal(res, 400, { error: 'invalid_grant' }),
};

const SPRING_CLIENT = { client_id: SPRING_SEED.id, client_secret: SPRING_SEED.secret };
const spring: RotatingDialect = {
  id: 'spring',
  name: 'spring (reuse_refresh_token: false)',
  config: (store) => springConfig({ reuse_refresh_token: false }, { store }),
  client: SPRING_CLIENT,
  login: (base) =>
    form(base, `${SPRING_BASE}/oauth/token`).set('Authorization', springBasic(SPRING_SEED.id, SPRING_SEED.secret)).send({ grant_type: 'password', username: 'alice', password: 'wonderland' }),
  refresh: (base, refreshToken) =>
    form(base, `${SPRING_BASE}/oauth/token`).set('Authorization', springBasic(SPRING_SEED.id, SPRING_SEED.secret)).send({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  tokensOf: (res) => jsonTokens(res, 'spring', ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope']),
  // DefaultTokenServices echoes the refused token.
  isRefusal: (res, refreshToken) => jsonRefusal(res, 400, { error: 'invalid_grant', error_description: `Invalid refresh token: ${refreshToken}` }),
};

/** Every dialect that can rotate refresh tokens, configured to. */
export const ROTATING_DIALECTS: RotatingDialect[] = [standard, cas6, iform, ciam, spring];
