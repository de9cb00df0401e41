import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { BcryptPool } from '../core/secrets/bcrypt-pool';
import { BCRYPT_PATTERN } from '../core/secrets/bcrypt-pool';
import type { Client, User } from '../core/model';
import type { RawClient, RawConfig, RawUser } from './types';

const DEFAULT_GRANTS = ['authorization_code', 'refresh_token'];

/** A stable id for users configured without one (so tokens survive restarts). */
function derivedUid(username: string): string {
  return BigInt(`0x${createHash('sha256').update(username).digest('hex').slice(0, 15)}`).toString();
}

async function hashIfPlain(value: string, what: string, bcrypt: BcryptPool, cost: number, plain: string[]): Promise<string> {
  if (BCRYPT_PATTERN.test(value)) return value;
  plain.push(what);
  return bcrypt.hash(value, cost);
}

function warnPlain(plain: string[], logger: Logger): void {
  if (plain.length === 0) return;
  logger.warn({ entries: plain }, `${plain.length} plain secret(s) in the configuration were hashed at load; store bcrypt hashes instead (oauth-dialects hash-secret)`);
}

export async function buildClients(raw: RawClient[], bcrypt: BcryptPool, cost: number, logger: Logger): Promise<Client[]> {
  const plain: string[] = [];
  const clients = await Promise.all(
    raw.map(async (c) => ({
      clientId: c.client_id,
      name: c.client_name ?? c.client_id,
      secretHash: c.client_secret === undefined ? undefined : await hashIfPlain(c.client_secret, `client ${c.client_id}`, bcrypt, cost, plain),
      grantTypes: c.grant_types ?? DEFAULT_GRANTS,
      scopes: c.scopes ?? [],
      redirectUris: c.redirect_uris ?? [],
      accessTokenTtl: c.access_token_ttl,
      refreshTokenTtl: c.refresh_token_ttl,
      requireConsent: c.require_consent ?? false,
      settings: c.settings ?? {},
    })),
  );
  warnPlain(plain, logger);
  return clients;
}

export async function buildUsers(raw: RawUser[], bcrypt: BcryptPool, cost: number, logger: Logger): Promise<User[]> {
  const plain: string[] = [];
  const users = await Promise.all(
    raw.map(async (u) => ({
      uid: u.uid ?? derivedUid(u.username),
      username: u.username,
      passwordHash: await hashIfPlain(u.password, `user ${u.username}`, bcrypt, cost, plain),
      status: u.status ?? 'active',
      attributes: u.attributes ?? {},
      roles: u.roles ?? [],
    })),
  );
  warnPlain(plain, logger);
  return users;
}

/** Problems the schema cannot express: duplicates across entries. */
export function crossCheck(config: RawConfig): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  (config.clients ?? []).forEach((c, i) => {
    if (seen.has(c.client_id)) problems.push(`/clients/${i}/client_id: duplicates /clients/${seen.get(c.client_id)}`);
    else seen.set(c.client_id, i);
  });
  const users = new Map<string, number>();
  const uids = new Map<string, number>();
  (config.users ?? []).forEach((u, i) => {
    if (users.has(u.username)) problems.push(`/users/${i}/username: duplicates /users/${users.get(u.username)}`);
    else users.set(u.username, i);
    if (u.uid !== undefined) {
      if (uids.has(u.uid)) problems.push(`/users/${i}/uid: duplicates /users/${uids.get(u.uid)}`);
      else uids.set(u.uid, i);
    }
  });
  return problems;
}
