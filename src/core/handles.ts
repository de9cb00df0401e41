import type { EngineContext } from './context';
import { opaque } from './formats/random-formats';

export interface HandleOptions {
  ttlSeconds: number;
  /** How the handle's value looks (default: 43 base64url characters, 256 bits). */
  mint?: () => string;
}

interface StoredHandle {
  payload: Record<string, unknown>;
  expiresAt: number;
}

/**
 * Short-lived opaque handles that carry flow state from one request to the next (a login
 * state, a one-time reference) without being tokens. Each is stored under a keyed hash of its
 * value and purpose, sealed with the server key; a single-use redemption is won by exactly one
 * caller through `putValueIfAbsent`.
 */
export class ShortLivedHandles {
  constructor(private readonly context: EngineContext) {}

  async issue(purpose: string, payload: Record<string, unknown>, options: HandleOptions): Promise<string> {
    const value = (options.mint ?? (() => opaque()))();
    const stored: StoredHandle = { payload, expiresAt: this.context.now() + options.ttlSeconds };
    await this.context.store.putValue(this.key(purpose, value), this.context.serverSecret.seal(JSON.stringify(stored)), options.ttlSeconds);
    return value;
  }

  /** The payload of a live handle, or null when unknown, expired or (single-use) already redeemed. */
  async redeem(purpose: string, value: unknown, options: { singleUse: boolean }): Promise<Record<string, unknown> | null> {
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024) return null;
    const key = this.key(purpose, value);
    const sealed = await this.context.store.getValue(key);
    const opened = sealed ? this.context.serverSecret.unseal(sealed) : null;
    if (!opened) return null;
    const stored = JSON.parse(opened) as StoredHandle;
    const left = stored.expiresAt - this.context.now();
    if (left <= 0) return null;
    if (options.singleUse) {
      if (!(await this.context.store.putValueIfAbsent(`${key}:used`, '1', left))) return null;
      await this.context.store.deleteValue(key);
    }
    return stored.payload;
  }

  private key(purpose: string, value: string): string {
    return `handle:${this.context.serverSecret.handleId(purpose, value)}`;
  }
}
