import type { GrantPage, Page, TokenRecord } from '../core/model';
import type { GrantOwner, GrantQuery, RedeemOutcome, SaveOutcome, TokenPlacement, TokenStore } from '../core/store';

interface Expiring<T> {
  value: T;
  expiresAt: number; // epoch ms; Infinity when no TTL
}

interface GrantEntry {
  members: Set<string>;
  revoked: boolean;
  owner: GrantOwner;
  expiresAt: number; // epoch ms: the longest-kept member's
}

/** One process keeps everything: any token may join any grant. */
const SINGLE_BUCKET: TokenPlacement = { buckets: 1, bucketOf: () => 0 };

/**
 * The embedded default store. Single-process only: every operation runs to completion on
 * the event loop, which is what makes redemption atomic here.
 */
export class MemoryStore implements TokenStore {
  readonly kind = 'memory' as const;
  readonly placement = SINGLE_BUCKET;
  private readonly tokens = new Map<string, Expiring<TokenRecord>>();
  private readonly grants = new Map<string, GrantEntry>();
  private readonly lookupKeys = new Map<string, Expiring<string>>();
  private readonly values = new Map<string, Expiring<string>>();
  private readonly sequences = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly nowMs: () => number = Date.now, sweepIntervalMs = 30_000) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  async saveTokens(owner: GrantOwner, records: TokenRecord[], options: { lookupKey?: string } = {}): Promise<SaveOutcome> {
    if (records.length === 0) return 'saved';
    const grant = this.liveGrant(records[0].grantId);
    if (grant?.revoked) return 'revoked';
    this.store(owner, records);
    if (options.lookupKey !== undefined) {
      this.lookupKeys.set(options.lookupKey, { value: records[0].grantId, expiresAt: this.grants.get(records[0].grantId)!.expiresAt });
    }
    return 'saved';
  }

  async findToken(id: string): Promise<TokenRecord | null> {
    const record = this.live(this.tokens, id);
    return record ? structuredClone(record) : null;
  }

  async redeem(owner: GrantOwner, grantId: string, id: string, now: number, replacements: TokenRecord[]): Promise<RedeemOutcome> {
    const record = this.live(this.tokens, id);
    if (!record || record.grantId !== grantId) return { status: 'missing' };
    const grant = this.liveGrant(grantId);
    if (grant?.revoked && record.consumedAt === undefined) return { status: 'revoked' };
    if (record.consumedAt !== undefined) {
      this.kill(grantId, true);
      return { status: 'reused', record: structuredClone(record) };
    }
    record.consumedAt = now;
    this.store(owner, replacements);
    return { status: 'redeemed', record: structuredClone(record) };
  }

  async removeTokens(_owner: GrantOwner, grantId: string, ids: string[]): Promise<number> {
    const grant = this.liveGrant(grantId);
    let removed = 0;
    for (const id of ids) {
      const record = this.live(this.tokens, id);
      if (!record || record.grantId !== grantId) continue;
      this.tokens.delete(id);
      grant?.members.delete(id);
      if (record.consumedAt === undefined) removed++;
    }
    return removed;
  }

  async revokeGrant(_owner: GrantOwner, grantId: string): Promise<number> {
    return this.kill(grantId, false);
  }

  async listGrantTokens(grantId: string): Promise<TokenRecord[]> {
    const grant = this.liveGrant(grantId);
    if (!grant) return [];
    const records: TokenRecord[] = [];
    for (const id of grant.members) {
      const record = this.live(this.tokens, id);
      if (record) records.push(structuredClone(record));
    }
    return records;
  }

  async findGrantByKey(lookupKey: string): Promise<string | null> {
    const grantId = this.live(this.lookupKeys, lookupKey);
    if (grantId === undefined) return null;
    const grant = this.liveGrant(grantId);
    return grant && !grant.revoked ? grantId : null;
  }

  async listGrants(query: GrantQuery, page: Page, now: number): Promise<GrantPage> {
    const matches: Array<{ grantId: string; expiresAt: number }> = [];
    const wanted = (owner: GrantOwner) =>
      'clientKeys' in query
        ? query.clientKeys.includes(owner.clientKey)
        : owner.userKey === query.userKey && (query.clientKey === undefined || owner.clientKey === query.clientKey);
    for (const [grantId, grant] of this.grants) {
      if (grant.revoked || !wanted(grant.owner)) continue;
      let expiresAt = 0;
      for (const id of grant.members) {
        const record = this.live(this.tokens, id);
        if (record && record.consumedAt === undefined && record.kind !== 'authorization_code') expiresAt = Math.max(expiresAt, record.expiresAt);
      }
      if (expiresAt > now) matches.push({ grantId, expiresAt });
    }
    matches.sort((a, b) => b.expiresAt - a.expiresAt || (a.grantId < b.grantId ? -1 : 1));
    return { total: matches.length, grantIds: matches.slice(page.offset, page.offset + page.limit).map((m) => m.grantId) };
  }

  async reserveSequence(name: string, count: number): Promise<number> {
    const first = (this.sequences.get(name) ?? 0) + 1;
    this.sequences.set(name, first + count - 1);
    return first;
  }

  async putValue(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.values.set(key, { value, expiresAt: this.expiry(ttlSeconds) });
  }

  async putValueIfAbsent(key: string, value: string, ttlSeconds?: number): Promise<boolean> {
    if (this.live(this.values, key) !== undefined) return false;
    await this.putValue(key, value, ttlSeconds);
    return true;
  }

  async getValue(key: string): Promise<string | null> {
    return this.live(this.values, key) ?? null;
  }

  async deleteValue(key: string): Promise<void> {
    this.values.delete(key);
  }

  async incrementCounter(key: string, windowSeconds: number): Promise<number> {
    const current = this.live(this.values, key);
    if (current === undefined) {
      await this.putValue(key, '1', windowSeconds);
      return 1;
    }
    const next = Number(current) + 1;
    this.values.get(key)!.value = String(next);
    return next;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  /**
   * Forgets every token, grant and value (lock-out counters, sessions, handles) at once, as a
   * test does between cases. Sequences are kept: numbers already handed out stay unique.
   */
  clear(): void {
    this.tokens.clear();
    this.grants.clear();
    this.lookupKeys.clear();
    this.values.clear();
  }

  private store(owner: GrantOwner, records: TokenRecord[]): void {
    for (const record of records) {
      const expiresAt = (record.retainUntil ?? record.expiresAt) * 1000;
      this.tokens.set(record.id, { value: structuredClone(record), expiresAt });
      let grant = this.liveGrant(record.grantId);
      if (!grant) {
        grant = { members: new Set(), revoked: false, owner, expiresAt };
        this.grants.set(record.grantId, grant);
      }
      grant.members.add(record.id);
      grant.expiresAt = Math.max(grant.expiresAt, expiresAt);
    }
  }

  /** Every live token of the grant dies; spent ones stay as evidence when `keepSpent`. */
  private kill(grantId: string, keepSpent: boolean): number {
    const grant = this.liveGrant(grantId);
    if (!grant) return 0;
    let killed = 0;
    for (const id of grant.members) {
      const record = this.live(this.tokens, id);
      if (!record) continue;
      if (record.consumedAt === undefined) killed++;
      else if (keepSpent) continue;
      this.tokens.delete(id);
      grant.members.delete(id);
    }
    grant.revoked = true;
    return killed;
  }

  private liveGrant(grantId: string): GrantEntry | undefined {
    const grant = this.grants.get(grantId);
    if (grant && grant.expiresAt <= this.nowMs()) {
      this.grants.delete(grantId);
      return undefined;
    }
    return grant;
  }

  private expiry(ttlSeconds?: number): number {
    return ttlSeconds === undefined ? Infinity : this.nowMs() + ttlSeconds * 1000;
  }

  private live<T>(map: Map<string, Expiring<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.nowMs()) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  private sweep(): void {
    for (const map of [this.tokens, this.values, this.lookupKeys] as Array<Map<string, Expiring<unknown>>>) {
      for (const key of map.keys()) this.live(map, key);
    }
    for (const [grantId, grant] of this.grants) {
      if (!this.liveGrant(grantId)) continue;
      for (const id of grant.members) if (!this.tokens.has(id)) grant.members.delete(id);
    }
  }
}
