/** The bench's own redis-server: started on a free loopback port without persistence, stopped at the end. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';

export interface BenchRedis {
  url: string;
  /** A connection of the bench's own, for checks and measurements. */
  client: Redis;
  usedMemory(): Promise<number>;
  keyCount(): Promise<number>;
  /** Empties the bench's own server between phases. */
  flush(): Promise<void>;
  /** Deletes every key under the prefix; returns how many. */
  deleteUnderPrefix(prefix: string): Promise<number>;
  countUnderPrefix(prefix: string): Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

export async function startRedisServer(binary: string): Promise<BenchRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oauthd-bench-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
  const server = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const failedToSpawn = new Promise<never>((_resolve, reject) =>
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? `${binary} not found: install redis-server (apt-get install redis-server) or set BENCH_REDIS_SERVER` : error.message)),
    ),
  );

  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 120_000, retryStrategy: () => null });
  client.on('error', () => undefined);
  const stop = async () => {
    client.disconnect();
    await stopProcess(server, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitUntilAnswering(client, server), failedToSpawn]);
  } catch (error) {
    await stop();
    throw new Error(`could not start ${binary} on port ${port}: ${(error as Error).message}${output ? `\n${output.trim()}` : ''}`);
  }

  return {
    url,
    client,
    usedMemory: async () => Number(/^used_memory:(\d+)/m.exec(await client.info('memory'))?.[1]),
    keyCount: () => client.dbsize(),
    flush: async () => {
      await client.flushall('SYNC');
    },
    deleteUnderPrefix: (prefix) => scanPrefix(client, prefix, (keys) => client.unlink(...keys)),
    countUnderPrefix: (prefix) => scanPrefix(client, prefix, async (keys) => keys.length),
    stop,
  };
}

async function waitUntilAnswering(client: Redis, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`exited with code ${server.exitCode}`);
    try {
      if (client.status === 'wait' || client.status === 'end') await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      client.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** SCAN MATCH prefix* in batches, handing each batch to `each`; returns the sum of what it returns. */
async function scanPrefix(client: Redis, prefix: string, each: (keys: string[]) => Promise<number>): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) total += await each(keys);
  } while (cursor !== '0');
  return total;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
