import type { GrantPage, Page, TokenRecord } from './model';

/**
 * The storage contracts the flows need, each as narrow as its users. `src/store/` implements
 * them all (memory and Redis); a flow depends only on the part it uses. Every method is safe
 * to call from many processes at once. Expiry is the store's job (TTLs): nothing sweeps.
 */

/** Who owns a grant, as keyed hashes of the client id and the username: what its listing indexes are keyed by. */
export interface GrantOwner {
  clientKey: string;
  userKey?: string;
}

/** Which grants to list: every grant of some clients, or a user's (of one client). */
export type GrantQuery = { clientKeys: readonly string[] } | { userKey: string; clientKey?: string };

export type SaveOutcome = 'saved' | 'revoked';

export type RedeemOutcome =
  /** The token was consumed and its replacements saved, in one atomic step. */
  | { status: 'redeemed'; record: TokenRecord }
  /** It had been consumed before: the whole family is now dead, replacements included. */
  | { status: 'reused'; record: TokenRecord }
  /** The grant was revoked before: nothing was saved. */
  | { status: 'revoked' }
  | { status: 'missing' };

/**
 * Where a store keeps a grant. A clustered store keeps every key of one grant on one shard,
 * so grant writes stay atomic; the bucket of a token is a function of its value (of a JWT's
 * `jti`), so a lookup needs nothing but the token. A grant's id is its first token's id, and
 * the minter draws each later token until it falls in the grant's bucket.
 */
export interface TokenPlacement {
  /** How many buckets there are; 1 means any token may join any grant. */
  readonly buckets: number;
  /** The bucket of a token, from the string its storage id is made of. */
  bucketOf(source: string): number;
}

/** Tokens and the grants (families) they belong to: the authorization, refresh and revocation flows. */
export interface GrantStore {
  readonly placement: TokenPlacement;
  /**
   * Adds tokens (all of one grant) and indexes the grant under its owner, in one atomic step.
   * A revoked grant takes nothing new: `revoked`. `lookupKey` also files the grant under a key
   * of the caller's (Spring's authentication key), for `findGrantByKey`.
   */
  saveTokens(owner: GrantOwner, records: TokenRecord[], options?: { lookupKey?: string }): Promise<SaveOutcome>;
  findToken(id: string): Promise<TokenRecord | null>;
  /**
   * Consumes a single-use token (code, rotated refresh token) and saves what replaces it, as
   * one atomic step: of N concurrent calls exactly one is `redeemed`. A token consumed before
   * is reuse (RFC 6749 §10.5, OAuth 2.0 Security BCP §4.14.2): every token of the grant dies,
   * including any another caller saved meanwhile, and the grant stays revoked while it lives,
   * so a later replay of any spent token is `reused` again.
   */
  redeem(owner: GrantOwner, grantId: string, id: string, now: number, replacements: TokenRecord[]): Promise<RedeemOutcome>;
  /** Deletes tokens of one grant; returns how many existed. */
  removeTokens(owner: GrantOwner, grantId: string, ids: string[]): Promise<number>;
  /** Kills every token of a grant and marks it revoked; returns how many live tokens it had. */
  revokeGrant(owner: GrantOwner, grantId: string): Promise<number>;
  /** The grant's tokens, spent ones included. */
  listGrantTokens(grantId: string): Promise<TokenRecord[]>;
  /** The grant filed under `lookupKey`, if it still lives. */
  findGrantByKey(lookupKey: string): Promise<string | null>;
}

/** Paged listings of live grants (iform `query`, admin views). */
export interface GrantListings {
  /** Grants with live access or refresh tokens, newest expiry first. */
  listGrants(query: GrantQuery, page: Page, now: number): Promise<GrantPage>;
}

/** Small values with an optional TTL: sessions, key material, handles, lock-out counters. */
export interface KeyValueStore {
  putValue(key: string, value: string, ttlSeconds?: number): Promise<void>;
  putValueIfAbsent(key: string, value: string, ttlSeconds?: number): Promise<boolean>;
  getValue(key: string): Promise<string | null>;
  deleteValue(key: string): Promise<void>;
  /** Increments a counter, starting its TTL window on first increment. */
  incrementCounter(key: string, windowSeconds: number): Promise<number>;
}

/** Counters that only go up, handed out in blocks (a token format's sequence numbers). */
export interface SequenceSource {
  /** Reserves `count` consecutive values of the named counter; returns the first. */
  reserveSequence(name: string, count: number): Promise<number>;
}

export interface StoreHealth {
  readonly kind: 'memory' | 'redis';
  /** Throws when the backing service cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Everything a store implements. */
export type TokenStore = GrantStore & GrantListings & KeyValueStore & SequenceSource & StoreHealth;

/** Seconds until the store may forget a record (at least 1). */
export function ttlOf(record: TokenRecord, now: number): number {
  return Math.max(1, Math.ceil((record.retainUntil ?? record.expiresAt) - now));
}
