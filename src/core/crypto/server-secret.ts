import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Everything derived from the server secret: the keyed hash that names tokens in the store,
 * the key that seals token values for listings, and the key of the client-secret cache.
 * Each use gets its own HKDF-derived key, so none of them can stand in for another.
 */
export class ServerSecret {
  private readonly tokenKey: Buffer;
  private readonly sealKey: Buffer;
  private readonly cacheKey: Buffer;
  private readonly handleKey: Buffer;
  private readonly purposeKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(secret: string | Buffer) {
    const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    const derive = (label: string) => Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), label, 32));
    this.tokenKey = derive('oauth-dialects token id');
    this.sealKey = derive('oauth-dialects token seal');
    this.cacheKey = derive('oauth-dialects secret cache');
    this.handleKey = derive('oauth-dialects handle id');
    this.purposeKey = derive('oauth-dialects purpose keys');
    this.indexKey = derive('oauth-dialects index key');
  }

  static random(): ServerSecret {
    return new ServerSecret(randomBytes(32));
  }

  /** The keyed hash that names a token (or a JWT's `jti`) in the store: 128 bits, 22 characters. */
  tokenId(token: string): string {
    return createHmac('sha256', this.tokenKey).update(token).digest().subarray(0, 16).toString('base64url');
  }

  /** The keyed hash of a grant's owner (a client id, a username) that names its listing index. */
  ownerKey(kind: 'client' | 'user', value: string): string {
    return createHmac('sha256', this.indexKey).update(`${kind}:${value}`).digest().subarray(0, 16).toString('base64url');
  }

  /** The storage id of a short-lived handle, bound to its purpose. */
  handleId(purpose: string, value: string): string {
    return createHmac('sha256', this.handleKey).update(`${purpose.length}:${purpose}:${value}`).digest('base64url');
  }

  /** A digest of a verified secret, to remember a success without keeping the secret. */
  cacheDigest(...parts: string[]): Buffer {
    const hmac = createHmac('sha256', this.cacheKey);
    for (const part of parts) hmac.update(`${part.length}:${part}`);
    return hmac.digest();
  }

  /** A key of its own for another part of the gateway (sign-in sessions, CSRF tokens, …). */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.purposeKey).update(purpose).digest();
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** Returns null when the value was not sealed with this secret. */
  unseal(sealed: string): string | null {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
