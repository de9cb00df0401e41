import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { deleteKeysUnderPrefix } from '../../src/store/redis/maintenance';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUIRED = process.env.REQUIRE_REDIS === '1';

/** Whether a Redis server answers at REDIS_URL. */
export async function redisAnswers(url = REDIS_URL): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * `describe` for suites that need Redis (the global setup probed it once). Without a server
 * they are reported as not run (todo) with a message, unless REQUIRE_REDIS=1: then they fail.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (process.env.OAUTHD_REDIS_AVAILABLE === '1') {
    describe(name, body);
  } else if (REQUIRED) {
    describe(name, () => {
      it('needs Redis', () => {
        throw new Error(`REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
      });
    });
  } else {
    process.stderr.write(`SKIPPED "${name}": no Redis at ${REDIS_URL} (set REDIS_URL, or REQUIRE_REDIS=1 to make this fail)\n`);
    // Listed as not run (todo) in the report, never counted as passing.
    describe(name, () => {
      it.todo(`needs Redis at ${REDIS_URL}`);
    });
  }
}

/** A key prefix of its own for one test run, so runs never see each other's data. */
export function uniquePrefix(label: string): string {
  return `oauthd-test:${label}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under a prefix. */
export async function dropPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  await deleteKeysUnderPrefix(url, prefix);
}
