import type { Logger } from 'pino';
import type { RawAdmin } from '../config/types';
import type { ServerSecret } from '../core/crypto/server-secret';
import type { BcryptPool } from '../core/secrets/bcrypt-pool';
import { SecretVerifier } from '../core/secrets/secret-verifier';

export const DEFAULT_ADMIN_PATH = '/admin';
export const DEFAULT_ADMIN_SCOPE = 'gateway:admin';

/** The admin API as configured: where it lives, the scope an access token needs, the operators' own token. */
export interface AdminSettings {
  path: string;
  scope: string;
  /** bcrypt hash of the configured admin token, when there is one. */
  tokenHash?: string;
  /** Checks the admin token off the event loop and remembers a success, as for client secrets. */
  verifier: SecretVerifier;
}

export interface AdminSettingsContext {
  bcrypt: BcryptPool;
  serverSecret: ServerSecret;
  /** bcrypt cost for hashing a plain `token` at load. */
  cost: number;
  cacheTtlSeconds: number;
  logger: Logger;
}

/** Null when the admin API is off (the default). A plain `token` is hashed here, with a warning. */
export async function adminSettings(raw: RawAdmin | undefined, context: AdminSettingsContext): Promise<AdminSettings | null> {
  if (!raw?.enabled) return null;
  let tokenHash = raw.token_hash;
  if (raw.token !== undefined) {
    context.logger.warn('admin.token is in plain text and was hashed at load; store admin.token_hash instead (oauth-dialects hash-secret)');
    tokenHash = await context.bcrypt.hash(raw.token, context.cost);
  }
  return {
    path: raw.path ?? DEFAULT_ADMIN_PATH,
    scope: raw.scope ?? DEFAULT_ADMIN_SCOPE,
    ...(tokenHash !== undefined ? { tokenHash } : {}),
    verifier: new SecretVerifier(context.bcrypt, context.serverSecret, { cacheTtlSeconds: context.cacheTtlSeconds, cacheSize: 4 }),
  };
}
