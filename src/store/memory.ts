import type { ConsumeOutcome, GrantFilter, GrantPage, Page, TokenRecord } from '../core/model';
import type { TokenStore } from './token-store';

interface Expiring<T> {
  value: T;
  expiresAt: number; // epoch ms; Infinity when no TTL
}

/**
 * The embedded default store. Single-process only: every operation runs to completion on
 * the event loop, which is what makes `consumeToken` atomic here.
 */
export class MemoryStore implements TokenStore {
  readonly kind = 'memory' as const;
  private readonly tokens = new Map<string, Expiring<TokenRecord>>();
  private readonly grants = new Map<string, Set<string>>();
  private readonly values = new Map<string, Expiring<string>>();
  private readonly sequences = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly nowMs: () => number = Date.now, sweepIntervalMs = 30_000) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  async saveTokens(records: TokenRecord[]): Promise<void> {
    for (const record of records) {
      this.tokens.set(record.id, { value: structuredClone(record), expiresAt: (record.retainUntil ?? record.expiresAt) * 1000 });
      let members = this.grants.get(record.grantId);
      if (!members) this.grants.set(record.grantId, (members = new Set()));
      members.add(record.id);
    }
  }

  async findToken(id: string): Promise<TokenRecord | null> {
    const entry = this.live(this.tokens, id);
    return entry ? structuredClone(entry) : null;
  }

  async consumeToken(grantId: string, id: string, now: number): Promise<ConsumeOutcome> {
    const record = this.live(this.tokens, id);
    if (!record || record.grantId !== grantId) return { status: 'missing' };
    if (record.consumedAt !== undefined) return { status: 'already_consumed', record: structuredClone(record) };
    record.consumedAt = now;
    return { status: 'consumed', record: structuredClone(record) };
  }

  async removeTokens(grantId: string, ids: string[]): Promise<number> {
    let removed = 0;
    const members = this.grants.get(grantId);
    for (const id of ids) {
      const record = this.live(this.tokens, id);
      if (record && record.grantId === grantId) {
        this.tokens.delete(id);
        members?.delete(id);
        removed++;
      }
    }
    if (members && members.size === 0) this.grants.delete(grantId);
    return removed;
  }

  async revokeGrant(grantId: string): Promise<number> {
    const members = this.grants.get(grantId);
    if (!members) return 0;
    return this.removeTokens(grantId, [...members]);
  }

  async listGrantTokens(grantId: string): Promise<TokenRecord[]> {
    const members = this.grants.get(grantId);
    if (!members) return [];
    const records: TokenRecord[] = [];
    for (const id of members) {
      const record = this.live(this.tokens, id);
      if (record) records.push(structuredClone(record));
    }
    return records;
  }

  async listGrants(filter: GrantFilter, page: Page, now: number): Promise<GrantPage> {
    const matches: Array<{ grantId: string; expiresAt: number }> = [];
    for (const [grantId, members] of this.grants) {
      let expiresAt = 0;
      let owner: TokenRecord | undefined;
      for (const id of members) {
        const record = this.live(this.tokens, id);
        if (!record) continue;
        owner = record;
        expiresAt = Math.max(expiresAt, record.expiresAt);
      }
      if (!owner || expiresAt <= now) continue;
      if (filter.clientId !== undefined && owner.clientId !== filter.clientId) continue;
      if (filter.username !== undefined && owner.subject.username !== filter.username) continue;
      matches.push({ grantId, expiresAt });
    }
    matches.sort((a, b) => b.expiresAt - a.expiresAt || a.grantId.localeCompare(b.grantId));
    return {
      total: matches.length,
      grantIds: matches.slice(page.offset, page.offset + page.limit).map((m) => m.grantId),
    };
  }

  async nextSequence(name: string): Promise<number> {
    const next = (this.sequences.get(name) ?? 0) + 1;
    this.sequences.set(name, next);
    return next;
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
    for (const map of [this.tokens, this.values] as Array<Map<string, Expiring<unknown>>>) {
      for (const key of map.keys()) this.live(map, key);
    }
    for (const [grantId, members] of this.grants) {
      for (const id of members) if (!this.tokens.has(id)) members.delete(id);
      if (members.size === 0) this.grants.delete(grantId);
    }
  }
}
