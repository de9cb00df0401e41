import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import YAML from 'yaml';
import { childEnv } from '../helpers/child-env';

/** The health checks of the image (Dockerfile) and of docker-compose.yml's gateway service. */
const ROOT = path.resolve(__dirname, '../..');
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const compose = YAML.parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: { gateway: { healthcheck: { test: string[] } } };
};

/** The exec-form JSON array of the first Dockerfile instruction matching (HEALTHCHECK: the one after its options). */
function execForm(instruction: RegExp): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, '');
  const line = joined.split('\n').find((l) => instruction.test(l));
  if (!line) throw new Error(`no ${instruction} in the Dockerfile`);
  return JSON.parse(line.slice(line.indexOf('['))) as string[];
}

const imageProbe = execForm(/^HEALTHCHECK /);
// Compose writes a literal `$` as `$$`.
const composeProbe = compose.services.gateway.healthcheck.test.map((part) => part.replaceAll('$$', '$'));

/** Runs the probe the way Docker does, with PORT set as in the container; resolves with its exit code. */
function runProbe(port: number): Promise<number> {
  const [node, ...args] = composeProbe.slice(1);
  expect(node).toBe('node');
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: childEnv({ PORT: String(port) }), timeout: 10_000 }, (error) => {
      resolve(error ? Number(error.code ?? 1) : 0);
    });
  });
}

describe('container health check', () => {
  let server: Server;
  let port: number;
  let ready = true;

  beforeAll(async () => {
    // /healthz always 200; /readyz 200 or 503, as the gateway answers while its store is up or down.
    server = createServer((req, res) => {
      res.statusCode = req.url === '/healthz' || (req.url === '/readyz' && ready) ? 200 : req.url === '/readyz' ? 503 : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('is the same probe in the Dockerfile and in docker-compose.yml', () => {
    expect(imageProbe[0]).toBe('node');
    expect(composeProbe).toEqual(['CMD', ...imageProbe]);
  });

  it('the image serves on PORT, so the probe and the server agree on the port', () => {
    expect(dockerfile).toMatch(/^ENV .*\bPORT=8080\b/m);
    const cmd = execForm(/^CMD /);
    expect(cmd).toEqual(['serve', '--host', '0.0.0.0']);
  });

  it('passes while /readyz answers 200 on PORT, fails on a 503 from /readyz and when nothing listens', async () => {
    ready = true;
    await expect(runProbe(port)).resolves.toBe(0);
    ready = false;
    await expect(runProbe(port)).resolves.toBe(1);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(runProbe(closedPort)).resolves.toBe(1);
  });
});
