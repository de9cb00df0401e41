import Redis from 'ioredis';

/**
 * Deletes every key under a prefix (SCAN MATCH prefix* + DEL) on a single Redis node.
 * For tests and benchmarks that keep their data under a prefix of their own.
 * Returns how many keys were deleted; 0 when Redis cannot be reached.
 */
export async function deleteKeysUnderPrefix(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => undefined);
  let deleted = 0;
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Nothing to clean when Redis is gone.
  } finally {
    client.disconnect();
  }
  return deleted;
}
