import type { ConsumeOutcome, GrantFilter, GrantPage, Page, TokenRecord } from '../core/model';
import { CoreError } from '../core/errors';
import type { TokenStore } from './token-store';
import { ttlOf } from './token-store';
import { createRedisClient, type RedisClient, type RedisConnectionOptions } from './redis-connection';
import { CONSUME_TOKEN, REMOVE_TOKENS, SAVE_TOKENS } from './redis-scripts';

type ScriptClient = RedisClient & {
  saveTokens(members: string, ...args: Array<string | number>): Promise<number>;
  consumeToken(members: string, id: string, now: number): Promise<[string, string?, string?]>;
  removeTokens(members: string, ...ids: string[]): Promise<[number, string, ...string[]]>;
};

/** Key layout (after the configured prefix). Grant keys share the `{grantId}` hash tag. */
const keys = {
  members: (grantId: string) => `g:{${grantId}}:m`,
  record: (grantId: string, id: string) => `g:{${grantId}}:t:${id}`,
  consumed: (grantId: string, id: string) => `g:{${grantId}}:c:${id}`,
  owner: (grantId: string) => `g:{${grantId}}:o`,
  pointer: (id: string) => `tok:${id}`,
  allGrants: 'ix:all',
  clientGrants: (clientId: string) => `ix:client:${clientId}`,
  userGrants: (username: string) => `ix:user:${username}`,
  sequence: (name: string) => `seq:${name}`,
  value: (key: string) => `kv:${key}`,
};

function ownerOf(record: TokenRecord): string {
  return JSON.stringify([record.clientId, record.subject.username ?? null]);
}

function toUnavailable(error: unknown): never {
  if (error instanceof CoreError) throw error;
  throw new CoreError('server_unavailable', 'the token store is unavailable', { cause: error });
}

export class RedisStore implements TokenStore {
  readonly kind = 'redis' as const;
  private readonly client: ScriptClient;

  constructor(options: RedisConnectionOptions) {
    const client = createRedisClient(options);
    client.defineCommand('saveTokens', { numberOfKeys: 1, lua: SAVE_TOKENS });
    client.defineCommand('consumeToken', { numberOfKeys: 1, lua: CONSUME_TOKEN });
    client.defineCommand('removeTokens', { numberOfKeys: 1, lua: REMOVE_TOKENS });
    // Connection errors surface on commands as `server_unavailable`; the event itself needs no handler beyond this.
    client.on('error', () => undefined);
    this.client = client as ScriptClient;
  }

  /** Connects now; the gateway starts even when Redis is down and recovers when it returns. */
  async connect(): Promise<void> {
    await this.client.connect().catch(() => undefined);
  }

  saveTokens(records: TokenRecord[]): Promise<void> {
    return this.guard(async () => {
      if (records.length === 0) return;
      const grantId = records[0].grantId;
      const now = Date.now() / 1000;
      const args: Array<string | number> = [ownerOf(records[0])];
      for (const record of records) args.push(record.id, JSON.stringify(record), ttlOf(record, now));
      await this.client.saveTokens(keys.members(grantId), ...args);
      const expiry = Math.max(...records.map((r) => r.expiresAt));
      // Pointers and indexes live on other slots: separate commands, batched by auto-pipelining.
      await Promise.all([
        ...records.map((record) => this.client.set(keys.pointer(record.id), grantId, 'EX', ttlOf(record, now))),
        ...this.indexesOf(records[0].clientId, records[0].subject.username).flatMap((index) => [
          this.client.zadd(index, 'GT', expiry, grantId),
          // Trimmed on every write, so an index holds live grants only, even if nobody lists it.
          this.client.zremrangebyscore(index, '-inf', `(${Math.floor(now)}`),
        ]),
      ]);
    });
  }

  findToken(id: string): Promise<TokenRecord | null> {
    return this.guard(async () => {
      const grantId = await this.client.get(keys.pointer(id));
      if (!grantId) return null;
      const [json, consumedAt] = await this.client.mget(keys.record(grantId, id), keys.consumed(grantId, id));
      if (!json) return null;
      const record = JSON.parse(json) as TokenRecord;
      if (consumedAt) record.consumedAt = Number(consumedAt);
      return record;
    });
  }

  consumeToken(grantId: string, id: string, now: number): Promise<ConsumeOutcome> {
    return this.guard(async () => {
      const [status, json, consumedAt] = await this.client.consumeToken(keys.members(grantId), id, now);
      if (status === 'missing' || !json) return { status: 'missing' };
      const record = JSON.parse(json) as TokenRecord;
      record.consumedAt = Number(consumedAt);
      return { status: status === 'consumed' ? 'consumed' : 'already_consumed', record };
    });
  }

