import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveCli, type ServingCli } from '../helpers/cli';

/**
 * SIGTERM under keep-alive load, on the built CLI (`npm test` builds first): once the signal
 * arrives every answer says `Connection: close`, idle sockets are closed, what is in flight
 * finishes, and a client that honours `Connection: close` never sees a reset.
 */

const CLIENTS = 6;
const SOCKETS_PER_CLIENT = 2;
const LOOPS_PER_CLIENT = 3;
/** Well under the 10 s grace: what is left after the signal is a few in-flight requests. */
const EXIT_WITHIN_MS = 3000;
const BASIC = `Basic ${Buffer.from('c1:p1').toString('base64')}`;

interface Answer {
  path: string;
  sentAt: number;
  status?: number;
  connection?: string;
  error?: string;
}

/** One request on a keep-alive agent; a transport failure is an answer too (its error code). */
function call(agent: Agent, base: string, route: { method: string; path: string; body?: string }): Promise<Answer> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(`${base}${route.path}`, {
      agent,
      method: route.method,
      headers: route.body ? { Authorization: BASIC, 'Content-Type': 'application/x-www-form-urlencoded' } : {},
    });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve({ path: route.path, sentAt, status: res.statusCode, connection: res.headers.connection }));
    });
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ path: route.path, sentAt, error: error.code ?? error.message }));
    req.end(route.body);
  });
}

describe('serve: SIGTERM under keep-alive load', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oauthd-drain-'));
  let server: ServingCli | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes every connection cleanly, finishes what is in flight and exits 0 quickly', async () => {
    const file = path.join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      [
        'issuer: http://127.0.0.1',
        'store: memory',
        'secret: drain-test-secret-0123456789abcdef0123',
        'bcrypt: { cost: 4 }',
        'clients:',
        '  - client_id: c1',
        '    client_secret: p1',
        '    grant_types: [client_credentials]',
        'dialects:',
        '  standard: { enabled: true }',
        '',
      ].join('\n'),
    );
    server = await serveCli(['--config', file, '--port', '0']);
    const base = server.url;
    // Token requests take the fast lane, /healthz express's router: both must say Connection: close.
    const routes = [
      { method: 'POST', path: '/std/token', body: 'grant_type=client_credentials' },
      { method: 'GET', path: '/healthz' },
    ];

    let signalledAt = Infinity;
    let drainingSeenAt = Infinity;
    const child = server.child;
    child.stdout.on('data', (chunk: Buffer) => {
      if (drainingSeenAt === Infinity && chunk.toString('utf8').includes('shutting down')) drainingSeenAt = performance.now();
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: performance.now() })));

    const answers: Answer[] = [];
    const agents = Array.from({ length: CLIENTS }, () => new Agent({ keepAlive: true, maxSockets: SOCKETS_PER_CLIENT }));
    /** Loops until the server says it is closing the connection, or refuses a new one. */
    const loop = async (agent: Agent, offset: number) => {
      for (let i = offset; ; i++) {
        const answer = await call(agent, base, routes[i % routes.length]);
        answers.push(answer);
        if (answer.error !== undefined || answer.connection === 'close') return;
      }
    };
    const loops = agents.flatMap((agent, a) => Array.from({ length: LOOPS_PER_CLIENT }, (_, l) => loop(agent, a + l)));

    // A client that keeps a connection open and idle: the gateway must close it, not wait out the keep-alive timeout.
    const idleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const idleAnswer = await call(idleAgent, base, routes[1]);
    expect(idleAnswer.connection).toBe('keep-alive');
    const idleSocket = Object.values(idleAgent.freeSockets).flat()[0];
    expect(idleSocket).toBeDefined();
    const idleClosed = new Promise<number>((resolve) => idleSocket!.once('close', () => resolve(performance.now())));

    // Let the load run until every agent has reused its sockets many times.
    while (answers.length < 600) await new Promise((resolve) => setTimeout(resolve, 20));
    signalledAt = performance.now();
    child.kill('SIGTERM');
    await Promise.all(loops);
    const exit = await exited;
    const idleClosedAt = await idleClosed;
    for (const agent of [...agents, idleAgent]) agent.destroy();

    const before = answers.filter((a) => a.sentAt < signalledAt);
    const after = answers.filter((a) => a.sentAt >= signalledAt);
    const closing = answers.filter((a) => a.connection === 'close');
    // DRAIN_REPORT=1 prints the figures.
    if (process.env.DRAIN_REPORT) {
      process.stderr.write(`answers ${answers.length}, sent after signal ${after.length}, with Connection: close ${closing.length}, idle closed ${(idleClosedAt - signalledAt).toFixed(0)} ms, exit ${(exit.at - signalledAt).toFixed(0)} ms\n`);
    }

    // No client saw a reset or a hang-up; after the listener closed, a new connection may be refused.
    expect(answers.filter((a) => a.error !== undefined && a.error !== 'ECONNREFUSED')).toEqual([]);
    expect(before.filter((a) => a.error !== undefined)).toEqual([]);
    // Every request sent once the gateway said it was draining was answered with Connection: close (or refused at connect).
    const afterDraining = answers.filter((a) => a.sentAt > drainingSeenAt && a.error === undefined);
    expect(afterDraining.filter((a) => a.connection !== 'close')).toEqual([]);
    // Both paths said it: the fast lane and the router.
    expect(new Set(closing.map((a) => a.path))).toEqual(new Set(routes.map((r) => r.path)));
    expect(closing.every((a) => a.status === 200)).toBe(true);
    // What was served after the signal is bounded by the connections open, not by the load.
    expect(after.filter((a) => a.error === undefined).length).toBeLessThanOrEqual(CLIENTS * SOCKETS_PER_CLIENT * 2);
    // The idle connection was closed long before the 5 s keep-alive timeout would have closed it.
    expect(idleClosedAt - signalledAt).toBeLessThan(1000);
    expect(exit.code).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(EXIT_WITHIN_MS);
  });
});
