/** The bench's settings, read from the environment. See bench/README.md for what each one means. */

export interface Settings {
  redisUrl: string;
  duration: number;
  connections: number;
  workers: number;
}

export const DEFAULT_DURATION_SECONDS = 8;

/** Reads and checks the settings; throws with the variable's name when one is invalid. */
export function readSettings(): Settings {
  const settings: Settings = {
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    duration: numberFromEnv('BENCH_DURATION', DEFAULT_DURATION_SECONDS, { integer: false }),
    connections: numberFromEnv('BENCH_CONNECTIONS', 32, { integer: true }),
    workers: numberFromEnv('BENCH_WORKERS', 0, { integer: true, allowZero: true }),
  };
  requireLoopback(settings.redisUrl);
  return settings;
}

function numberFromEnv(name: string, fallback: number, kind: { integer: boolean; allowZero?: boolean }): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  const allowZero = kind.allowZero ?? false;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || (kind.integer && !Number.isInteger(value))) {
    throw new Error(`${name}=${raw}: expected a ${allowZero ? 'non-negative' : 'positive'} ${kind.integer ? 'integer' : 'number'}`);
  }
  return value;
}

/** The load must stay on this machine: refuse a Redis URL that is not loopback. */
function requireLoopback(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`REDIS_URL must point at a local Redis (127.0.0.1, ::1 or localhost), not ${host}`);
  }
}
