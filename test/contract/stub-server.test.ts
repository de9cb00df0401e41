import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import type { ContractReport } from '../../src/contract/types';
import { runCli } from '../helpers/cli';
import { startDemoGateway, type DemoGateway } from './gateway-helpers';

/**
 * A "legacy provider" that answers almost like the gateway: it proxies every request to it,
 * but renames `token_type` in the password grant's answer and answers an unknown grant type
 * with 500 instead of 400.
 */
function differentServer(target: string): express.Express {
  const app = express();
  app.use(express.raw({ type: () => true }));
  app.use(async (req, res) => {
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'accept']) if (req.headers[name]) headers[name] = String(req.headers[name]);
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
    const upstream = await fetch(`${target}${req.originalUrl}`, { method: req.method, headers, body });
    let text = await upstream.text();
    let status = upstream.status;
    const form = new URLSearchParams(body?.toString() ?? '');
    if (req.path === '/std/token' && form.get('grant_type') === 'password' && status === 200) {
      const json = JSON.parse(text) as Record<string, unknown>;
      text = JSON.stringify(Object.fromEntries(Object.entries(json).map(([k, v]) => [k === 'token_type' ? 'tokenType' : k, v])));
    }
    if (text.includes('"unsupported_grant_type"')) status = 500;
    for (const [name, value] of upstream.headers) if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) res.setHeader(name, value);
    res.status(status).send(text);
  });
  return app;
}

describe('oauth-dialects contract (the built CLI) against the gateway and against a server that differs', () => {
  let gateway: DemoGateway;
  let stub: Server;
  let stubUrl: string;
  let dir: string;

  beforeAll(async () => {
    gateway = await startDemoGateway('standard', 'rfc6749');
    stub = differentServer(gateway.server.url).listen(0, '127.0.0.1');
    await new Promise((resolve) => stub.once('listening', resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'oauthd-contract-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => stub?.close(resolve));
    await gateway?.server.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes against the gateway: one PASS line per check, the summary, exit 0', async () => {
    const result = await runCli(['contract', '--dialect', 'standard', '--base-url', gateway.baseUrl('standard')]);
    const lines = result.stdout.trim().split('\n');
    expect(result.stderr).toBe('');
    expect(lines.slice(0, -1).every((line) => line.startsWith('PASS '))).toBe(true);
    expect(lines.at(-1)).toBe(`${lines.length - 1} passed, 0 failed`);
    expect(result.code).toBe(0);
  });

  it('fails against the different server, naming the renamed field\'s JSON path and the status, exit 1', async () => {
    const report = path.join(dir, 'report.json');
    const result = await runCli(['contract', '--dialect', 'standard', '--base-url', `${stubUrl}/std`, '--json', report]);
    const lines = result.stdout.trim().split('\n');
    const failures = lines.filter((line) => line.startsWith('FAIL '));
    expect(failures).toEqual([
      "FAIL password grant: /token_type: must have required property 'token_type' (required)",
      'FAIL unknown grant type: status 500 ≠ 400',
    ]);
    expect(lines.at(-1)).toBe(`${lines.length - 3} passed, 2 failed`);
    expect(result.code).toBe(1);

    const json = JSON.parse(readFileSync(report, 'utf8')) as ContractReport;
    expect(json).toMatchObject({ dialect: 'standard', profile: 'rfc6749', failed: 2, passed: lines.length - 3 });
    expect(json.checks.filter((c) => !c.passed).map((c) => [c.name, c.status, c.differences[0]])).toEqual([
      ['password grant', 200, "/token_type: must have required property 'token_type' (required)"],
      ['unknown grant type', 500, 'status 500 ≠ 400'],
    ]);
  });

  it('prints only the JSON report on stdout with a bare --json, naming both differences there', async () => {
    const result = await runCli(['contract', '--dialect', 'standard', '--base-url', `${stubUrl}/std`, '--json']);
    const json = JSON.parse(result.stdout) as ContractReport;
    expect(json.failed).toBe(2);
    expect(json.checks.filter((c) => !c.passed).map((c) => c.differences[0])).toEqual([
      "/token_type: must have required property 'token_type' (required)",
      'status 500 ≠ 400',
    ]);
    expect(result.code).toBe(1);
  });

  it('refuses an unknown dialect (a usage error, exit 2) or profile (exit 1) with a message', async () => {
    const unknown = await runCli(['contract', '--dialect', 'nope', '--base-url', stubUrl]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("argument 'nope' is invalid. Allowed choices are standard, cas, ciam, iform, spring, maxkey.");
    const profile = await runCli(['contract', '--dialect', 'cas', '--profile', 'cas9', '--base-url', stubUrl]);
    expect(profile.code).toBe(1);
    expect(profile.stderr).toMatch(/no profile "cas9" \(known: cas5, cas6, cas7\)/);
  });

  it('skips an optional check only when the server chose not to give its value, and fails it when the providing check failed', async () => {
    const cas = gateway.baseUrl('cas');
    const served = await runCli(['contract', '--dialect', 'cas', '--base-url', cas]);
    expect(served.stdout).toContain('SKIP refresh_token grant: no refresh token was issued to this client');
    expect(served.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed, 1 skipped$/);
    expect(served.code).toBe(0);

    const wrongSecret = await runCli(['contract', '--dialect', 'cas', '--base-url', cas, '--client-secret', 'not-the-secret']);
    expect(wrongSecret.stdout).toContain('FAIL refresh_token grant: no refresh_token: the check that provides it failed');
    expect(wrongSecret.stdout).not.toContain('SKIP');
    expect(wrongSecret.code).toBe(1);
  });

  it('passes a dialect\'s own parameters with --param, and refuses one the script does not know', async () => {
    const ciam = await startDemoGateway('ciam', 'sas-0.2');
    try {
      const base = ['contract', '--dialect', 'ciam', '--base-url', ciam.baseUrl('ciam')];
      const wrongSource = await runCli([...base, '--param', 'auth_source_id=NOT_ASSOCIATED']);
      expect(wrongSource.code).toBe(1);
      expect(wrongSource.stdout).toContain('FAIL password grant: status 400 ≠ 200');
      const rightSource = await runCli([...base, '--param', 'auth_source_id=MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID']);
      expect(rightSource.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
      expect(rightSource.code).toBe(0);
      const unknown = await runCli([...base, '--param', 'tenant=x']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/dialect ciam has no parameter "tenant" \(known: auth_source_id, client_scope\)/);
    } finally {
      await ciam.server.shutdown();
    }
  });
});
