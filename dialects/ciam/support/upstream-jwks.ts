import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { UpstreamCall } from '../../kit';

/** Fewest seconds between two fetches a key id the set lacks (or a failed fetch) may cause: garbage kids cannot hammer the upstream. */
export const JWKS_REFETCH_INTERVAL = 10;

export interface UpstreamJwksOptions {
  call: UpstreamCall;
  /** The JWKS location: a path under the upstream's `base_url`, or an absolute URL. */
  location: string;
  /** Seconds a fetched set is used before it is fetched again. */
  ttl: number;
  /** Epoch seconds (the engine's clock). */
  now: () => number;
}

/** The set's RSA signing keys by kid; a key for another use or algorithm, or one that does not parse, is left out. */
function keysOf(json: unknown): Map<string, KeyObject> | undefined {
  const list = (json as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(list)) return undefined;
  const keys = new Map<string, KeyObject>();
  for (const jwk of list as Array<Record<string, unknown>>) {
    if (!jwk || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
    if ((jwk.use !== undefined && jwk.use !== 'sig') || (jwk.alg !== undefined && jwk.alg !== 'RS256')) continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' }));
    } catch {
      // not a usable RSA public key
    }
  }
  return keys;
}

/**
 * The upstream's public keys, fetched through the dialect's upstream caller (its timeout) and
 * kept for `ttl` seconds. A kid the fresh set lacks fetches it again (a rotated key), at most
 * once per `JWKS_REFETCH_INTERVAL`; a failed fetch is not retried sooner either, the last set
 * fetched serving meanwhile. Concurrent askers share one fetch.
 */
export class UpstreamJwks {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private refetchAfter = Number.NEGATIVE_INFINITY;
  private retryAfter = Number.NEGATIVE_INFINITY;
  private fetching: Promise<void> | undefined;

  constructor(private readonly options: UpstreamJwksOptions) {}

  /** The public key of `kid`, or undefined (unknown after a permitted refetch, or no set to be had). */
  async key(kid: string): Promise<KeyObject | undefined> {
    const now = this.options.now();
    const fresh = now < this.fetchedAt + this.options.ttl;
    if (fresh && this.keys.has(kid)) return this.keys.get(kid);
    if (now < this.retryAfter) return this.keys.get(kid);
    if (fresh) {
      if (now < this.refetchAfter) return undefined;
      this.refetchAfter = now + JWKS_REFETCH_INTERVAL;
    }
    this.fetching ??= this.fetch().finally(() => (this.fetching = undefined));
    await this.fetching;
    return this.keys.get(kid);
  }

  private async fetch(): Promise<void> {
    const answer = await this.options.call(this.options.location, { headers: { accept: 'application/json' } });
    const keys = answer?.status === 200 ? keysOf(answer.json) : undefined;
    const now = this.options.now();
    if (!keys) {
      this.retryAfter = now + JWKS_REFETCH_INTERVAL;
      return;
    }
    this.keys = keys;
    this.fetchedAt = now;
  }
}
