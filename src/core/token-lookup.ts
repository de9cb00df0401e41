import type { EngineContext } from './context';
import { CoreError } from './errors';
import type { TokenKind, TokenRecord } from './model';
import { looksLikeJwt } from './keys/key-ring';
import { storageId } from './storage-id';
import type { TokenFallbacks } from './fallback';

/**
 * Resolves a presented token to its record, whatever dialect minted it: a JWT is verified
 * (algorithm pinned by the key ring) and found by its `jti`; anything else by its keyed hash.
 */
export class TokenLookup {
  constructor(
    private readonly context: EngineContext,
    private readonly fallbacks?: TokenFallbacks,
  ) {}

  storageId(token: string): string | null {
    const { placement } = this.context.store;
    if (!looksLikeJwt(token)) return storageId(token, placement, this.context.serverSecret);
    // The stored record decides liveness (by the engine's clock); `nbf` against this process's
    // wall clock would refuse tokens another process minted with a clock slightly ahead.
    const claims = this.context.keys.verify(token, { clockTimestamp: this.context.now(), ignoreExpiration: true, ignoreNotBefore: true });
    if (!claims || typeof claims.jti !== 'string') return null;
    return storageId(claims.jti, placement, this.context.serverSecret);
  }

  /** The record, or null when unknown, revoked or of another kind. Expired records are returned. */
  async find(token: string, kind?: TokenKind): Promise<TokenRecord | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192) return null;
    const id = this.storageId(token);
    if (!id) return null;
    const record = await this.context.store.findToken(id);
    if (!record || (kind && record.kind !== kind)) return null;
    return record;
  }

  /** A live token of the given kind, or `invalid_token` / `expired_token`. */
  async require(token: string | undefined, kind: TokenKind = 'access_token'): Promise<TokenRecord> {
    if (token === undefined || token === '') {
      throw new CoreError('invalid_token', 'no token was presented', { reason: 'missing_parameter', parameter: 'access_token' });
    }
    let record = await this.find(token);
    if (!record && kind === 'access_token' && this.fallbacks?.active) record = (await this.fallbacks.resolve(token)) ?? null;
    if (!record || record.kind !== kind) throw new CoreError('invalid_token', 'the token is unknown or revoked', { reason: 'unknown_token' });
    if (record.expiresAt <= this.context.now()) throw new CoreError('expired_token', 'the token has expired');
    return record;
  }
}
