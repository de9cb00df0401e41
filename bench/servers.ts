/** The two servers under load, both in this process: the gateway on Redis and an express hello-world. */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import express from 'express';
import pino from 'pino';
import { DIALECTS } from '../dialects';
import { loadConfig } from '../src/config/load';
import type { RawConfig } from '../src/config/types';
import { createRuntime } from '../src/runtime';
import { listen } from '../src/server';

const HOST = '127.0.0.1';
const CLIENT_ID = 'bench';
const BCRYPT_COST = 10;

export interface StartedServer {
  url: string;
  close(): Promise<void>;
}

export interface BenchClient {
  /** The HTTP Basic header that authenticates the client. */
  authorization: string;
  secretHash: string;
}

/** The gateway's one confidential client, with a bcrypt-hashed secret so the gateway really verifies one. */
export async function createBenchClient(): Promise<BenchClient> {
  const secret = randomBytes(24).toString('base64url');
  return {
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    secretHash: await bcrypt.hash(secret, BCRYPT_COST),
  };
}

/** The standard dialect only, with the bench client, storing under the given Redis key prefix. */
export function gatewayConfig(redisUrl: string, keyPrefix: string, client: BenchClient): RawConfig {
  return loadConfig(
    {
      issuer: 'http://127.0.0.1/bench',
      store: { url: redisUrl, key_prefix: keyPrefix },
      secret: randomBytes(32).toString('base64url'),
      clients: [{ client_id: CLIENT_ID, client_secret: client.secretHash, grant_types: ['client_credentials'], scopes: ['read'] }],
      users: [],
      dialects: { standard: { enabled: true } },
    },
    DIALECTS,
  );
}

export async function startGateway(config: RawConfig): Promise<StartedServer> {
  const logger = pino({ level: 'silent' });
  const runtime = await createRuntime({ config, dialects: DIALECTS, logger });
  try {
    const gateway = await listen(runtime, 0, HOST, logger, 2_000);
    return { url: gateway.url, close: () => gateway.shutdown() }; // shutdown closes the runtime too
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** `GET /hello` → `hello`: the cheapest thing express can do, as the baseline. */
export async function startBaseline(): Promise<StartedServer> {
  const app = express();
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { url: `http://${HOST}:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
