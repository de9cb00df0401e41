/**
 * A wrong-password flood against a legitimate user: the gateway's bcrypt admission control and
 * lock-out must keep the user's password grant within 2× its idle latency, and turn the flood
 * away rather than queue it. A gateway of its own (fresh counters), on the bench's Redis.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import bcrypt from 'bcryptjs';
import { startChild } from './children';
import { credentials } from './gateway-config';
import { median } from './stats';

/** What a production deployment uses: the cost the flood makes expensive. */
const PASSWORD_COST = 10;
const VICTIMS = 50;
const LEGIT_ADDRESS = '10.200.0.1';

export interface FloodSettings {
  connections: number;
  /** Sequential legitimate password grants measured idle, then again under the flood. */
  samples: number;
}

export interface FloodResult {
  connections: number;
  idleMedianMs: number;
  floodMedianMs: number;
  /** Flood answers by kind: checked (bcrypt ran, wrong password), locked out, refused by admission control. */
  flood: { total: number; checked: number; lockedOut: number; overloaded: number; other: number; seconds: number };
  legitFailures: number;
}

function grant(url: string, authorization: string, username: string, password: string, address: string, agent: http.Agent): Promise<{ status: number; ms: number }> {
  const body = `grant_type=password&username=${encodeURIComponent(username)}&password=${encodeURIComponent(password)}`;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/std/token`,
      { method: 'POST', agent, headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': address } },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs `samples` legitimate grants one after the other; their median latency, and how many failed. */
async function legitRun(url: string, authorization: string, user: { username: string; password: string }, samples: number): Promise<{ medianMs: number; failures: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let failures = 0;
  try {
    for (let i = 0; i < samples; i++) {
      const { status, ms } = await grant(url, authorization, user.username, user.password, LEGIT_ADDRESS, agent);
      if (status !== 200) failures++;
      times.push(ms);
    }
  } finally {
    agent.destroy();
  }
  return { medianMs: median(times), failures };
}

export async function measureFlood(redisUrl: string, keyPrefix: string, settings: FloodSettings, failures: string[]): Promise<FloodResult> {
  const client = credentials('bench-flood');
  const legit = { username: 'legit-user', password: randomBytes(12).toString('base64url') };
  const [secretHash, legitHash, victimHash] = await Promise.all([bcrypt.hash(client.secret, PASSWORD_COST), bcrypt.hash(legit.password, PASSWORD_COST), bcrypt.hash(randomBytes(12).toString('base64url'), PASSWORD_COST)]);
  const config = {
    issuer: 'http://127.0.0.1/bench-flood',
    store: { url: redisUrl, key_prefix: keyPrefix },
    secret: randomBytes(32).toString('base64url'),
    log_level: 'silent',
    http: { trust_proxy: true },
    clients: [{ client_id: client.clientId, client_secret: secretHash, grant_types: ['password'], scopes: ['read'] }],
    users: [{ username: legit.username, password: legitHash }, ...Array.from({ length: VICTIMS }, (_, i) => ({ username: `victim-${i}`, password: victimHash }))],
    dialects: { standard: { enabled: true } },
  };
  const gateway = await startChild('gateway (flood)', path.join(__dirname, 'servers', 'gateway.js'), { config });
  try {
    // The client secret is verified once here and remembered, as in production.
    const warm = await legitRun(gateway.url, client.authorization, legit, 3);
    if (warm.failures > 0) failures.push(`flood: the legitimate password grant failed before the flood (${warm.failures} of 3)`);
    const idle = await legitRun(gateway.url, client.authorization, legit, settings.samples);

    const counts = { total: 0, checked: 0, lockedOut: 0, overloaded: 0, other: 0 };
    let connection = 0;
    const startedAt = Date.now();
    let finish: (result: { errors: number; timeouts: number } | undefined) => void = () => undefined;
    const finished = new Promise<{ errors: number; timeouts: number } | undefined>((resolve) => (finish = resolve));
    const instance = autocannon({
      url: `${gateway.url}/std/token`,
      method: 'POST',
      connections: settings.connections,
      duration: 600,
      timeout: 10,
      headers: { authorization: client.authorization, 'content-type': 'application/x-www-form-urlencoded' },
      // Each connection is one attacking address, guessing passwords of the victims in turn.
      setupClient: (c: autocannon.Client) => {
        const n = connection++;
        c.setHeaders({ authorization: client.authorization, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.100.${n}.1` });
      },
      requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: `grant_type=password&username=victim-${Math.floor(Math.random() * VICTIMS)}&password=${randomBytes(6).toString('hex')}` }) }],
      verifyBody: (body: unknown) => {
        const text = String(body);
        counts.total++;
        if (text.includes('too many failed attempts')) counts.lockedOut++;
        else if (text.includes('too many credential checks')) counts.overloaded++;
        else if (text.includes('"invalid_grant"')) counts.checked++;
        else counts.other++;
        return true;
      },
    }, (_error, result) => finish(result));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const flooded = await legitRun(gateway.url, client.authorization, legit, settings.samples);
    instance.stop();
    const floodRun = await finished;
    // Without these the latency ratio could pass on a flood that never arrived, or whose checks queued past the timeout.
    if (counts.total === 0) failures.push('flood: no flood request was answered');
    if (floodRun && floodRun.timeouts > 0) failures.push(`flood: ${floodRun.timeouts} flood request(s) timed out (queued rather than turned away)`);
    if (floodRun && floodRun.errors > floodRun.timeouts) failures.push(`flood: ${floodRun.errors - floodRun.timeouts} flood request(s) failed at the connection`);
    if (flooded.failures + idle.failures > 0) failures.push(`flood: ${flooded.failures + idle.failures} legitimate password grant(s) failed`);
    if (counts.other > 0) failures.push(`flood: ${counts.other} flood answer(s) of an unexpected kind`);
    return {
      connections: settings.connections,
      idleMedianMs: idle.medianMs,
      floodMedianMs: flooded.medianMs,
      flood: { ...counts, seconds: (Date.now() - startedAt) / 1000 },
      legitFailures: flooded.failures + idle.failures,
    };
  } finally {
    await gateway.stop();
  }
}
