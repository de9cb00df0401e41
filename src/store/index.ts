import type { RawStore } from '../config/types';
import type { TokenStore } from '../core/store';
import { MemoryStore } from './memory';
import { RedisStore } from './redis/store';
import type { HealthLog } from './redis/health';

export type { TokenStore } from '../core/store';

/**
 * `memory`, or a Redis store for any redis*:// URL (connection attempted, not awaited to succeed);
 * `log` hears when Redis goes away and comes back.
 */
export async function createStore(spec: string | RawStore, nowMs: () => number = Date.now, log?: HealthLog): Promise<TokenStore> {
  const options: RawStore = typeof spec === 'string' ? { url: spec } : spec;
  if (options.url === 'memory') return new MemoryStore(nowMs);
  const store = new RedisStore({
    url: options.url,
    keyPrefix: options.key_prefix ?? 'oauthd:',
    commandTimeoutMs: options.command_timeout_ms ?? 2000,
    log,
  });
  await store.connect();
  return store;
}
