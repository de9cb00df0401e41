import type { TokenEngine } from '../core/engine';
import { isCoreError } from '../core/errors';
import { AdminError, bearerChallenge } from './errors';
import type { AdminSettings } from './settings';

/** Who is calling: an access token's client (and user), or the operators' configured admin token. */
export type AdminPrincipal = { via: 'access_token'; clientId: string; username?: string } | { via: 'admin_token' };

/** RFC 6750 §2.1: `Bearer` and a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The id the admin token's remembered verification is filed under, in a cache of its own. */
const ADMIN_TOKEN_ID = 'admin-token';

const unauthenticated = () =>
  new AdminError(401, 'unauthorized', 'a bearer token is required', { 'WWW-Authenticate': bearerChallenge() });

const invalidToken = () =>
  new AdminError(401, 'invalid_token', 'the token is unknown, expired or revoked', {
    'WWW-Authenticate': bearerChallenge('invalid_token', 'the token is unknown, expired or revoked'),
  });

/**
 * Authenticates a caller of the admin API. A bearer access token, from any dialect, is checked
 * by the engine (so a revoked or expired one fails) and must have been granted the admin scope
 * to a client that still holds it; a value the engine does not know may be the configured
 * admin token, checked with bcrypt on the worker threads and remembered once verified.
 */
export class AdminAuth {
  constructor(
    private readonly engine: TokenEngine,
    private readonly settings: AdminSettings,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AdminPrincipal> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) throw unauthenticated();
    const record = await this.engine.verify(token, 'access_token').catch((error: unknown) => {
      if (isCoreError(error) && (error.code === 'invalid_token' || error.code === 'expired_token')) return null;
      throw error;
    });
    if (record) {
      const client = this.engine.directory.client(record.clientId);
      if (!record.scope.includes(this.settings.scope) || !client?.scopes.includes(this.settings.scope)) {
        throw new AdminError(403, 'insufficient_scope', `the token lacks the ${this.settings.scope} scope`, {
          'WWW-Authenticate': bearerChallenge('insufficient_scope', 'the token lacks the admin scope', this.settings.scope),
        });
      }
      return { via: 'access_token', clientId: record.clientId, ...(record.subject.username !== undefined ? { username: record.subject.username } : {}) };
    }
    if (this.settings.tokenHash !== undefined && (await this.settings.verifier.verifyClientSecret(ADMIN_TOKEN_ID, token, this.settings.tokenHash))) {
      return { via: 'admin_token' };
    }
    throw invalidToken();
  }
}

/** How an audit line names the caller: never a token. */
export function describePrincipal(principal: AdminPrincipal): string {
  if (principal.via === 'admin_token') return 'the configured admin token';
  return principal.username === undefined ? `client ${principal.clientId}` : `client ${principal.clientId} for user ${principal.username}`;
}
