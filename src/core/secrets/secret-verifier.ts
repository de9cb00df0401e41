import { LRUCache } from 'lru-cache';
import type { BcryptPool } from './bcrypt-pool';
import type { Lane } from './admission';
import { constantTimeEqual, type ServerSecret } from '../crypto/server-secret';

export interface SecretVerifierOptions {
  /** How long a verified client secret is remembered. */
  cacheTtlSeconds: number;
  cacheSize: number;
}

/**
 * Verifies client secrets against bcrypt hashes. A success is remembered as an HMAC of
 * (client id, hash, presented secret) for a bounded time, so a client that authenticates
 * a thousand times a second costs one bcrypt. Failures are never cached. The cache key
 * includes the stored hash, so a changed secret never matches an old entry; `clear()`
 * drops everything when the configuration is reloaded.
 */
export class SecretVerifier {
  private readonly verified: LRUCache<string, Buffer>;
  /** Checks under way, so a burst of requests on a cache miss shares one bcrypt. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly bcrypt: BcryptPool,
    private readonly serverSecret: ServerSecret,
    options: SecretVerifierOptions,
  ) {
    this.verified = new LRUCache({ max: options.cacheSize, ttl: options.cacheTtlSeconds * 1000 });
  }

  /** Whether this secret was verified for this client recently (no bcrypt needed). */
  remembers(clientId: string, presented: string, hash: string): boolean {
    const remembered = this.verified.get(clientId);
    return remembered !== undefined && constantTimeEqual(remembered, this.serverSecret.cacheDigest(clientId, hash, presented));
  }

  async verifyClientSecret(clientId: string, presented: string, hash: string, lane: Lane = 'normal'): Promise<boolean> {
    const digest = this.serverSecret.cacheDigest(clientId, hash, presented);
    const remembered = this.verified.get(clientId);
    if (remembered && constantTimeEqual(remembered, digest)) return true;
    const key = digest.toString('base64');
    let check = this.inFlight.get(key);
    if (!check) {
      check = this.bcrypt.compare(presented, hash, lane).then((ok) => {
        if (ok) this.verified.set(clientId, digest);
        return ok;
      });
      this.inFlight.set(key, check);
      void check.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return check;
  }

  /** User passwords are checked every time: sign-ins are rare and each one should cost. */
  verifyPassword(presented: string, hash: string, lane: Lane = 'normal'): Promise<boolean> {
    return this.bcrypt.compare(presented, hash, lane);
  }

  /** Checks waiting for a bcrypt worker, and running. */
  get load(): { queued: number; active: number } {
    return { queued: this.bcrypt.admission.queued, active: this.bcrypt.admission.active };
  }

  clear(): void {
    this.verified.clear();
  }
}
