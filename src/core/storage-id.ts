import type { ServerSecret } from './crypto/server-secret';
import type { TokenPlacement } from './store';

/** base64url's alphabet: the first character of a storage id names its bucket. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BUCKET_OF_CHAR = new Map([...ALPHABET].map((c, i) => [c, i]));

/**
 * A token's bucket: FNV-1a of the string its id is made of. Not a secret (the keyed hash is
 * what names the record); cheap, because a grant's later tokens are drawn until one matches.
 */
export function placementBucket(source: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
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
