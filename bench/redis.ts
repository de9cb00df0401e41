/** The bench's Redis: checked before the run, cleared of the gateway's keys after it. */
import Redis from 'ioredis';
import { deleteKeysUnderPrefix } from '../src/store/redis-maintenance';

/** The gateway starts even without Redis (and answers 503s): check first, so the failure is clear. */
export async function requireRedis(url: string): Promise<void> {
  try {
    await ping(url);
  } catch (error) {
    throw new Error(`no Redis answers at ${url} (${(error as Error).message}); start one or set REDIS_URL`);
  }
}

/**
 * Deletes every key under the prefix and returns how many. The shared helper returns 0 instead
 * of throwing when Redis is unreachable, so a ping afterwards makes that case throw: keys left
 * behind must fail the run.
 */
export async function deleteBenchKeys(url: string, prefix: string): Promise<number> {
  const deleted = await deleteKeysUnderPrefix(url, prefix);
  await ping(url);
  return deleted;
}

async function ping(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, commandTimeout: 5000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}
