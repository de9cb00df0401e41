import type { GrantPage, Page } from '../../core/model';
import type { GrantQuery } from '../../core/store';
import { bucketOfId } from '../../core/storage-id';
import type { RedisClient } from './connection';
import { BUCKETS, keys } from './layout';

interface Entry {
  grantId: string;
  expiresAt: number;
}

function byExpiryThenId(a: Entry, b: Entry): number {
  return b.expiresAt - a.expiresAt || (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0);
}

function entriesOf(flat: string[]): Entry[] {
  const entries: Entry[] = [];
  for (let i = 0; i < flat.length; i += 2) entries.push({ grantId: flat[i], expiresAt: Number(flat[i + 1]) });
  return entries;
}

/** Live entries of each index key (at most `limit` of each, newest expiry first), and how many each holds. */
async function readIndexes(client: RedisClient, indexKeys: string[], now: number, limit?: number): Promise<{ total: number; entries: Entry[] }> {
  const live = `(${now}`;
  const reads = indexKeys.map((key) =>
    Promise.all([
      client.zcount(key, live, '+inf'),
      limit === undefined
        ? client.zrevrangebyscore(key, '+inf', live, 'WITHSCORES')
        : client.zrevrangebyscore(key, '+inf', live, 'WITHSCORES', 'LIMIT', 0, limit),
    ]),
  );
  let total = 0;
  const entries: Entry[] = [];
  for (const [count, flat] of await Promise.all(reads)) {
    total += count;
    entries.push(...entriesOf(flat));
  }
  return { total, entries };
}

const everyBucket = (key: (bucket: number) => string) => Array.from({ length: BUCKETS }, (_, bucket) => key(bucket));

/**
 * A page of live grants from the bucketed indexes: each bucket's index is read up to the end
 * of the page and the buckets merged, so paging is exact (deep pages cost more, as in any
 * merge of sorted lists).
 */
export async function listFromIndexes(client: RedisClient, query: GrantQuery, page: Page, now: number): Promise<GrantPage> {
  const end = page.offset + page.limit;
  if ('clientKeys' in query) {
    const indexKeys = query.clientKeys.flatMap((clientKey) => everyBucket((bucket) => keys.clientIndex(bucket, clientKey)));
    const { total, entries } = await readIndexes(client, indexKeys, now, end);
    return { total, grantIds: entries.sort(byExpiryThenId).slice(page.offset, end).map((e) => e.grantId) };
  }
  const { userKey, clientKey } = query;
  const read = await readIndexes(client, everyBucket((bucket) => keys.userIndex(bucket, userKey)), now, clientKey === undefined ? end : undefined);
  let { total, entries } = read;
  if (clientKey !== undefined) {
    const scores = await Promise.all(entries.map((e) => client.zscore(keys.clientIndex(bucketOfId(e.grantId) % BUCKETS, clientKey), e.grantId)));
    entries = entries.filter((_, i) => scores[i] !== null);
    total = entries.length;
  }
  return { total, grantIds: entries.sort(byExpiryThenId).slice(page.offset, end).map((e) => e.grantId) };
}
