/** The bench's settings, read from the environment. See bench/README.md for what each one means. */

export interface Settings {
  /** Seconds measured per target and round. */
  duration: number;
  /** Seconds of warm-up before each measured run. */
  warmup: number;
  rounds: number;
  connections: number;
  /** client_credentials tokens issued for the Redis memory measurement. */
  memoryTokens: number;
  /** Password grants (access + refresh token) issued for the same measurement; each costs a bcrypt check. */
  memoryBundles: number;
  /** Live tokens of the large-store run; 0 skips it. */
  liveTokens: number;
  /** Engine calls in flight while preloading the large store. */
  preloadConcurrency: number;
  /** Connections of the wrong-password flood; 0 skips it. */
  floodConnections: number;
  /** Sequential legitimate password grants measured idle and under the flood. */
  floodSamples: number;
  /** `flood`: only the flood part (a quick check of admission control). */
  only: 'all' | 'flood';
  redisServer: string;
}

export const DEFAULTS = {
  duration: 5,
  warmup: 1,
  rounds: 3,
  connections: 32,
  memoryTokens: 20_000,
  memoryBundles: 10_000,
  liveTokens: 1_000_000,
  preloadConcurrency: 512,
  floodConnections: 16,
  floodSamples: 20,
} as const;

/** The size of the small store the large one is compared with. */
export const SMALL_LIVE_TOKENS = 10_000;
/** The small level's issuance runs add another SMALL_LIVE_TOKENS; the large store must be well above that. */
export const MIN_LIVE_TOKENS = 5 * SMALL_LIVE_TOKENS;

/** Reads and checks the settings; throws with the variable's name when one is invalid. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const settings: Settings = {
    duration: numberFromEnv(env, 'BENCH_DURATION', DEFAULTS.duration, { integer: false }),
    warmup: numberFromEnv(env, 'BENCH_WARMUP', DEFAULTS.warmup, { integer: false, allowZero: true }),
    rounds: numberFromEnv(env, 'BENCH_ROUNDS', DEFAULTS.rounds, { integer: true }),
    connections: numberFromEnv(env, 'BENCH_CONNECTIONS', DEFAULTS.connections, { integer: true }),
    memoryTokens: numberFromEnv(env, 'BENCH_MEMORY_TOKENS', DEFAULTS.memoryTokens, { integer: true }),
    memoryBundles: numberFromEnv(env, 'BENCH_MEMORY_BUNDLES', DEFAULTS.memoryBundles, { integer: true }),
    liveTokens: numberFromEnv(env, 'BENCH_LIVE_TOKENS', DEFAULTS.liveTokens, { integer: true, allowZero: true }),
    preloadConcurrency: numberFromEnv(env, 'BENCH_PRELOAD_CONCURRENCY', DEFAULTS.preloadConcurrency, { integer: true }),
    floodConnections: numberFromEnv(env, 'BENCH_FLOOD_CONNECTIONS', DEFAULTS.floodConnections, { integer: true, allowZero: true }),
    floodSamples: numberFromEnv(env, 'BENCH_FLOOD_SAMPLES', DEFAULTS.floodSamples, { integer: true }),
    only: readOnly(env.BENCH_ONLY),
    redisServer: env.BENCH_REDIS_SERVER?.trim() || 'redis-server',
  };
  if (settings.liveTokens > 0 && settings.liveTokens < MIN_LIVE_TOKENS) {
    throw new Error(`BENCH_LIVE_TOKENS=${settings.liveTokens}: expected 0 (skip) or at least ${MIN_LIVE_TOKENS}, so the large store is well above the ${SMALL_LIVE_TOKENS} it is compared with`);
  }
  return settings;
}

function readOnly(raw: string | undefined): Settings['only'] {
  const value = raw?.trim() || 'all';
  if (value !== 'all' && value !== 'flood') throw new Error(`BENCH_ONLY=${value}: expected "all" or "flood"`);
  return value;
}

function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, kind: { integer: boolean; allowZero?: boolean }): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  const allowZero = kind.allowZero ?? false;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || (kind.integer && !Number.isInteger(value))) {
    throw new Error(`${name}=${raw}: expected a ${allowZero ? 'non-negative' : 'positive'} ${kind.integer ? 'integer' : 'number'}`);
  }
  return value;
}
