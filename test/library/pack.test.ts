import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/project-root';

const run = promisify(execFile);
const ROOT = projectRoot();
const { version } = require(path.join(ROOT, 'package.json')) as { version: string };

/** The environment without what an enclosing `npm test` sets for its own scripts. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

/** What the tarball may hold, by path prefix. */
const PACKED = ['package.json', 'README.md', 'LICENSE', 'dist/src/', 'dist/dialects/', 'dist/schemas/', 'schemas/'];

/** A consumer's script: start the gateway, take a client_credentials token, stop; prints what it saw. */
const script = (start: string) => `${start}
const gw = await startGateway();
const res = await fetch(gw.url + '/std/token', {
  method: 'POST',
  headers: { authorization: 'Basic ' + Buffer.from('web-app:s3cret').toString('base64'), 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials',
});
const body = await res.json();
const logged = gw.requests().map((r) => r.route);
await gw.stop();
console.log(JSON.stringify({ status: res.status, tokenType: body.token_type, token: typeof body.access_token, logged, names }));
`;

const CJS = `const lib = require('oauth-dialects');
const { startGateway } = lib;
const names = Object.keys(lib).sort();
(async () => {${script('')}})().catch((error) => { console.error(error); process.exit(1); });
`;

const ESM = script(`import { startGateway } from 'oauth-dialects';
import * as lib from 'oauth-dialects';
const names = Object.keys(lib).filter((name) => name !== 'default').sort();`);

/** A consumer's TypeScript, as ES module and as CommonJS: the declarations resolve through `exports`. */
const TYPED_ESM = `import { startGateway, type Gateway, type RecordedRequest } from 'oauth-dialects';
const gw: Gateway = await startGateway({ now: new Date(), port: 0 });
gw.clock.advance(60);
const seconds: number = gw.clock.now();
const log: RecordedRequest[] = gw.requests();
console.log(seconds, log.length);
await gw.stop();
`;
const TYPED_CJS = `import { startGateway, type StartGatewayOptions } from 'oauth-dialects';
const options: StartGatewayOptions = { config: { dialects: { standard: { enabled: true } } }, logLevel: 'silent' };
void startGateway(options).then((gw) => gw.reset().then(() => gw.stop()));
`;
const TSC = ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--skipLibCheck', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types')];

/** examples/: one jest file per dialect, as a consumer's suite runs them. */
const EXAMPLES = path.join(ROOT, 'examples');
const exampleFiles = readdirSync(EXAMPLES).filter((name) => name.endsWith('.test.js')).sort();
const exampleTests = exampleFiles.reduce((sum, name) => sum + (readFileSync(path.join(EXAMPLES, name), 'utf8').match(/^\s*it\(/gm) ?? []).length, 0);

interface JestReport {
  numTotalTestSuites: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{ name: string; status: string; message: string; assertionResults: Array<{ fullName: string; status: string }> }>;
}

describe('the packed tarball, installed into an empty project', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oauth-dialects-pack-'));
  const project = path.join(dir, 'project');
  let packedPaths: string[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // `npm pack` builds first (prepack).
    const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 });
    const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packedPaths = files.map((f) => f.path);
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, filename)], { cwd: project, env });
  }, 90_000);

  it('holds only the package files and works there from CommonJS and ES modules', async () => {
    const paths = packedPaths;
    expect(paths.filter((p) => !PACKED.some((prefix) => p === prefix || p.startsWith(prefix)))).toEqual([]);
    expect(paths.filter((p) => /\.ts$/.test(p) && !/\.d\.ts$/.test(p))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/index.esm.mjs', 'dist/src/index.d.ts', 'dist/src/cli.js', 'schemas/config.schema.json', 'LICENSE']));

    writeFileSync(path.join(project, 'consumer.cjs'), CJS);
    writeFileSync(path.join(project, 'consumer.mjs'), ESM);
    writeFileSync(path.join(project, 'typed.mts'), TYPED_ESM);
    writeFileSync(path.join(project, 'typed.cts'), TYPED_CJS);

    const [cjs, esm, cli] = await Promise.all([
      run(process.execPath, ['consumer.cjs'], { cwd: project, env }),
      run(process.execPath, ['consumer.mjs'], { cwd: project, env }),
      run(path.join(project, 'node_modules', '.bin', 'oauth-dialects'), ['--version'], { cwd: project, env }),
      run(process.execPath, [require.resolve('typescript/bin/tsc'), ...TSC, 'typed.mts', 'typed.cts'], { cwd: project, env }),
    ]);
    const fromCjs = JSON.parse(cjs.stdout) as { names: string[] };
    const fromEsm = JSON.parse(esm.stdout) as { names: string[] };
    for (const seen of [fromCjs, fromEsm]) {
      expect(seen).toMatchObject({ status: 200, tokenType: 'Bearer', token: 'string', logged: ['/std/token'] });
    }
    expect(fromCjs.names).toContain('startGateway');
    // The ES module entry names every export of the CommonJS one.
    expect(fromEsm.names).toEqual(fromCjs.names);
    expect(cli.stdout.trim()).toBe(version);
  }, 30_000);

  it('passes every example in examples/, with oauth-dialects resolved to the installed package', async () => {
    expect(exampleFiles).toEqual(['cas.test.js', 'ciam.test.js', 'iform.test.js', 'maxkey.test.js', 'spring.test.js', 'standard.test.js']);
    cpSync(EXAMPLES, path.join(project, 'examples'), { recursive: true });
    const config = { rootDir: project, roots: ['<rootDir>/examples'], testEnvironment: 'node', transform: {}, cacheDirectory: path.join(dir, 'jest-cache') };
    const report = path.join(dir, 'examples.json');
    const args = [require.resolve('jest/bin/jest'), '--ci', '--watchman=false', '--json', '--outputFile', report, '--config', JSON.stringify(config)];
    // A failing example makes jest exit non-zero; its report says which, so read it either way.
    const failure = await run(process.execPath, args, { cwd: project, env }).then(() => undefined, (error: Error & { stderr?: string }) => error);
    if (!existsSync(report)) throw new Error(`jest wrote no report: ${failure?.stderr ?? failure?.message}`);
    const result = JSON.parse(readFileSync(report, 'utf8')) as JestReport;
    // A suite that failed says why in its message; one with a skipped test has none, so its tests say.
    const unwell = result.testResults.filter((suite) => suite.status !== 'passed');
    expect(unwell.map((suite) => `${path.basename(suite.name)}: ${suite.message || suite.assertionResults.filter((t) => t.status !== 'passed').map((t) => `${t.status} ${t.fullName}`).join('; ')}`)).toEqual([]);
    expect(result.testResults.map((suite) => path.relative(path.join(project, 'examples'), suite.name)).sort()).toEqual(exampleFiles);
    expect(result).toMatchObject({ numTotalTestSuites: exampleFiles.length, numPassedTests: exampleTests, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 });
  }, 60_000);
});
