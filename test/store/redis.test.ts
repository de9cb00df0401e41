import { RedisStore } from '../../src/store/redis';
import type { TokenStore } from '../../src/store/token-store';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { storeContract } from './contract';
import Redis from 'ioredis';

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

  it('keeps every key of a grant on one cluster slot and never stores the token id in clear', async () => {
    const prefix = uniquePrefix('layout');
    const store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 2000 });
    await store.connect();
    const raw = new Redis(REDIS_URL);
    try {
      const now = Math.floor(Date.now() / 1000);
      const base = { clientId: 'c', subject: { type: 'user' as const, id: 'u', username: 'alice' }, scope: [], grantType: 'password', format: 'opaque', issuedAt: now, expiresAt: now + 60 };
      await store.saveTokens([
        { ...base, kind: 'access_token', id: 'hash-a', grantId: 'G1' },
        { ...base, kind: 'refresh_token', id: 'hash-r', grantId: 'G1' },
      ]);
      await store.consumeToken('G1', 'hash-r', now);
      const keys = await raw.keys(`${prefix}g:*`);
      expect(keys.length).toBeGreaterThanOrEqual(4);
      expect(keys.every((k) => k.includes('{G1}'))).toBe(true);
      const ttl = await raw.ttl(`${prefix}g:{G1}:t:hash-a`);
      expect(ttl).toBeGreaterThan(50);
      expect(ttl).toBeLessThanOrEqual(60);
    } finally {
      raw.disconnect();
      await store.close();
      await dropPrefix(prefix);
    }
  });

  it('keeps only live grants in its listing indexes, even when nobody lists them', async () => {
    const prefix = uniquePrefix('index');
    const store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 2000 });
    await store.connect();
    const raw = new Redis(REDIS_URL);
    try {
      const now = Math.floor(Date.now() / 1000);
      const base = { kind: 'access_token' as const, clientId: 'cc', subject: { type: 'client' as const, id: 'cc' }, scope: [], grantType: 'client_credentials', format: 'opaque', issuedAt: now - 100 };
      await store.saveTokens([{ ...base, id: 'old', grantId: 'OLD', expiresAt: now - 10, retainUntil: now + 60 }]);
      await store.saveTokens([{ ...base, id: 'new', grantId: 'NEW', expiresAt: now + 60 }]);
      expect(await raw.zrange(`${prefix}ix:client:cc`, 0, -1)).toEqual(['NEW']);
      expect(await raw.zrange(`${prefix}ix:all`, 0, -1)).toEqual(['NEW']);
    } finally {
      raw.disconnect();
      await store.close();
      await dropPrefix(prefix);
    }
  });
});
