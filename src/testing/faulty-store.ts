import { CoreError } from '../core/errors';
import type { GrantPage, Page, TokenRecord } from '../core/model';
import type { GrantOwner, GrantQuery, RedeemOutcome, SaveOutcome, TokenPlacement, TokenStore } from '../core/store';

/** What an unreachable store throws: the error the Redis store raises for a lost connection. */
function outage(): CoreError {
  return new CoreError('server_unavailable', 'the token store is unavailable', { cause: new Error('store down (scripted fault)') });
}

/**
 * A store that fails every operation while `down()` says so, around the real one: installed only
 * when scripted faults are asked for, so the store's code and the ordinary path are untouched.
 */
export class FaultyStore implements TokenStore {
  constructor(
    private readonly inner: TokenStore,
    private readonly down: () => boolean,
  ) {}

  get kind(): TokenStore['kind'] {
    return this.inner.kind;
  }

  get placement(): TokenPlacement {
    return this.inner.placement;
  }

  private guard<T>(call: () => Promise<T>): Promise<T> {
    return this.down() ? Promise.reject(outage()) : call();
  }

  saveTokens(owner: GrantOwner, records: TokenRecord[], options?: { lookupKey?: string }): Promise<SaveOutcome> {
    return this.guard(() => this.inner.saveTokens(owner, records, options));
  }

  findToken(id: string): Promise<TokenRecord | null> {
    return this.guard(() => this.inner.findToken(id));
  }

  redeem(owner: GrantOwner, grantId: string, id: string, now: number, replacements: TokenRecord[]): Promise<RedeemOutcome> {
    return this.guard(() => this.inner.redeem(owner, grantId, id, now, replacements));
  }

  removeTokens(owner: GrantOwner, grantId: string, ids: string[]): Promise<number> {
    return this.guard(() => this.inner.removeTokens(owner, grantId, ids));
  }

  revokeGrant(owner: GrantOwner, grantId: string): Promise<number> {
    return this.guard(() => this.inner.revokeGrant(owner, grantId));
  }

  listGrantTokens(grantId: string): Promise<TokenRecord[]> {
    return this.guard(() => this.inner.listGrantTokens(grantId));
  }

  findGrantByKey(lookupKey: string): Promise<string | null> {
    return this.guard(() => this.inner.findGrantByKey(lookupKey));
  }

  listGrants(query: GrantQuery, page: Page, now: number): Promise<GrantPage> {
    return this.guard(() => this.inner.listGrants(query, page, now));
  }

  putValue(key: string, value: string, ttlSeconds?: number): Promise<void> {
    return this.guard(() => this.inner.putValue(key, value, ttlSeconds));
  }

  putValueIfAbsent(key: string, value: string, ttlSeconds?: number): Promise<boolean> {
    return this.guard(() => this.inner.putValueIfAbsent(key, value, ttlSeconds));
  }

  getValue(key: string): Promise<string | null> {
    return this.guard(() => this.inner.getValue(key));
  }

  deleteValue(key: string): Promise<void> {
    return this.guard(() => this.inner.deleteValue(key));
  }

  incrementCounter(key: string, windowSeconds: number): Promise<number> {
    return this.guard(() => this.inner.incrementCounter(key, windowSeconds));
  }

  reserveSequence(name: string, count: number): Promise<number> {
    return this.guard(() => this.inner.reserveSequence(name, count));
  }

  ping(): Promise<void> {
    return this.guard(() => this.inner.ping());
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
