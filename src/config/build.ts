import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { BcryptPool } from '../core/secrets/bcrypt-pool';
import { BCRYPT_PATTERN } from '../core/secrets/bcrypt-pool';
import type { Client, User } from '../core/model';
import { compileClaims, type ClaimRule } from '../core/claims/templates';
import { ConfigError } from './validate';
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

/** Compiled claims; a runtime built without `loadConfig` refuses bad ones too. */
function clientClaims(c: RawClient): ClaimRule[] {
  const { rules, problems } = compileClaims(c.claims ?? {});
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `client ${c.client_id}, claim ${p.name}: ${p.message}`));
  return rules;
}

/** `plain` names the entries whose secret was written in plain text (hashed here). */
export async function buildClients(raw: RawClient[], bcrypt: BcryptPool, cost: number): Promise<{ clients: Client[]; plain: string[] }> {
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
      ...(c.claims && Object.keys(c.claims).length > 0 ? { claims: clientClaims(c) } : {}),
      settings: c.settings ?? {},
    })),
  );
  return { clients, plain };
}

export async function buildUsers(raw: RawUser[], bcrypt: BcryptPool, cost: number): Promise<{ users: User[]; plain: string[] }> {
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
  return { users, plain };
}

/**
 * Plain secrets in a configuration file: one warning for clients, one for users. The built-in
 * demo's are public on purpose, so it gets one info line instead.
 */
export function reportPlainSecrets(logger: Logger, plain: { clients: string[]; users: string[] }, demo = false): void {
  const count = plain.clients.length + plain.users.length;
  if (count === 0) return;
  if (demo) {
    logger.info(`the built-in demo configuration's ${count} public plain-text credentials are in use (hashed at start); never use it in production`);
    return;
  }
  for (const entries of [plain.clients, plain.users]) {
    if (entries.length === 0) continue;
    logger.warn({ entries }, `${entries.length} plain secret(s) in the configuration were hashed at load; store bcrypt hashes instead (oauth-dialects hash-secret)`);
  }
}

/** Problems the schema cannot express: duplicates across entries. */
export function crossCheck(config: RawConfig): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  (config.clients ?? []).forEach((c, i) => {
    if (seen.has(c.client_id)) problems.push(`/clients/${i}/client_id: duplicates /clients/${seen.get(c.client_id)}`);
    else seen.set(c.client_id, i);
    for (const { name, message } of compileClaims(c.claims ?? {}).problems) problems.push(`/clients/${i}/claims/${name.replace(/~/g, '~0').replace(/\//g, '~1')}: ${message}`);
    const userClaim = (config.dialects?.spring?.jwt as { user_claim_name?: string } | undefined)?.user_claim_name;
    if (userClaim !== undefined && c.claims?.[userClaim] !== undefined) {
      problems.push(`/clients/${i}/claims/${userClaim}: "${userClaim}" is Spring's user claim (dialects.spring.jwt.user_claim_name); a claim of your own may not replace it`);
    }
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
  if (config.admin?.token !== undefined && config.admin.token_hash !== undefined) problems.push('/admin: give token or token_hash, not both');
  return problems;
}
