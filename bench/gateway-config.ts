/**
 * The gateway's configuration for the bench: every dialect enabled as in the demo
 * (src/config/demo.ts), one client per dialect with a fresh secret stored as a bcrypt hash,
 * a user for the password grant, a Redis store under the bench's key prefix, silent logs.
 */
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

export type DialectName = 'standard' | 'cas' | 'spring' | 'maxkey' | 'ciam' | 'iform';

export interface BenchCredentials {
  clientId: string;
  secret: string;
  /** HTTP Basic header for the client. */
  authorization: string;
}

export interface GatewaySetup {
  config: Record<string, unknown>;
  clients: Record<DialectName, BenchCredentials>;
  user: { username: string; password: string };
  scope: string;
}

/** What a production deployment would use for client secrets (the gateway's own default). */
const CLIENT_SECRET_COST = 10;
/** The bench user's password is checked on every password grant; a low cost keeps that measurement about storage. */
const USER_PASSWORD_COST = 4;
const SCOPE = 'read';

export const SPRING_BASE_PATH = '/authorization-server';

export async function gatewaySetup(redisUrl: string, keyPrefix: string): Promise<GatewaySetup> {
  const names: DialectName[] = ['standard', 'cas', 'spring', 'maxkey', 'ciam', 'iform'];
  const clients = Object.fromEntries(names.map((name) => [name, credentials(`bench-${name}`)])) as Record<DialectName, BenchCredentials>;
  const user = { username: 'bench-user', password: randomBytes(12).toString('base64url') };
  const hashes = await Promise.all(names.map((name) => bcrypt.hash(clients[name].secret, CLIENT_SECRET_COST)));
  const secretHash = (name: DialectName) => hashes[names.indexOf(name)];
  const client = (name: DialectName, grantTypes: string[], scopes: string[]) => ({
    client_id: clients[name].clientId,
    client_secret: secretHash(name),
    grant_types: grantTypes,
    scopes,
  });

  const config = {
    issuer: 'http://127.0.0.1/bench',
    store: { url: redisUrl, key_prefix: keyPrefix },
    secret: randomBytes(32).toString('base64url'),
    log_level: 'silent',
    clients: [
      client('standard', ['client_credentials', 'password', 'refresh_token'], [SCOPE]),
      client('cas', ['client_credentials'], []),
      client('spring', ['client_credentials'], [SCOPE, 'write']),
      client('maxkey', ['client_credentials'], [SCOPE]),
      client('ciam', ['client_credentials'], [SCOPE]),
      client('iform', ['client_credentials', 'refresh_token'], []),
    ],
    users: [{ username: user.username, password: await bcrypt.hash(user.password, USER_PASSWORD_COST) }],
    dialects: {
      standard: { enabled: true, token_format: 'opaque' },
      cas: { enabled: true },
      ciam: { enabled: true, auth_sources: [{ id: 'BENCH_AUTH_SOURCE', identifiers: ['username'], clients: [clients.ciam.clientId] }] },
      iform: { enabled: true },
      maxkey: { enabled: true },
      spring: {
        enabled: true,
        base_path: SPRING_BASE_PATH,
        profile: '2.3',
        token_format: 'jwt',
        jwt: { alg: 'HS256', signing_key: randomBytes(32).toString('base64url') },
        access_token_validity: 7200,
      },
    },
  };
  return { config, clients, user, scope: SCOPE };
}

export function credentials(clientId: string): BenchCredentials {
  const secret = randomBytes(24).toString('base64url');
  return { clientId, secret, authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` };
}
