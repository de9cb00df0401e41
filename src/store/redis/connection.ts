import Redis, { Cluster, type RedisOptions } from 'ioredis';

/**
 * Where the Redis store connects. URL forms:
 *   redis://[:password@]host:port/db          rediss:// for TLS
 *   redis-sentinel://host:26379,host2:26379/mastername[/db]
 *   redis-cluster://host:7000,host2:7001
 */
export interface RedisConnectionOptions {
  url: string;
  keyPrefix: string;
  /**
   * Upper bound on one store operation from the moment it is called (the store's own deadline),
   * and on each command and connection attempt inside ioredis (its ready check included).
   */
  commandTimeoutMs: number;
}

export type RedisClient = Redis | Cluster;

function hostList(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((entry) => {
    const [host, port] = entry.split(':');
    return { host, port: Number(port || 6379) };
  });
}

/** `scheme://[user[:password]@]h1:p1,h2:p2[/rest]`: WHATWG URLs refuse a host list, so parse by hand. */
function parseMultiHost(url: string): { hosts: string; username?: string; password?: string; rest: string[] } {
  const match = /^redis-(?:sentinel|cluster):\/\/(?:([^@/]*)@)?([^/]+)(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`malformed store URL "${url.replace(/\/\/[^@/]*@/, '//***@')}"`);
  const [, userInfo, hosts, rest] = match;
  const colon = userInfo?.indexOf(':') ?? -1;
  const username = userInfo ? decodeURIComponent(colon >= 0 ? userInfo.slice(0, colon) : userInfo) : undefined;
  const password = userInfo && colon >= 0 ? decodeURIComponent(userInfo.slice(colon + 1)) : undefined;
  return { hosts, username: username || undefined, password, rest: (rest ?? '').split('/').filter(Boolean) };
}

export function createRedisClient(options: RedisConnectionOptions): RedisClient {
  const common: RedisOptions = {
    keyPrefix: options.keyPrefix,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableReadyCheck: true,
    // Keep reconnecting for ever, but never more slowly than every 2 s: recovery is automatic.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    lazyConnect: true,
    enableAutoPipelining: true,
  };
  if (/^rediss?:\/\//.test(options.url)) return new Redis(options.url, common);
  if (options.url.startsWith('redis-sentinel://')) {
    const { hosts, username, password, rest } = parseMultiHost(options.url);
    const [name, db] = rest;
    if (!name) throw new Error('a redis-sentinel:// URL needs the master name: redis-sentinel://h1:26379,h2:26379/mymaster[/db]');
    return new Redis({ ...common, username, password, sentinels: hostList(hosts), name, db: db ? Number(db) : 0 });
  }
  if (options.url.startsWith('redis-cluster://')) {
    const { hosts, username, password } = parseMultiHost(options.url);
    return new Cluster(hostList(hosts), {
      keyPrefix: options.keyPrefix,
      redisOptions: { ...common, username, password, keyPrefix: undefined },
      clusterRetryStrategy: common.retryStrategy,
      lazyConnect: true,
      enableAutoPipelining: true,
    });
  }
  throw new Error(`unsupported store URL "${options.url.split(':')[0]}:"; use redis://, rediss://, redis-sentinel:// or redis-cluster://`);
}
