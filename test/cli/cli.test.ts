import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import request from 'supertest';
import { runCli, serveCli, type ServingCli } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'oauthd-cli-'));
const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

/** The banner may arrive in more than one chunk: wait for its last expected line. */
async function outputContaining(server: ServingCli, text: string): Promise<string> {
  for (let i = 0; i < 50 && !server.output().includes(text); i++) await new Promise((r) => setTimeout(r, 100));
  return server.output();
}

describe('oauth-dialects CLI', () => {
  it('hash-secret prints a bcrypt hash of standard input', async () => {
    const result = await runCli(['hash-secret'], { input: 'correct horse\n' });
    expect(result.code).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcrypt.compareSync('correct horse', hash)).toBe(true);
    const empty = await runCli(['hash-secret']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no secret/);
  });

  it('check-config says ok, or lists every problem with its path and fails', async () => {
    const good = path.join(dir, 'good.yaml');
    writeFileSync(good, 'issuer: http://127.0.0.1:8080\nclients:\n  - client_id: a\n');
    const ok = await runCli(['check-config', good]);
    expect(ok).toMatchObject({ code: 0, stdout: `${good}: ok\n` });

    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'issuer: not a url\nclients:\n  - client_id: a\n    colour: red\nusers:\n  - username: u\n');
    const failed = await runCli(['check-config', bad]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('/issuer: must match format "uri"');
    expect(failed.stderr).toContain('/clients/0: unknown key "colour"');
    expect(failed.stderr).toContain('/users/0: missing required key "password"');
  });

  it('check-config reads .json as strict JSON, naming the line and column of a syntax error', async () => {
    const file = path.join(dir, 'trailing-comma.json');
    writeFileSync(file, '{\n  "issuer": "http://127.0.0.1:8080",\n  "clients": [{ "client_id": "a" }],\n}\n');
    const failed = await runCli(['check-config', file]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain(`${file}: Expected double-quoted property name at line 4, column 1:`);
    expect(failed.stderr).toMatch(/\n {6}"clients": \[\{ "client_id": "a" \}\],\n {4}\}\n {4}\^\n/);
    writeFileSync(file, '{\n  "issuer": "http://127.0.0.1:8080",\n  "clients": [{ "client_id": "a" }]\n}\n');
    expect(await runCli(['check-config', file])).toMatchObject({ code: 0, stdout: `${file}: ok\n` });
  });

  it('check-config suggests the known key an unknown one is a typo of', async () => {
    const file = path.join(dir, 'typo.yaml');
    writeFileSync(file, 'issuer: http://127.0.0.1:8080\nclients:\n  - client_id: a\n    grant_type: [password]\n');
    const failed = await runCli(['check-config', file]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('/clients/0: unknown key "grant_type" — did you mean "grant_types"?');
  });

  it('serve with no config starts the demo on the memory store and prints endpoints and demo credentials', async () => {
    const server = await serveCli(['--port', '0']);
    try {
      const banner = await outputContaining(server, 'user   iform / 123456');
      const base = server.url.replace(/\./g, '\\.');
      expect(banner).toContain('store: memory');
      expect(banner).toContain('built-in demo configuration');
      expect(banner).toMatch(/POST\s+http:\/\/127\.0\.0\.1:\d+\/std\/token/);
      for (const shared of ['/healthz', '/readyz', '/docs', '/signin']) expect(banner).toMatch(new RegExp(`GET +${base}${shared} `));
      expect(banner).toContain('client web-app / s3cret');
      expect(banner).toContain('user   alice / wonderland');
      const logLines = banner.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(logLines.filter((l) => l.level >= 40)).toEqual([]);
      expect(logLines.filter((l) => /plain/.test(l.msg))).toEqual([expect.objectContaining({ level: 30, msg: expect.stringContaining('demo configuration') })]);
      const res = await request(server.url).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('serve takes --config and --port, or OAUTH_DIALECTS_CONFIG and PORT', async () => {
    const file = path.join(dir, 'serve.yaml');
    writeFileSync(file, 'issuer: http://127.0.0.1\nclients:\n  - client_id: c1\n    client_secret: p1\n    grant_types: [client_credentials]\ndialects:\n  standard: { enabled: true, base_path: /api }\nsignin: { path: /login }\ndocs: { enabled: false }\nlog_level: silent\n');
    const byFlag = await serveCli(['--config', file, '--port', '0']);
    try {
      const banner = await outputContaining(byFlag, '/api/jwks');
      expect(banner).toContain(`config: ${file}`);
      expect(banner).toMatch(new RegExp(`GET +${byFlag.url.replace(/\./g, '\\.')}/login `));
      expect(banner).not.toContain('/signin');
      expect(banner).not.toContain('/docs');
      expect(banner).not.toContain('Demo credentials');
      const res = await request(byFlag.url).post('/api/token').set('Authorization', basic('c1', 'p1')).type('form').send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(200);
    } finally {
      await byFlag.stop();
    }
    const byEnv = await serveCli([], { OAUTH_DIALECTS_CONFIG: file, PORT: '0' });
    try {
      expect(byEnv.output()).toContain(`config: ${file}`);
      expect((await request(byEnv.url).get('/healthz')).status).toBe(200);
    } finally {
      await byEnv.stop();
    }
  });

  it('refuses to start on an invalid config, naming the problem', async () => {
    const file = path.join(dir, 'invalid.yaml');
    writeFileSync(file, 'issuer: http://x\nstore: mongodb://x\n');
    const result = await runCli(['serve', '--config', file, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/store');
  });

  it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
    const slowHash = bcrypt.hashSync('slow-password', 13);
    const file = path.join(dir, 'slow.yaml');
    writeFileSync(
      file,
      `issuer: http://127.0.0.1\nlog_level: silent\nclients:\n  - client_id: c1\n    client_secret: p1\n    grant_types: [password]\nusers:\n  - username: slow\n    password: "${slowHash}"\ndialects:\n  standard: { enabled: true }\n`,
    );
    const server = await serveCli(['--config', file, '--port', '0']);
    const inFlight = request(server.url).post('/std/token').set('Authorization', basic('c1', 'p1')).type('form').send({ grant_type: 'password', username: 'slow', password: 'slow-password' });
    const pending = inFlight.then((r) => r);
    await new Promise((r) => setTimeout(r, 150));
    const exit = server.stop('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.access_token).toEqual(expect.any(String));
    expect(await exit).toBe(0);
  });

  it('logs one JSON line per request with a request id, and never a secret, password or token', async () => {
    const file = path.join(dir, 'logs.yaml');
    writeFileSync(file, 'issuer: http://127.0.0.1\nclients:\n  - client_id: c1\n    client_secret: "$2b$04$CwTycUXWue0Thq9StjUM0uJ8.S6ZSGVlQ3g5Z7F6pM1bPXqXvQy4K"\n    grant_types: [password, client_credentials]\nusers:\n  - username: u1\n    password: hunter2-password\ndialects:\n  standard: { enabled: true }\n');
    const server = await serveCli(['--config', file, '--port', '0']);
    try {
      await request(server.url).post('/std/token?client_secret=query-secret').type('form').send({ grant_type: 'password', client_id: 'c1', client_secret: 'form-secret', username: 'u1', password: 'hunter2-password' });
      await request(server.url).post('/std/token').set('Authorization', basic('c1', 'basic-secret')).type('form').send({ grant_type: 'client_credentials' });
      await request(server.url).get('/std/userinfo').set('Authorization', 'Bearer bearer-token-value');
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await server.stop();
    }
    const lines = server.output().split('\n').filter((l) => l.startsWith('{'));
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const entry of requests) {
      expect(entry.req.id).toEqual(expect.any(String));
      expect(entry.req.path).toBe(entry.req.path.split('?')[0]);
    }
    for (const secret of ['query-secret', 'form-secret', 'hunter2-password', 'basic-secret', 'bearer-token-value', Buffer.from('c1:basic-secret').toString('base64')]) {
      expect(server.output()).not.toContain(secret);
    }
  });

  it('reloads clients and users on SIGHUP, dropping remembered secrets, and keeps running on a bad file', async () => {
    const file = path.join(dir, 'reload.yaml');
    const write = (secret: string, extra = '') =>
      writeFileSync(file, `issuer: http://127.0.0.1\nbcrypt: { cost: 4 }\nclients:\n  - client_id: c1\n    client_secret: ${secret}\n    grant_types: [client_credentials]\n${extra}dialects:\n  standard: { enabled: true }\n`);
    const tokenWith = (id: string, secret: string) =>
      request(server.url).post('/std/token').set('Authorization', basic(id, secret)).type('form').send({ grant_type: 'client_credentials' });
    write('first-secret');
    const server = await serveCli(['--config', file, '--port', '0']);
    try {
      expect((await tokenWith('c1', 'first-secret')).status).toBe(200);
      write('second-secret', '  - client_id: c2\n    client_secret: c2-secret\n    grant_types: [client_credentials]\n');
      server.child.kill('SIGHUP');
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await tokenWith('c1', 'second-secret')).status;
      }
      expect(status).toBe(200);
      expect((await tokenWith('c1', 'first-secret')).status).toBe(401);
      expect((await tokenWith('c2', 'c2-secret')).status).toBe(200);

      writeFileSync(file, 'issuer: [broken\n');
      server.child.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 500));
      expect(server.output()).toContain('configuration not reloaded');
      expect((await tokenWith('c1', 'second-secret')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
