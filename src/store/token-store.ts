import type { ConsumeOutcome, GrantFilter, GrantPage, Page, TokenRecord } from '../core/model';

/**
 * The only persistence seam. Every method is safe to call from many processes at once;
 * `consumeToken` is the one compare-and-set the engine relies on for single-use tokens.
 * Expiry is the store's job (TTLs), so nothing needs a sweeper.
 */
export interface TokenStore {
  readonly kind: 'memory' | 'redis';

  /** Adds tokens (all of one grant) and indexes the grant by client and user. */
  saveTokens(records: TokenRecord[]): Promise<void>;
  findToken(id: string): Promise<TokenRecord | null>;
  /** Atomically marks a single-use token as used; N concurrent calls → one `consumed`. */
  consumeToken(grantId: string, id: string, now: number): Promise<ConsumeOutcome>;
  /** Deletes tokens of one grant; returns how many existed. */
  removeTokens(grantId: string, ids: string[]): Promise<number>;
  /** Deletes every token of a grant (family revocation); returns how many existed. */
  revokeGrant(grantId: string): Promise<number>;
  listGrantTokens(grantId: string): Promise<TokenRecord[]>;
  /** Grants with live tokens, newest expiry first. */
  listGrants(filter: GrantFilter, page: Page, now: number): Promise<GrantPage>;

  /** A counter that only goes up (CAS ticket sequence numbers). */
  nextSequence(name: string): Promise<number>;
  /** Small values with an optional TTL: sessions, key material, lock-out counters. */
  putValue(key: string, value: string, ttlSeconds?: number): Promise<void>;
  putValueIfAbsent(key: string, value: string, ttlSeconds?: number): Promise<boolean>;
  getValue(key: string): Promise<string | null>;
  deleteValue(key: string): Promise<void>;
  /** Increments a counter, starting its TTL window on first increment. */
  incrementCounter(key: string, windowSeconds: number): Promise<number>;

  /** Throws when the backing service cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function ttlOf(record: TokenRecord, now: number): number {
  return Math.max(1, Math.ceil((record.retainUntil ?? record.expiresAt) - now));
}
