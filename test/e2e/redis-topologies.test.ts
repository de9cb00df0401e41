import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import request from 'supertest';
import type { Runtime } from '../../src/runtime';
import { createStore } from '../../src/store';
import type { TokenStore } from '../../src/core/store';
import { childEnv } from '../helpers/child-env';
import { startRuntime, testConfig } from '../helpers/gateway';
import { describeWithRedis, uniquePrefix } from '../helpers/redis';
import { grantRecords, storeContract } from '../store/contract';

/**
 * The Redis store on the two topologies besides a single server: a 3-master Redis Cluster and
 * a master behind Sentinel. Every server is this suite's OWN process on a free port, in a
 * temporary directory, without persistence; all of them are killed in afterAll.
 */

const BASIC = `Basic ${Buffer.from('web-app:s3cret').toString('base64')}`;
const SETUP_TIMEOUT_MS = 30_000;

/** Binaries this suite needs and cannot find (the probe runs each with --version). */
const MISSING_BINARIES = ['redis-server', 'redis-cli'].filter((binary) => {
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore', env: childEnv() });
  return probe.error !== undefined || probe.status !== 0;
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Listens on `port` (0: any) on 127.0.0.1, closes, and returns the port; rejects when taken. */
function probePort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A port the OS says is free. With `withBusPort`, port + 10000 (a cluster node's bus port) must
 * be a valid port and free too.
 */
async function freePort(withBusPort = false): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await probePort(0);
    if (!withBusPort) return port;
    if (port + 10000 > 65535) continue;
    if (await probePort(port + 10000).then(() => true, () => false)) return port;
  }
  throw new Error('no free port (with a free cluster bus port) found');
}

/** Runs redis-cli with a time limit; resolves with stdout, rejects with stdout+stderr. */
function redisCli(args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', args, { timeout: timeoutMs, env: childEnv() }, (error, stdout, stderr) => {
      if (error) reject(new Error(`redis-cli ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Polls until `check` resolves true; the last failure or answer is in the timeout error. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
}

/** One spawned server process of this suite, with its output kept for error messages. */
class ServerProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private output = '';
  private alive = true;

  constructor(
    readonly label: string,
    args: string[],
  ) {
    this.child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-4000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => {
        this.alive = false;
        resolve();
      });
      this.child.once('error', (error) => {
        this.alive = false;
        this.output += `\nspawn error: ${error.message}`;
        resolve();
      });
    });
  }

  /** Waits until the server answers PING; fails early (with its output) when it exits. */
  async ready(port: number): Promise<void> {
    await waitFor(`${this.label} on port ${port} to answer PING`, async () => {
      if (!this.alive) throw new Error(`${this.label} exited:\n${this.output}`);
      return (await redisCli(['-p', String(port), 'ping'], 1000)).trim() === 'PONG';
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited within 2 s. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Last resort when the worker exits without afterAll. */
  killNow(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }
}

/** The processes and temporary directories of one topology, torn down together. */
class Topology {
  readonly dir = mkdtempSync(join(tmpdir(), 'oauthd-topology-'));
  private readonly processes: ServerProcess[] = [];
  private readonly onExit = () => this.processes.forEach((p) => p.killNow());

  constructor() {
    process.once('exit', this.onExit);
  }

  readonly start = (label: string, args: string[]): ServerProcess => {
    const server = new ServerProcess(label, args);
    this.processes.push(server);
    return server;
  };

  async teardown(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    process.removeListener('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every key under `pattern` on one node (SCAN only sees that node's keys). */
async function scanNode(client: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}

describeWithRedis('Redis store on a Redis Cluster and behind Sentinel', () => {
  if (MISSING_BINARIES.length > 0) {
    const reason = `${MISSING_BINARIES.join(' and ')} not found on PATH`;
    if (process.env.REQUIRE_REDIS === '1') {
      it('needs redis-server and redis-cli', () => {
        throw new Error(`REQUIRE_REDIS=1 but ${reason}`);
      });
    } else {
      if (process.env.OAUTHD_REDIS_AVAILABLE === '1') {
        process.stderr.write(`SKIPPED "Redis store on a Redis Cluster and behind Sentinel": ${reason} (REQUIRE_REDIS=1 makes this fail)\n`);
      }
      it.todo(`needs redis-server and redis-cli (${reason})`);
    }
    return;
  }

  describe('Redis Cluster, 3 masters', () => {
    const ports: number[] = [];
    let topology: Topology | undefined;
    let clusterUrl = '';

    beforeAll(async () => {
      const { dir, start } = (topology = new Topology());
      for (let i = 0; i < 3; i++) {
        let port = await freePort(true);
        while (ports.includes(port)) port = await freePort(true);
        ports.push(port);
      }
      const nodes = ports.map((port) =>
        start(`cluster node ${port}`, [
          '--port', String(port),
          '--cluster-enabled', 'yes',
          '--cluster-config-file', join(dir, `nodes-${port}.conf`),
          '--save', '',
          '--appendonly', 'no',
          '--bind', '127.0.0.1',
          '--dir', dir,
        ]),
      );
      await Promise.all(nodes.map((node, i) => node.ready(ports[i])));
      await redisCli(
        ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'],
        15_000,
      );
      // Every node (not only the first) must agree before a client may pick any of them as seed.
      for (const port of ports) {
        await waitFor(`cluster_state:ok on node ${port}`, async () =>
          (await redisCli(['-p', String(port), 'cluster', 'info'], 1000)).includes('cluster_state:ok'),
        );
      }
      clusterUrl = `redis-cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`;
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await topology?.teardown();
    });

    storeContract(
      'redis cluster',
      () => createStore({ url: clusterUrl, key_prefix: uniquePrefix('cluster') }),
      (store: TokenStore) => store.close(),
    );

    describe('grant key placement and the token endpoints', () => {
      const nodeClients: Redis[] = [];

      beforeAll(() => {
        for (const port of ports) {
          const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
          client.on('error', () => undefined);
          nodeClients.push(client);
        }
      });

      afterAll(() => {
        for (const client of nodeClients) client.disconnect();
      });

      /** Keys under `pattern`, per node (index as in `ports`). */
      const keysPerNode = (pattern: string) => Promise.all(nodeClients.map((client) => scanNode(client, pattern)));

      it('keeps every key of a grant on one node and one slot, and kills the family on reuse there', async () => {
        const prefix = uniquePrefix('cluster-layout');
        const store = await createStore({ url: clusterUrl, key_prefix: prefix });
        try {
          const owner = { clientKey: 'CLIENTKEY', userKey: 'USERKEY' };
          const [access, refresh] = grantRecords(store, ['access_token', 'refresh_token']);
          await store.saveTokens(owner, [access, refresh]);
          const replacements = grantRecords(store, ['access_token', 'refresh_token']).map((r) => ({ ...r, grantId: access.grantId, id: access.id[0] + r.id.slice(1) }));
          expect((await store.redeem(owner, access.grantId, refresh.id, Math.floor(Date.now() / 1000), replacements)).status).toBe('redeemed');

          const perNode = await keysPerNode(`${prefix}*`);
          const holders = perNode.map((keys, i) => ({ port: ports[i], keys })).filter((node) => node.keys.length > 0);
          expect(holders).toHaveLength(1);
          const grantKeys = holders[0].keys;
          expect(grantKeys).toHaveLength(7); // four tokens, the grant's members, two indexes
          const slots = await Promise.all(grantKeys.map((key) => nodeClients[0].cluster('KEYSLOT', key)));
          expect(new Set(slots).size).toBe(1);

          // The store reads the grant back through the cluster client; a replay kills the family.
          expect((await store.findToken(refresh.id))?.consumedAt).toBeGreaterThan(0);
          expect((await store.redeem(owner, access.grantId, refresh.id, Math.floor(Date.now() / 1000), [])).status).toBe('reused');
          for (const record of [access, ...replacements]) expect(await store.findToken(record.id)).toBeNull();
          expect(await store.revokeGrant(owner, access.grantId)).toBe(0);
        } finally {
          await store.close();
        }
      });

      it('issues, refreshes, introspects and revokes through the gateway', async () => {
        const prefix = uniquePrefix('cluster-flow');
        const runtime: Runtime = await startRuntime({ config: testConfig({ store: { url: clusterUrl, key_prefix: prefix } }) });
        try {
          const token = (form: Record<string, string>) => request(runtime.app).post('/std/token').set('Authorization', BASIC).type('form').send(form);
          const introspect = (value: string) => request(runtime.app).post('/std/introspect').set('Authorization', BASIC).type('form').send({ token: value });

          const login = await token({ grant_type: 'password', username: 'alice', password: 'wonderland' });
          expect(login.status).toBe(200);
          expect(typeof login.body.access_token).toBe('string');
          expect(typeof login.body.refresh_token).toBe('string');

          // Everything the login wrote (tokens, grant, indexes) lives on exactly one node, on one slot.
          const grantKeys = (await keysPerNode(`${prefix}v2:[tgcu]{*`)).map((keys, i) => ({ i, keys })).filter((n) => n.keys.length > 0);
          expect(grantKeys).toHaveLength(1);
          expect(grantKeys[0].keys).toHaveLength(5);
          const tags = new Set(grantKeys[0].keys.map((key) => /\{([^}]*)\}/.exec(key)?.[1]));
          expect(tags.size).toBe(1);
          const slots = await Promise.all(grantKeys[0].keys.map((key) => nodeClients[0].cluster('KEYSLOT', key)));
          expect(new Set(slots).size).toBe(1);

          const refreshed = await token({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
          expect(refreshed.status).toBe(200);
          expect(refreshed.body.access_token).not.toBe(login.body.access_token);

          const seen = await introspect(refreshed.body.access_token);
          expect(seen.status).toBe(200);
          expect(seen.body).toMatchObject({ active: true, client_id: 'web-app', username: 'alice' });

          const revoked = await request(runtime.app)
            .post('/std/revoke')
            .set('Authorization', BASIC)
            .type('form')
            .send({ token: refreshed.body.refresh_token });
          expect(revoked.status).toBe(200);

          const after = await introspect(refreshed.body.access_token);
          expect(after.status).toBe(200);
          expect(after.body).toEqual({ active: false });
          const again = await token({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token });
          expect(again.status).toBe(400);
          expect(again.body.error).toBe('invalid_grant');
        } finally {
          await runtime.close();
        }
      });
    });
  });

  describe('Sentinel, one master', () => {
    let topology: Topology | undefined;
    let sentinelUrl = '';
    let sentinelPort = 0;
    let masterPort = 0;

    beforeAll(async () => {
      const { dir, start } = (topology = new Topology());
      masterPort = await freePort();
      sentinelPort = await freePort();
      while (sentinelPort === masterPort) sentinelPort = await freePort();

      const master = start(`master ${masterPort}`, [
        '--port', String(masterPort),
        '--save', '',
        '--appendonly', 'no',
        '--bind', '127.0.0.1',
        '--dir', dir,
      ]);
      await master.ready(masterPort);

      // Sentinel rewrites its configuration file, so it gets a writable one of its own.
      const config = join(dir, 'sentinel.conf');
      writeFileSync(
        config,
        [
          `port ${sentinelPort}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          'sentinel resolve-hostnames no',
          `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`,
          '',
        ].join('\n'),
      );
      const sentinel = start(`sentinel ${sentinelPort}`, [config, '--sentinel']);
      await sentinel.ready(sentinelPort);
      await waitFor('the sentinel to report mymaster', async () => {
        const answer = await redisCli(['-p', String(sentinelPort), 'sentinel', 'get-master-addr-by-name', 'mymaster'], 1000);
        return answer.split('\n').map((line) => line.trim()).join(' ').trim() === `127.0.0.1 ${masterPort}`;
      });
      sentinelUrl = `redis-sentinel://127.0.0.1:${sentinelPort}/mymaster`;
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await topology?.teardown();
    });

    storeContract(
      'redis sentinel',
      () => createStore({ url: sentinelUrl, key_prefix: uniquePrefix('sentinel') }),
      (store: TokenStore) => store.close(),
    );

    it('takes a list of sentinels and moves on when the first one cannot name the master', async () => {
      // The first entry is the master itself: it answers, but not SENTINEL commands. (A port where
      // nothing listens would do too, but ioredis then leaves a 2 s timer behind after close.)
      const store = await createStore({
        url: `redis-sentinel://127.0.0.1:${masterPort},127.0.0.1:${sentinelPort}/mymaster`,
        key_prefix: uniquePrefix('sentinel-list'),
      });
      try {
        await store.ping();
        const [record] = grantRecords(store, ['access_token']);
        await store.saveTokens({ clientKey: 'K' }, [record]);
        expect(await store.findToken(record.id)).toEqual(record);
      } finally {
        await store.close();
      }
    });
  });
});
