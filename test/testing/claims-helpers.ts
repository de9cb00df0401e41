import request from 'supertest';
import type { RawConfig } from '../../src/config/types';
import { loadConfig } from '../../src/config/load';
import { createRuntime, type Runtime } from '../../src/runtime';
import { DIALECTS } from '../../dialects';
import type { ClaimsControl } from '../../src/testing/claims';
import { silentLogger, testConfig } from '../helpers/gateway';
import { standardPolicy } from '../../dialects/standard/config';

export const HS_KEY = 'claims-test-signing-key-0123456789abcdef';
const SOURCE = 'PASSWORD_SOURCE';
const CALLBACK = 'http://localhost:3000/callback';

/** `claims-app` has claims of its own (a static value, an object, two templates); `plain-app` has none. */
export function claimsConfig(claims: Record<string, unknown> = { tenant: 'acme', email: '{{user.attributes.email}}', profile_ref: 'urn:user:{{user.uid}}', limits: { daily: 5 } }): RawConfig {
  const app = { grant_types: ['password', 'client_credentials', 'refresh_token', 'authorization_code'], scopes: ['read', 'openid'], redirect_uris: [CALLBACK] };
  return testConfig({
    clients: [
      { client_id: 'claims-app', client_secret: 'claims-secret', ...app, claims },
      { client_id: 'plain-app', client_secret: 'plain-secret', ...app },
    ],
    users: [
      { username: 'alice', password: 'wonderland', uid: '1001', attributes: { email: 'alice@example.com' }, roles: ['admin'] },
      { username: 'bob', password: 'builder', uid: '1002' },
    ],
    dialects: {
      standard: { enabled: true, token_format: 'jwt' },
      spring: { enabled: true, base_path: '/spring', token_format: 'jwt', jwt: { alg: 'HS256', signing_key: HS_KEY } },
      maxkey: { enabled: true },
      ciam: { enabled: true, auth_sources: [{ id: SOURCE, identifiers: ['username'], clients: ['claims-app', 'plain-app'] }] },
    },
  });
}

export async function startClaimsRuntime(config: RawConfig, claims?: ClaimsControl): Promise<Runtime> {
  return createRuntime({ config: loadConfig(config, DIALECTS), dialects: DIALECTS, logger: silentLogger, claims });
}

/** A JWT's payload as parsed JSON: key order kept. */
export function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export type Door = 'standard' | 'spring' | 'maxkey' | 'ciam';

const PATHS: Record<Door, string> = { standard: '/std/token', spring: '/spring/oauth/token', maxkey: '/sign/authz/oauth/v20/token', ciam: '/oauth2/token' };

/** A password grant (or client_credentials without a user) through a dialect's token endpoint; the body on success. */
export async function issue(runtime: Runtime, door: Door, options: { clientId?: string; username?: string; password?: string; scope?: string } = {}): Promise<Record<string, string>> {
  const clientId = options.clientId ?? 'claims-app';
  const secret = clientId === 'claims-app' ? 'claims-secret' : 'plain-secret';
  const form: Record<string, string> = options.username
    ? { grant_type: 'password', username: options.username, password: options.password ?? '' }
    : { grant_type: 'client_credentials' };
  form.scope = options.scope ?? 'read';
  let req = request(runtime.app).post(PATHS[door]).type('form');
  if (door === 'spring' || door === 'standard') req = req.auth(clientId, secret);
  else Object.assign(form, { client_id: clientId, client_secret: secret });
  if (door === 'ciam' && options.username) form.auth_source_id = SOURCE;
  const res = await req.send(form);
  if (res.status !== 200 || typeof res.body.access_token !== 'string') throw new Error(`${door} token request failed: ${res.status} ${res.text}`);
  return res.body as Record<string, string>;
}

/** The standard dialect's code exchange for alice (the code issued as its authorize step would): the body on success. */
export async function exchangeStandardCode(runtime: Runtime, clientId = 'claims-app'): Promise<Record<string, string>> {
  const { engine } = runtime;
  const code = await engine.issueAuthorizationCode(
    { client: engine.directory.client(clientId)!, user: engine.directory.userByUsername('alice')!, scope: ['read', 'openid'], redirectUri: CALLBACK, extra: {} },
    standardPolicy(runtime.config.dialects!.standard),
  );
  const res = await request(runtime.app)
    .post('/std/token')
    .auth(clientId, clientId === 'claims-app' ? 'claims-secret' : 'plain-secret')
    .type('form')
    .send({ grant_type: 'authorization_code', code: code.value, redirect_uri: CALLBACK });
  if (res.status !== 200 || typeof res.body.id_token !== 'string') throw new Error(`code exchange failed: ${res.status} ${res.text}`);
  return res.body as Record<string, string>;
}
