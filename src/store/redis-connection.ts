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
  /** Upper bound on one command, so a dead Redis becomes an error, not a hang. */
  commandTimeoutMs: number;
}

export type RedisClient = Redis | Cluster;

function hostList(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((entry) => {
    const [host, port] = entry.split(':');
    return { host, port: Number(port || 6379) };
  });
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
  const url = new URL(options.url);
  const rest = decodeURIComponent(url.pathname).replace(/^\//, '');
  const auth = { username: url.username || undefined, password: url.password ? decodeURIComponent(url.password) : undefined };
  switch (url.protocol) {
    case 'redis:':
    case 'rediss:':
      return new Redis(options.url, common);
    case 'redis-sentinel:': {
      const [name, db] = rest.split('/');
      const hosts = options.url.replace(/^redis-sentinel:\/\/([^@]*@)?/, '').split('/')[0];
      return new Redis({ ...common, ...auth, sentinels: hostList(hosts), name, db: db ? Number(db) : 0 });
    }
    case 'redis-cluster:': {
      const hosts = options.url.replace(/^redis-cluster:\/\/([^@]*@)?/, '').split('/')[0];
      return new Cluster(hostList(hosts), {
        keyPrefix: options.keyPrefix,
        redisOptions: { ...common, ...auth, keyPrefix: undefined },
        clusterRetryStrategy: common.retryStrategy,
        lazyConnect: true,
        enableAutoPipelining: true,
      });
    }
    default:
      throw new Error(`unsupported store URL scheme "${url.protocol}"`);
  }
}
