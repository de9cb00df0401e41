import type { RawStore } from '../config/types';
import type { TokenStore } from '../core/store';
import { MemoryStore } from './memory';
import { RedisStore } from './redis/store';

export type { TokenStore } from '../core/store';

/** `memory`, or a Redis store for any redis*:// URL (connection attempted, not awaited to succeed). */
export async function createStore(spec: string | RawStore, nowMs: () => number = Date.now): Promise<TokenStore> {
  const options: RawStore = typeof spec === 'string' ? { url: spec } : spec;
  if (options.url === 'memory') return new MemoryStore(nowMs);
  const store = new RedisStore({
    url: options.url,
    keyPrefix: options.key_prefix ?? 'oauthd:',
    commandTimeoutMs: options.command_timeout_ms ?? 2000,
  });
  await store.connect();
  return store;
}