  removeTokens(grantId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.remove(grantId, ids);
  }

  revokeGrant(grantId: string): Promise<number> {
    return this.remove(grantId, []);
  }

  listGrantTokens(grantId: string): Promise<TokenRecord[]> {
    return this.guard(async () => {
      const ids = await this.client.smembers(keys.members(grantId));
      if (ids.length === 0) return [];
      const values = await this.client.mget(
        ...ids.flatMap((id) => [keys.record(grantId, id), keys.consumed(grantId, id)]),
      );
      const records: TokenRecord[] = [];
      for (let i = 0; i < ids.length; i++) {
        const json = values[i * 2];
        if (!json) continue;
        const record = JSON.parse(json) as TokenRecord;
        const consumedAt = values[i * 2 + 1];
        if (consumedAt) record.consumedAt = Number(consumedAt);
        records.push(record);
      }
      return records;
    });
  }

  listGrants(filter: GrantFilter, page: Page, now: number): Promise<GrantPage> {
    return this.guard(async () => {
      const index =
        filter.username !== undefined
          ? keys.userGrants(filter.username)
          : filter.clientId !== undefined
            ? keys.clientGrants(filter.clientId)
            : keys.allGrants;
      await this.client.zremrangebyscore(index, '-inf', `(${now}`);
      if (filter.username !== undefined && filter.clientId !== undefined) {
        const all = await this.client.zrevrange(index, 0, -1);
        const owners = await this.ownersOf(all);
        const matching = all.filter((_, i) => owners[i]?.[0] === filter.clientId);
        return { total: matching.length, grantIds: matching.slice(page.offset, page.offset + page.limit) };
      }
      const [total, grantIds] = await Promise.all([
        this.client.zcard(index),
        this.client.zrevrange(index, page.offset, page.offset + page.limit - 1),
      ]);
      return { total, grantIds };
    });
  }

  nextSequence(name: string): Promise<number> {
    return this.guard(() => this.client.incr(keys.sequence(name)));
  }

  putValue(key: string, value: string, ttlSeconds?: number): Promise<void> {
    return this.guard(async () => {
      if (ttlSeconds === undefined) await this.client.set(keys.value(key), value);
      else await this.client.set(keys.value(key), value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    });
  }

  putValueIfAbsent(key: string, value: string, ttlSeconds?: number): Promise<boolean> {
    return this.guard(async () => {
      const result =
        ttlSeconds === undefined
          ? await this.client.set(keys.value(key), value, 'NX')
          : await this.client.set(keys.value(key), value, 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX');
      return result === 'OK';
    });
  }

  getValue(key: string): Promise<string | null> {
    return this.guard(() => this.client.get(keys.value(key)));
  }

  deleteValue(key: string): Promise<void> {
    return this.guard(async () => {
      await this.client.del(keys.value(key));
    });
  }

  incrementCounter(key: string, windowSeconds: number): Promise<number> {
    return this.guard(async () => {
      const results = await this.exec(
        this.client.multi().incr(keys.value(key)).expire(keys.value(key), Math.max(1, Math.ceil(windowSeconds)), 'NX'),
      );
      return Number(results[0]);
    });
  }

  ping(): Promise<void> {
    return this.guard(async () => {
      await this.client.ping();
    });
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }

  private async remove(grantId: string, ids: string[]): Promise<number> {
    return this.guard(async () => {
      const [removed, owner, ...removedIds] = await this.client.removeTokens(keys.members(grantId), ...ids);
      const cleanups: Array<Promise<unknown>> = removedIds.map((id) => this.client.del(keys.pointer(id)));
      if (owner) {
        const [clientId, username] = JSON.parse(owner) as [string, string | null];
        for (const index of this.indexesOf(clientId, username ?? undefined)) cleanups.push(this.client.zrem(index, grantId));
      }
      await Promise.all(cleanups);
      return Number(removed);
    });
  }

  private indexesOf(clientId: string, username: string | undefined): string[] {
    const indexes = [keys.allGrants, keys.clientGrants(clientId)];
    if (username !== undefined) indexes.push(keys.userGrants(username));
    return indexes;
  }

  private async ownersOf(grantIds: string[]): Promise<Array<[string, string | null] | null>> {
    if (grantIds.length === 0) return [];
    const results = await Promise.all(grantIds.map((grantId) => this.client.get(keys.owner(grantId))));
    return results.map((value) => (value ? (JSON.parse(value) as [string, string | null]) : null));
  }

  private async exec(batch: { exec(): Promise<Array<[Error | null, unknown]> | null> }): Promise<unknown[]> {
    const results = (await batch.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
    return results.map(([, value]) => value);
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      return toUnavailable(error);
    }
  }
}
