import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { startGateway, type Gateway } from '../../src/testing/start-gateway';

/**
 * What a shadow comparison normalises and what it still names: the upstream here is a CAS 5
 * gateway behind a proxy (at `/cas`, as a CAS server usually is) that alters its answers the
 * way another implementation would, one alteration per user name.
 */
const SECRET = 'normalise-client-secret-1a2b';
const ENDPOINT = '/oauth2.0/accessToken';

const cas = (extra: Record<string, unknown> = {}) => ({
  store: 'memory' as const,
  clients: [{ client_id: 'app', client_secret: SECRET, grant_types: ['password', 'client_credentials'], scopes: ['read'] }],
  users: ['drift', 'jwt', 'ttl', 'plain'].map((username) => ({ username, password: `${username}-password-9f` })),
  signin: { lockout: { user_failures: 0, address_failures: 0 } },
  dialects: { cas: { enabled: true, profile: 'cas5', ...extra } },
});

/** The alteration for one request, by its user (or its wrong secret). */
function alter(params: URLSearchParams, body: Record<string, unknown>): Record<string, unknown> {
  switch (params.get('username')) {
    case 'drift':
      // Another ticket, minted a few seconds later.
      return { ...body, access_token: `AT-99-${'Q7'.repeat(16)}`, expires_in: Number(body.expires_in) - 3 };
    case 'jwt':
      return { ...body, access_token: jwt.sign({ sub: 'jwt', scope: 'read' }, 'upstream-signing-key', { noTimestamp: true }) };
    case 'ttl':
      return { ...body, expires_in: 7200 };
  }
  if (params.get('client_secret') !== SECRET) {
    // Another message, `message` first, its own clock and its own context path.
    return Object.assign({ message: '' }, body, { message: 'Full authentication is required', timestamp: Number(body.timestamp) + 5000, path: `/cas${ENDPOINT}` });
  }
  return body;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const readLines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { status: { gateway: number; upstream: number }; differences: Array<{ kind: string; detail: string }> })
    : [];

describe('shadow comparison: token values, times and paths normalised; shapes and values that matter named', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shadow-normalise-'));
  const report = path.join(dir, 'report.jsonl');
  let legacy: Gateway;
  let proxy: Server;
  let gateway: Gateway;
  const upstreamTexts: string[] = [];

  beforeAll(async () => {
    legacy = await startGateway({ config: cas() });
    proxy = createServer(async (req, res) => {
      const text = await readBody(req);
      const answer = await fetch(`${legacy.url}${(req.url ?? '').replace(/^\/cas/, '')}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? '' }, body: text || undefined });
      const altered = JSON.stringify(alter(new URLSearchParams(text), (await answer.json()) as Record<string, unknown>));
      upstreamTexts.push(altered);
      const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8' };
      for (const name of ['cache-control', 'pragma', 'www-authenticate']) {
        const value = answer.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      res.writeHead(answer.status, headers).end(altered);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const upstream = { base_url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}/cas`, shadow: true, shadow_report: report };
    gateway = await startGateway({ config: cas({ upstream }) });
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), legacy?.stop()]);
    await new Promise((resolve) => proxy?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** One request, then its report line (requests go one at a time, so lines come in order). */
  async function compared(fields: Record<string, string>) {
    const count = readLines(report).length;
    const answer = await fetch(`${gateway.url}${ENDPOINT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'app', client_secret: SECRET, ...fields }).toString(),
    });
    const clientText = await answer.text();
    const deadline = Date.now() + 5000;
    while (readLines(report).length <= count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    return { line: readLines(report)[count], clientText };
  }
  const password = (username: string) => compared({ grant_type: 'password', username, password: `${username}-password-9f` });

  it('takes two mints of the same answer as the same: another ticket, expires_in a few seconds apart, a charset spelled otherwise', async () => {
    const { line } = await password('drift');
    expect(line).toMatchObject({ status: { gateway: 200, upstream: 200 }, differences: [] });
  });

  it("names a JWT where the gateway gives a ticket by the JWT's header and claim names, never its value", async () => {
    const { line } = await password('jwt');
    // The contract's schema names it too: its ticket pattern.
    expect(line.differences).toEqual([
      { kind: 'schema', detail: expect.stringMatching(/^\/access_token: must match pattern .* \(pattern\)$/) },
      { kind: 'body_value', detail: '/access_token: "<JWT header alg,typ; claims sub,scope>" ≠ "<AT ticket>"' },
    ]);
  });

  it('names an expires_in beyond the tolerance', async () => {
    const { line } = await password('ttl');
    expect(line.differences).toEqual([{ kind: 'body_value', detail: '/expires_in: 7200 ≠ 28800' }]);
  });

  it("names a Boot error's key order and message; its timestamp and its context path are not differences", async () => {
    const { line } = await compared({ grant_type: 'client_credentials', client_secret: 'normalise-wrong-secret-3c4d' });
    expect(line.status).toEqual({ gateway: 401, upstream: 401 });
    expect(line.differences.map((d) => d.kind).sort()).toEqual(['error_message', 'key_order']);
    expect(line.differences.find((d) => d.kind === 'error_message')?.detail).toMatch(/^\/message: "Full authentication is required" ≠ "[^"]+"$/);
    expect(line.differences.find((d) => d.kind === 'key_order')?.detail).toMatch(/^key order message, timestamp, .* ≠ timestamp, /);
  });

  it('keeps every token and secret of both sides out of the report', async () => {
    const { clientText } = await password('plain');
    const text = readFileSync(report, 'utf8');
    const tokens = [clientText, ...upstreamTexts].flatMap((t) => [...t.matchAll(/"access_token":"([^"]+)"/g)].map((m) => m[1]));
    expect(tokens.length).toBeGreaterThanOrEqual(5);
    for (const secret of [SECRET, 'normalise-wrong-secret-3c4d', 'jwt-password-9f', ...tokens]) expect(text).not.toContain(secret);
  });
});
