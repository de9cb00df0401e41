import { CoreError } from '../../core/errors';
import type { GrantPage, Page, TokenRecord } from '../../core/model';
import type { GrantOwner, GrantQuery, RedeemOutcome, SaveOutcome, TokenStore } from '../../core/store';
import { ttlOf } from '../../core/store';
import { bucketOfId } from '../../core/storage-id';
import { decodeRecord, encodeRecord } from './codec';
import { createRedisClient, type RedisClient, type RedisConnectionOptions } from './connection';
import { ConnectionHealth, StoreTimeoutError, type HealthLog } from './health';
import { BUCKETS, keys, REDIS_PLACEMENT, SCHEMA_PREFIX } from './layout';
import { listFromIndexes } from './listing';
import { ISSUE, LIST, REDEEM, REMOVE, REVOKE, SAVE } from './scripts';
import { ServerClock } from './server-clock';

type GrantKeys = [string, string, string, string];
type Args = Array<string | number>;

type ScriptClient = RedisClient & {
  issueGrant(...args: [...GrantKeys, ...Args]): Promise<number>;
  saveGrant(...args: [...GrantKeys, ...Args]): Promise<number>;
  redeemToken(...args: [...GrantKeys, ...Args]): Promise<[string, string?]>;
  revokeGrant(...args: [...GrantKeys, ...Args]): Promise<number>;
  removeTokens(...args: [...GrantKeys, ...Args]): Promise<number>;
  listGrant(...args: [...GrantKeys, ...Args]): Promise<string[]>;
};

/** The share of issuances that also trim their index of expired entries. */
const TRIM_SAMPLE = 1 / 16;

function unavailable(error: unknown): CoreError {
  if (error instanceof CoreError) return error;
  return new CoreError('server_unavailable', 'the token store is unavailable', { cause: error });
}

/** The four keys every grant script gets, and its two leading arguments. */
function grantCall(owner: GrantOwner, grantId: string): [...GrantKeys, string, string] {
  const bucket = bucketOfId(grantId) % BUCKETS;
  const clientIndex = keys.clientIndex(bucket, owner.clientKey);
  const userIndex = owner.userKey !== undefined ? keys.userIndex(bucket, owner.userKey) : clientIndex;
  return [keys.grant(grantId), keys.tokenBase(grantId), clientIndex, userIndex, grantId, owner.userKey !== undefined ? '1' : '0'];
}

/** now, score, indexed, then (id, value, ttl ms) per record. */
function saveArgs(records: TokenRecord[], nowSeconds: number): Args {
  const listed = records.filter((r) => r.kind !== 'authorization_code');
  const score = listed.length > 0 ? Math.max(...listed.map((r) => r.expiresAt)) : 0;
  const args: Args = [Math.floor(nowSeconds), score, listed.length > 0 ? '1' : '0'];
  for (const record of records) args.push(record.id, encodeRecord(record), ttlOf(record, nowSeconds) * 1000);
  return args;
}

/**
 * The Redis store, schema v2 (see layout.ts). Issuing is one script call, a lookup one GET,
 * redeeming a single-use token together with saving its replacements one script call.
 */
export class RedisStore implements TokenStore {
  readonly kind = 'redis' as const;
  readonly placement = REDIS_PLACEMENT;
  private readonly client: ScriptClient;
  private readonly health: ConnectionHealth;
  private readonly deadlineMs: number;
  private readonly serverClock: ServerClock;

  constructor(options: RedisConnectionOptions & { log?: HealthLog }) {
    const client = createRedisClient({ ...options, keyPrefix: options.keyPrefix + SCHEMA_PREFIX });
    client.defineCommand('issueGrant', { numberOfKeys: 4, lua: ISSUE });
    client.defineCommand('saveGrant', { numberOfKeys: 4, lua: SAVE });
    client.defineCommand('redeemToken', { numberOfKeys: 4, lua: REDEEM });
    client.defineCommand('revokeGrant', { numberOfKeys: 4, lua: REVOKE });
    client.defineCommand('removeTokens', { numberOfKeys: 4, lua: REMOVE });
    client.defineCommand('listGrant', { numberOfKeys: 4, lua: LIST });
    // Connection errors surface on commands as `server_unavailable`; the connection's ups and downs are logged once each.
    this.health = new ConnectionHealth(options.log);
    this.health.watch(client);
    this.deadlineMs = options.commandTimeoutMs;
    this.client = client as ScriptClient;
    this.serverClock = new ServerClock(client, options.commandTimeoutMs);
  }

  /** The underlying client, for instrumentation (counting commands) and maintenance. */
  get redis(): RedisClient {
    return this.client;
  }

