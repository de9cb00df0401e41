import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIALECTS } from '../../dialects';
import { ConfigError } from '../../src/config/validate';
import { loadConfig, readConfigFile } from '../../src/config/load';
import { demoConfig } from '../../src/config/demo';
import { startRuntime, testConfig } from '../helpers/gateway';

function problemsOf(source: unknown, env = {}): string[] {
  try {
    loadConfig(source, DIALECTS, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oauthd-config-'));

  it('accepts the shape from the README, in YAML', () => {
    const file = path.join(dir, 'ok.yaml');
    writeFileSync(
      file,
      `issuer: http://127.0.0.1:8080
store: memory
clients:
  - client_id: web-app
    client_secret: s3cret
    grant_types: [password, client_credentials, refresh_token, authorization_code]
    scopes: [read, write, openid]
    redirect_uris: [http://localhost:3000/callback]
    access_token_ttl: 28800
    refresh_token_ttl: 259200
  - client_id: public-spa
users:
  - username: alice
    password: wonderland
    status: active
    uid: "626353848415420416"
    attributes: { email: alice@example.com, phone_number: "+8613800000000", name: Alice }
    roles: [admin]
dialects:
  standard: { enabled: true, base_path: /prefix }
`,
    );
    const config = loadConfig(readConfigFile(file), DIALECTS);
    expect(config.clients?.[0].access_token_ttl).toBe(28800);
    expect(config.users?.[0].uid).toBe('626353848415420416');
  });

  it('accepts JSON too', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ issuer: 'http://x.test', store: 'redis://127.0.0.1:6379/2' }));
    expect(loadConfig(readConfigFile(file), DIALECTS).store).toBe('redis://127.0.0.1:6379/2');
  });

  it('names every problem with its path', () => {
    const problems = problemsOf({
      store: 'postgres://nope',
      colour: 'blue',
      clients: [{ client_id: 'a', grant_types: ['telepathy'], scopes: ['ok'], secret: 'x' }, { client_secret: 'y' }],
      users: [{ username: 'u', password: 'p', status: 'sleepy' }],
      dialects: { standard: { base_path: 'no-slash' } },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        '/: missing required key "issuer"',
        '/: unknown key "colour"',
        '/clients/0: unknown key "secret"',
        expect.stringMatching(/^\/clients\/0\/grant_types\/0: must be one of "password"/),
        '/clients/1: missing required key "client_id"',
        expect.stringMatching(/^\/users\/0\/status: must be one of "active", "locked", "disabled"/),
        expect.stringMatching(/^\/dialects\/standard\/base_path: /),
        expect.stringMatching(/^\/store: /),
      ]),
    );
  });

  it('finds duplicates the schema cannot see', () => {
    const problems = problemsOf(testConfig({ clients: [{ client_id: 'a' }, { client_id: 'a' }], users: [{ username: 'u', password: 'p', uid: '1' }, { username: 'v', password: 'p', uid: '1' }] }));
    expect(problems).toEqual(['/clients/1/client_id: duplicates /clients/0', '/users/1/uid: duplicates /users/0']);
  });

  it('reports unreadable and unparsable files by name', () => {
    expect(() => readConfigFile(path.join(dir, 'missing.yaml'))).toThrow(/missing.yaml: cannot be read \(ENOENT\)/);
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'issuer: [unclosed\n');
    expect(() => readConfigFile(bad)).toThrow(ConfigError);
    const dup = path.join(dir, 'dup.yaml');
    writeFileSync(dup, 'issuer: a\nissuer: b\n');
    expect(() => readConfigFile(dup)).toThrow(ConfigError);
  });

  describe('a .json file is strict JSON', () => {
    /** The one problem readConfigFile reports for this text in a .json file. */
    function jsonProblem(name: string, text: string): string {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      try {
        readConfigFile(file);
      } catch (error) {
        if (error instanceof ConfigError && error.problems.length === 1) return error.problems[0];
        throw error;
      }
      throw new Error(`${name} was accepted`);
    }

    it.each([
      ['a trailing comma in an object', '{\n  "issuer": "http://x.test",\n}\n', 'Expected double-quoted property name at line 3, column 1'],
      ['a trailing comma in an array', '{\n  "issuer": "http://x.test",\n  "clients": [{ "client_id": "a" },]\n}\n', "Unexpected token ']' at line 3, column 36"],
      ['a bare word near the end', '{\n  "issuer": "http://x.test",\n  "store": memory\n}', "Unexpected token 'm' at line 3, column 12"],
      ['a bare word near the start', '{"a":tru, "issuer": "http://x.test"}', "Unexpected token ',' at line 1, column 9"],
      ['a short file', '[1,]', "Unexpected token ']' at line 1, column 4"],
      ['a missing closing brace', '{\n  "issuer": "http://x.test"\n', "Expected ',' or '}' after property value at line 3, column 1"],
      ['an empty file', '', 'Unexpected end of JSON input at line 1, column 1'],
      ['a comment', '{\n  // the issuer\n  "issuer": "http://x.test"\n}', "Expected property name or '}' at line 2, column 3"],
    ])('refuses %s, with its line and column and a code frame', (_what, text, expected) => {
      const problem = jsonProblem('strict.json', text);
      expect(problem.split('\n')[0]).toBe(`${path.join(dir, 'strict.json')}: ${expected}:`);
      const [, line, column] = /at line (\d+), column (\d+):$/.exec(problem.split('\n')[0])!.map(Number);
      const frame = problem.split('\n').slice(2);
      expect(frame.at(-1)).toBe(`${' '.repeat(column - 1)}^`);
      expect(frame.at(-2)).toBe(text.split('\n')[line - 1]);
    });

    it('still refuses duplicate keys, which JSON.parse would merge', () => {
      const problem = jsonProblem('dup.json', '{\n  "issuer": "http://a.test",\n  "issuer": "http://b.test"\n}\n');
      expect(problem).toMatch(/dup\.json: Map keys must be unique at line 3, column 3:\n\n.*\n {2}"issuer": "http:\/\/b\.test"\n {2}\^$/);
    });

    it('reads YAML syntax that JSON lacks as YAML only when the file is not .json', () => {
      const yamlish = 'issuer: http://x.test\n';
      expect(() => jsonProblem('yamlish.json', yamlish)).not.toThrow();
      writeFileSync(path.join(dir, 'yamlish.yaml'), yamlish);
      expect(readConfigFile(path.join(dir, 'yamlish.yaml'))).toEqual({ issuer: 'http://x.test' });
    });
  });

  it('keeps the code frame of a YAML syntax error', () => {
    const file = path.join(dir, 'frame.yaml');
    writeFileSync(file, 'issuer: http://x.test\nclients: [unclosed\nusers: []\n');
    try {
      readConfigFile(file);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const [problem] = (error as ConfigError).problems;
      expect(problem).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}: .* at line 3, column 1:\n\nclients: \\[unclosed\nusers: \\[\\]\n\\^$`));
      // Continuation lines are indented under their "  - " bullet, blank lines left empty.
      expect((error as ConfigError).message).toContain(':\n\n    clients: [unclosed\n    users: []\n    ^');
    }
  });

  it('suggests the known key an unknown one is a typo of, only when it is close', () => {
    expect(problemsOf({ ...testConfig(), clients: [{ client_id: 'a', grant_type: ['password'] }] })).toEqual(['/clients/0: unknown key "grant_type" — did you mean "grant_types"?']);
    const { issuer, ...withoutIssuer } = testConfig();
    expect(problemsOf({ ...withoutIssuer, isuer: issuer })).toContain('/: unknown key "isuer" — did you mean "issuer"?');
    expect(problemsOf(testConfig({ dialects: { standard: { enabled: true, base_pth: '/x' } } }))).toEqual(['/dialects/standard: unknown key "base_pth" — did you mean "base_path"?']);
    expect(problemsOf({ ...testConfig(), signin: { lockout: { windw: 60 } } })).toEqual(['/signin/lockout: unknown key "windw" — did you mean "window"?']);
    // Too far from every key, or the near key is there already: no guess.
    expect(problemsOf({ ...testConfig(), colour: 'blue' })).toEqual(['/: unknown key "colour"']);
    expect(problemsOf({ ...testConfig(), clients: [{ client_id: 'a', grant_types: ['password'], grant_type: ['password'] }] })).toEqual(['/clients/0: unknown key "grant_type"']);
  });

  it('takes the built-in grant types and extension grants (absolute URIs), and names both in one line otherwise', () => {
    expect(problemsOf({ ...testConfig(), clients: [{ client_id: 'a', grant_types: ['password', 'urn:ietf:params:oauth:grant-type:token-exchange'] }] })).toEqual([]);
    expect(problemsOf({ ...testConfig(), clients: [{ client_id: 'a', grant_types: ['passwrd'] }] })).toEqual([
      '/clients/0/grant_types/0: must be one of "password", "client_credentials", "refresh_token", "authorization_code", "implicit", or an extension grant (RFC 6749 §4.5): an absolute URI, registered with engine.registerGrant',
    ]);
  });

  it('lets REDIS_URL and OAUTH_DIALECTS_SECRET override the file', () => {
    const config = loadConfig(testConfig(), DIALECTS, { REDIS_URL: 'redis://10.0.0.9:6379/3', OAUTH_DIALECTS_SECRET: 's'.repeat(40) });
    expect(config.store).toEqual({ url: 'redis://10.0.0.9:6379/3' });
    expect(config.secret).toBe('s'.repeat(40));
    const kept = loadConfig(testConfig({ store: { url: 'memory', key_prefix: 'x:' } }), DIALECTS, { REDIS_URL: 'redis://h:1' });
    expect(kept.store).toEqual({ url: 'redis://h:1', key_prefix: 'x:' });
    expect(problemsOf(testConfig(), { OAUTH_DIALECTS_SECRET: 'short' })).toEqual([expect.stringMatching(/^\/secret: /)]);
  });

  it('hashes plain secrets at load, keeps bcrypt hashes as given, and says so once per kind', async () => {
    const warnings: unknown[] = [];
    const logger = (await import('pino')).default({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const { createRuntime } = await import('../../src/runtime');
    const hash = '$2y$04$CwTycUXWue0Thq9StjUM0uJ8.S6ZSGVlQ3g5Z7F6pM1bPXqXvQy4K';
    const runtime = await createRuntime({
      config: loadConfig(testConfig({ clients: [{ client_id: 'plain', client_secret: 'visible' }, { client_id: 'hashed', client_secret: hash }] }), DIALECTS),
      dialects: DIALECTS,
      logger,
    });
    try {
      const plain = runtime.engine.directory.client('plain')!;
      expect(plain.secretHash).toMatch(/^\$2b\$04\$/);
      expect(runtime.engine.directory.client('hashed')!.secretHash).toBe(hash);
      const plainWarnings = warnings.filter((w) => JSON.stringify(w).includes('plain secret')) as Array<{ entries: string[] }>;
      expect(plainWarnings).toHaveLength(2); // one for clients, one for users
      const entries = plainWarnings.flatMap((w) => w.entries);
      expect(entries).toContain('client plain');
      expect(entries).toContain('user alice');
      expect(entries).not.toContain('client hashed');
      expect(JSON.stringify(warnings)).not.toContain('visible');
    } finally {
      await runtime.close();
    }
  });

  it('says once, as info, that the demo\'s public plain credentials are in use, instead of warning', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = (await import('pino')).default({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const { createRuntime } = await import('../../src/runtime');
    const demo = loadConfig(demoConfig('http://127.0.0.1:8080'), DIALECTS);
    const runtime = await createRuntime({ config: { ...demo, bcrypt: { cost: 4 } }, dialects: DIALECTS, logger, demo: true });
    try {
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      const count = (demo.clients ?? []).filter((c) => c.client_secret).length + (demo.users ?? []).length;
      expect(lines.filter((l) => l.msg.includes('plain'))).toEqual([
        expect.objectContaining({ level: 30, msg: `the built-in demo configuration's ${count} public plain-text credentials are in use (hashed at start); never use it in production` }),
      ]);
    } finally {
      await runtime.close();
    }
  });

  it('ships a demo configuration that validates and starts', async () => {
    const demo = loadConfig(demoConfig('http://127.0.0.1:8080'), DIALECTS);
    const runtime = await startRuntime({ config: { ...demo, bcrypt: { cost: 4 } } });
    try {
      const cas = await runtime.engine.authenticateClient({ clientId: 'xxx', clientSecret: 'xxx=', method: 'client_secret_post' });
      expect(cas.clientId).toBe('xxx');
      const user = await runtime.engine.authenticateUser('iform', '123456');
      expect(user.uid).toBe('626353848415420416');
    } finally {
      await runtime.close();
    }
  });

  it('reloads clients and users in place and names the changes that need a restart', async () => {
    const runtime = await startRuntime();
    try {
      await runtime.engine.authenticateClient({ clientId: 'web-app', clientSecret: 's3cret', method: 'client_secret_post' });
      const next = loadConfig(testConfig({ issuer: 'http://elsewhere.test', clients: [{ client_id: 'web-app', client_secret: 'rotated', grant_types: ['client_credentials'] }] }), DIALECTS);
      const { ignored } = await runtime.reload(next);
      expect(ignored).toEqual(['issuer']);
      await expect(runtime.engine.authenticateClient({ clientId: 'web-app', clientSecret: 's3cret', method: 'client_secret_post' })).rejects.toMatchObject({ code: 'invalid_client' });
      await expect(runtime.engine.authenticateClient({ clientId: 'web-app', clientSecret: 'rotated', method: 'client_secret_post' })).resolves.toMatchObject({ clientId: 'web-app' });
      expect(runtime.engine.directory.client('other-app')).toBeUndefined();
      expect(runtime.engine.issuer).toBe('http://gateway.test');
    } finally {
      await runtime.close();
    }
  });
});
