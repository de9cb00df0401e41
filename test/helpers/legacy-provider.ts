import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { serveCli, type ServingCli } from './cli';

/**
 * What the cut-over suites share: a built gateway process plays the legacy provider, others
 * name it as their upstream; each is started from a config file of its own.
 */

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
export const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

/** A form POST for `fetch`, with an Authorization header when given. */
export const form = (fields: Record<string, string>, auth?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth ? { authorization: auth } : {}) },
  body: new URLSearchParams(fields).toString(),
});

export function writeConfig(dir: string, name: string, config: Record<string, unknown>): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** `serve` on a free port with this config, written to `dir` as `<name>.json`. */
export function serveConfig(dir: string, name: string, config: Record<string, unknown>, port = 0): Promise<ServingCli> {
  return serveCli(['--port', String(port), '--config', writeConfig(dir, name, config)]);
}

/** A gateway of its own: issuer `http://<name>.test`, a memory store and server secret of its own, cheap bcrypt. */
export function ownGateway(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { issuer: `http://${name}.test`, store: 'memory', secret: `${name}-gateway-secret-0123456789abcdef0123`, bcrypt: { cost: 4 }, ...extra };
}
