import type { ServerSecret } from './crypto/server-secret';
import type { TokenPlacement } from './store';

/** base64url's alphabet: the first character of a storage id names its bucket. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BUCKET_OF_CHAR = new Map([...ALPHABET].map((c, i) => [c, i]));

/**
 * A token's bucket: FNV-1a of the string its id is made of. Not a secret (the keyed hash is
 * what names the record); cheap, because a grant's later tokens are drawn until one matches.
 * The 8th character is left out so that a v1 UUID and its successor in `time_low` (IBPS's
 * access/refresh pair) share a bucket; every other format has entropy to spare elsewhere.
 */
export function placementBucket(source: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    if (i === 7) continue;
    hash ^= source.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

/** The storage id of a token value (or a JWT's `jti`): its bucket's character, then its keyed hash. */
export function storageId(source: string, placement: TokenPlacement, secret: ServerSecret): string {
  return ALPHABET[placement.bucketOf(source)] + secret.tokenId(source);
}

/** The bucket a storage id (or a grant id, which is its first token's id) names. */
export function bucketOfId(id: string): number {
  return BUCKET_OF_CHAR.get(id[0]) ?? 0;
}
