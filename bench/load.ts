/** The autocannon runs: a warm-up, then the measured run, for each target in turn. */
import autocannon from 'autocannon';
import { BcryptPool } from '../src/core/secrets/bcrypt-pool';
import type { Settings } from './settings';

export const WARMUP_SECONDS = 1;

export interface Target {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  totalRequests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** bcrypt comparisons the gateway ran during this phase (0 when the secret cache holds). */
  bcryptCompares: number;
}

export interface TargetResult {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  warmup: Measurement;
  measured: Measurement;
}

let bcryptCompares = 0;

/** Counts bcrypt comparisons in the gateway's pool (bench instrumentation; the pool is unchanged). Call once. */
export function countBcryptCompares(): void {
  const original = BcryptPool.prototype.compare;
  BcryptPool.prototype.compare = function compare(this: BcryptPool, plain: string, hash: string) {
    bcryptCompares++;
    return original.call(this, plain, hash);
  };
}

let interrupted = false;
/** The running autocannon instance, so a signal can stop it and the run still cleans up. */
let running: autocannon.Instance | undefined;

/** Stops the run under way; no further run starts. */
export function interruptLoad(): void {
  interrupted = true;
  running?.stop();
}

export function loadInterrupted(): boolean {
  return interrupted;
}

/** Measures the targets one after another; after an interruption, returns the ones finished so far. */
export async function measureTargets(targets: Target[], settings: Settings): Promise<TargetResult[]> {
  const results: TargetResult[] = [];
  for (const target of targets) {
    if (interrupted) break;
    results.push(await measure(target, settings));
  }
  return results;
}

async function measure(target: Target, settings: Settings): Promise<TargetResult> {
  process.stdout.write(`${target.name}: warm-up ${WARMUP_SECONDS} s, then ${settings.duration} s × ${settings.connections} connections … `);
  let before = bcryptCompares;
  const warmup = measurementOf(await cannon(target, WARMUP_SECONDS, settings), bcryptCompares - before);
  before = bcryptCompares;
  const measured = measurementOf(await cannon(target, settings.duration, settings), bcryptCompares - before);
  process.stdout.write(`${Math.round(measured.requestsPerSecond)} req/s\n`);
  return { name: target.name, method: target.method, url: target.url, warmup, measured };
}

function cannon(target: Target, seconds: number, settings: Settings): Promise<autocannon.Result> {
  if (interrupted) return Promise.reject(new Error('interrupted'));
  return new Promise((resolve, reject) => {
    running = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        body: target.body,
        duration: seconds,
        connections: settings.connections,
        ...(settings.workers > 0 ? { workers: settings.workers } : {}),
        timeout: 10,
      },
      (error: unknown, result: autocannon.Result) => {
        running = undefined;
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(result);
      },
    );
  });
}

function measurementOf(result: autocannon.Result, compares: number): Measurement {
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    totalRequests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    bcryptCompares: compares,
  };
}