  /** Connects now; the gateway starts even when Redis is down and recovers when it returns. */
  async connect(): Promise<void> {
    await this.client.connect().catch(() => undefined);
  }

  saveTokens(owner: GrantOwner, records: TokenRecord[], options: { lookupKey?: string } = {}): Promise<SaveOutcome> {
    if (records.length === 0) return Promise.resolve('saved');
    return this.guard(async () => {
      const now = Date.now() / 1000;
      const grantId = records[0].grantId;
      const args = saveArgs(records, now);
      const issuing = records[0].id === grantId;
      // ISSUE reads "indexed" from the score; its third argument is whether to trim instead.
      if (issuing) args[2] = Math.random() < TRIM_SAMPLE ? '1' : '0';
      const saved = issuing ? this.client.issueGrant(...grantCall(owner, grantId), ...args) : this.client.saveGrant(...grantCall(owner, grantId), ...args);
      // Another slot: sent in the same round trip (auto-pipelining), advisory like any cache.
      const filed =
        options.lookupKey !== undefined
          ? this.client.set(keys.lookup(options.lookupKey), grantId, 'PX', Math.max(...records.map((r) => ttlOf(r, now))) * 1000)
          : undefined;
      const [outcome] = await Promise.all([saved, filed]);
      return outcome === 1 ? 'saved' : 'revoked';
    });
  }

  findToken(id: string): Promise<TokenRecord | null> {
    return this.guard(async () => {
      const stored = await this.client.get(keys.token(id));
      return stored === null ? null : decodeRecord(id, stored);
    });
  }

  redeem(owner: GrantOwner, grantId: string, id: string, now: number, replacements: TokenRecord[]): Promise<RedeemOutcome> {
    return this.guard(async () => {
      const args = saveArgs(replacements, Date.now() / 1000);
      const [status, value] = await this.client.redeemToken(...grantCall(owner, grantId), ...args.slice(0, 3), id, now, this.serverClock.notAfter(), ...args.slice(3));
      if (status === 'late') throw new StoreTimeoutError(this.deadlineMs);
      if (status === 'missing' || status === 'revoked') return { status };
      const record = decodeRecord(id, value!);
      return status === 'redeemed' ? { status, record } : { status: 'reused', record };
    });
  }

  removeTokens(owner: GrantOwner, grantId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.guard(() => this.client.removeTokens(...grantCall(owner, grantId), ...ids));
  }

  revokeGrant(owner: GrantOwner, grantId: string): Promise<number> {
    return this.guard(() => this.client.revokeGrant(...grantCall(owner, grantId), Math.floor(Date.now() / 1000)));
  }

  listGrantTokens(grantId: string): Promise<TokenRecord[]> {
    return this.guard(async () => {
      const flat = await this.client.listGrant(...grantCall({ clientKey: '-' }, grantId));
      const records: TokenRecord[] = [];
      for (let i = 0; i < flat.length; i += 2) records.push(decodeRecord(flat[i], flat[i + 1]));
      return records;
    });
  }

  findGrantByKey(lookupKey: string): Promise<string | null> {
    return this.guard(() => this.client.get(keys.lookup(lookupKey)));
  }

  listGrants(query: GrantQuery, page: Page, now: number): Promise<GrantPage> {
    return this.guard(() => listFromIndexes(this.client, query, page, now));
  }

  reserveSequence(name: string, count: number): Promise<number> {
    return this.guard(async () => (await this.client.incrby(keys.sequence(name), count)) - count + 1);
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
      const results = (await this.client.multi().incr(keys.value(key)).expire(keys.value(key), Math.max(1, Math.ceil(windowSeconds)), 'NX').exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
      return Number(results[0][1]);
    });
  }

  ping(): Promise<void> {
    return this.guard(async () => {
      await this.client.ping();
    });
  }

  async close(): Promise<void> {
    this.health.closed();
    this.client.disconnect();
  }

  /**
   * Every operation answers within `commandTimeoutMs` of being called, whatever ioredis does
   * meanwhile: with auto-pipelining a command waits for the pipeline ahead of it to finish before
   * it is even sent, so ioredis's own per-command timeout alone would let it wait twice as long.
   */
  private guard<T>(operation: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const timeout = new StoreTimeoutError(this.deadlineMs);
        this.health.lost('no answer', timeout);
        reject(unavailable(timeout));
      }, this.deadlineMs);
      const answered = (value: T) => {
        clearTimeout(timer);
        this.health.answered();
        resolve(value);
      };
      const failed = (error: unknown) => {
        clearTimeout(timer);
        reject(unavailable(error));
      };
      try {
        operation().then(answered, failed);
      } catch (error) {
        failed(error);
      }
    });
  }
}
