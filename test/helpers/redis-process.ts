import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { childEnv } from './child-env';

/** A redis-server process of a test's own (no persistence) on a free port, so stopping it disturbs no other suite. */

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when a Redis server answers PING on the port (raw RESP, no client library). */
function pingOnce(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let received = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (received.includes('\r\n')) done(received.startsWith('+PONG'));
    });
  });
}

export class RedisProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Spawns redis-server and waits until it answers PING. */
  async start(timeoutMs = 5000): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(),
    });
    this.child = child;
    this.output = '';
    let exitCode: number | string | null | undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exitCode = code ?? signal;
        resolve();
      });
      child.once('error', (error) => {
        exitCode = error.message;
        resolve();
      });
    });
    const collect = (chunk: Buffer) => {
      if (this.output.length < 4000) this.output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`redis-server on port ${this.port} exited (${exitCode}):\n${this.output}`);
      if (await pingOnce(this.port)) return;
      await sleep(50);
    }
    throw new Error(`redis-server on port ${this.port} did not answer PING within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Kills the server and waits until the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await this.exited;
  }
}


/** Whether a `redis-server` binary is on PATH (the suites that start their own need it). */
export const HAS_REDIS_SERVER = (() => {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore', env: childEnv() });
  return !probe.error && probe.status === 0;
})();

/**
 * Inside a suite that starts redis-server processes of its own: false without the binary, after
 * registering a test that fails under REQUIRE_REDIS=1, or a todo that says why otherwise.
 */
export function redisServerAvailable(suite: string): boolean {
  if (HAS_REDIS_SERVER) return true;
  if (process.env.REQUIRE_REDIS === '1') {
    it('needs the redis-server binary', () => {
      throw new Error('REQUIRE_REDIS=1 but redis-server is not on PATH');
    });
  } else {
    process.stderr.write(`SKIPPED "${suite}": no redis-server binary on PATH\n`);
    it.todo('needs the redis-server binary');
  }
  return false;
}
