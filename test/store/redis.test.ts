import Redis from 'ioredis';
import { RedisStore } from '../../src/store/redis/store';
import type { TokenStore } from '../../src/core/store';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import type { TokenRecord } from '../../src/core/model';
import { grantRecords, storeContract } from './contract';

describeWithRedis('Redis store', () => {
  const prefixes = new Map<TokenStore, string>();

  storeContract(
    'redis',
    async () => {
      const prefix = uniquePrefix('store');
      const store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 2000 });
      await store.connect();
      prefixes.set(store, prefix);
      return store;
    },
    async (store) => {
      await store.close();
      await dropPrefix(prefixes.get(store)!);
    },
  );

  describe('key layout', () => {
    let prefix: string;
    let store: RedisStore;
    let raw: Redis;
    beforeEach(async () => {
      prefix = uniquePrefix('layout');
      store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 2000 });
      await store.connect();
      raw = new Redis(REDIS_URL);
    });
    afterEach(async () => {
      raw.disconnect();
      await store.close();
      await dropPrefix(prefix);
    });

    it('keeps every key of a grant on one cluster slot, under the schema version, naming no client, user or token', async () => {
      const [access, refresh] = grantRecords(store, ['access_token', 'refresh_token'], { clientId: 'web-app' });
      await store.saveTokens({ clientKey: 'CLIENTKEY', userKey: 'USERKEY' }, [access, refresh]);
      await store.redeem({ clientKey: 'CLIENTKEY', userKey: 'USERKEY' }, access.grantId, refresh.id, Math.floor(Date.now() / 1000), []);
      const stored = (await raw.keys(`${prefix}*`)).map((k) => k.slice(prefix.length)).sort();
      expect(stored).toHaveLength(5); // two tokens, the grant's members, two indexes
      for (const name of stored) {
        expect(name.startsWith('v2:')).toBe(true);
        expect(name).not.toMatch(/web-app|alice/);
      }
      const tags = new Set(stored.map((name) => /\{([^}]+)\}/.exec(name)![1]));
      expect(tags.size).toBe(1);
      const ttl = await raw.ttl(`${prefix}v2:t{${[...tags][0]}}${access.id}`);
      expect(ttl).toBeGreaterThan(50);
      expect(ttl).toBeLessThanOrEqual(60);
    });

    it('keeps a grant of one token in one key and one index entry', async () => {
      const [only] = grantRecords(store, ['access_token'], { subject: { type: 'client', id: 'client-a' }, grantType: 'client_credentials' });
      await store.saveTokens({ clientKey: 'CLIENTKEY' }, [only]);
      const stored = (await raw.keys(`${prefix}*`)).map((k) => k.slice(prefix.length)).sort();
      expect(stored.map((name) => name[3])).toEqual(['c', 't']);
    });

    it('drops expired grants from its listing indexes as they are written, even when nobody lists them', async () => {
      const now = Math.floor(Date.now() / 1000);
      const inBucket = (overrides: Partial<TokenRecord>) => {
        const [record] = grantRecords(store, ['access_token'], overrides);
        const id = `A${record.id.slice(1)}`;
        return { ...record, id, grantId: id };
      };
      const old = inBucket({ issuedAt: now - 100, expiresAt: now - 10, retainUntil: now + 60 });
      await store.saveTokens({ clientKey: 'K' }, [old]);
      // Trimming runs on a sample of writes (1 in 16): 300 writes all skip it with probability 4e-9.
      const fresh = Array.from({ length: 300 }, () => inBucket({}));
      for (const record of fresh) await store.saveTokens({ clientKey: 'K' }, [record]);
      const [index] = await raw.keys(`${prefix}v2:c*`);
      const members = await raw.zrange(index, 0, -1);
      expect(members).toHaveLength(300);
      expect(members).not.toContain(old.grantId);
    });
  });
});
