import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import type { ContractReport } from '../../src/contract/types';
import { runCli } from '../helpers/cli';

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await listening(server);
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('oauth-dialects contract where the API is not', () => {
  let notFound: Server;
  let url: string;
  let requests = 0;
  let dir: string;

  beforeAll(async () => {
    const app = express();
    app.use((_req, res) => {
      requests++;
      res.status(404).type('text/html').send('<h1>Not Found</h1>');
    });
    notFound = createServer(app);
    url = await listening(notFound);
    dir = mkdtempSync(path.join(tmpdir(), 'oauthd-contract-404-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => notFound?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says once that nothing answers when every request gets 404, suggesting the mount point, exit 1', async () => {
    const before = requests;
    const result = await runCli(['contract', '--dialect', 'iform', '--base-url', url]);
    expect(requests - before).toBeGreaterThan(1);
    expect(result).toEqual({
      code: 1,
      stdout: `nothing answers the iform API at ${url} (every request got 404): is the base URL missing the mount point, e.g. ${url}/ibps or ${url}/iform?\n`,
      stderr: '',
    });
  });

  it('asks whether the mount point is right when the base URL has one, and puts the problem in the JSON report', async () => {
    const report = path.join(dir, 'report.json');
    const result = await runCli(['contract', '--dialect', 'cas', '--base-url', `${url}/cas`, '--json', report]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`nothing answers the cas API at ${url}/cas (every request got 404): is the mount point right, e.g. ${url}?\n`);
    const json = JSON.parse(readFileSync(report, 'utf8')) as ContractReport;
    expect(json.problem).toBe(result.stdout.trim());
    expect(json.checks.every((c) => !c.passed && (c.status === 404 || c.status === undefined))).toBe(true);
  });

  it('says once that a closed port cannot be reached, exit 1', async () => {
    const base = `http://127.0.0.1:${await closedPort()}/std`;
    const result = await runCli(['contract', '--dialect', 'standard', '--base-url', base]);
    expect(result).toEqual({ code: 1, stdout: `cannot reach ${base}: connection refused\n`, stderr: '' });
    const json = JSON.parse((await runCli(['contract', '--dialect', 'standard', '--base-url', base, '--json'])).stdout) as ContractReport;
    expect(json).toMatchObject({ problem: `cannot reach ${base}: connection refused`, passed: 0, failed: 1 });
    expect(json.checks).toHaveLength(1);
  });
});
