/** One autocannon run against one target, from this process (the servers run in children). */
import autocannon from 'autocannon';

export interface Target {
  /** Stable identifier, used in the results file. */
  id: string;
  /** Shown in the tables. */
  label: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Builds each request's body (e.g. to introspect many different tokens); overrides `body`. */
  nextBody?: () => string;
  /** A 2xx response whose body fails this check counts as a mismatch, and a mismatch fails the run. */
  verify: (body: string) => boolean;
}

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  totalRequests: number;
  /** From the start of the run to its last response. */
  seconds: number;
  non2xx: number;
  mismatches: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export type Extent = { seconds: number } | { requests: number };

let interrupted = false;
const runningInstances = new Set<autocannon.Instance>();

/** Stops the runs under way; no further run starts. */
export function interruptLoad(): void {
  interrupted = true;
  for (const instance of runningInstances) instance.stop();
}

export function loadInterrupted(): boolean {
  return interrupted;
}

export async function runLoad(target: Target, extent: Extent, connections: number): Promise<Measurement> {
  if (interrupted) throw new Error('interrupted');
  const { nextBody } = target;
  // autocannon reports a run's duration in whole sample intervals (1 s): a run of N requests that
  // ends at 1.2 s reads as 2 s. The rate is taken from the last response's time instead.
  const startedAt = process.hrtime.bigint();
  let lastResponseAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        body: target.body,
        ...('seconds' in extent ? { duration: extent.seconds } : { amount: extent.requests }),
        connections,
        timeout: 10,
        verifyBody: (body: unknown) => target.verify(String(body)),
        ...(nextBody ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: nextBody() }) }] } : {}),
      },
      (error: unknown, outcome: autocannon.Result) => {
        runningInstances.delete(instance);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(outcome);
      },
    );
    instance.on('response', () => {
      lastResponseAt = process.hrtime.bigint();
    });
    runningInstances.add(instance);
  });
  if (interrupted) throw new Error('interrupted');
  return measurementOf(result, Number(lastResponseAt - startedAt) / 1e9);
}

/** True when every response of the run was a 2xx with a body that passed the target's check. */
export function isClean(m: Measurement): boolean {
  return m.non2xx === 0 && m.mismatches === 0 && m.errors === 0 && m.timeouts === 0;
}

export function describeFailures(m: Measurement): string {
  return `${m.non2xx} non-2xx, ${m.mismatches} unexpected bodies, ${m.errors} request errors (${m.timeouts} timeouts); status codes ${JSON.stringify(m.statusCodes)}`;
}

function measurementOf(result: autocannon.Result, seconds: number): Measurement {
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    requestsPerSecond: seconds > 0 ? result.requests.total / seconds : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    totalRequests: result.requests.total,
    seconds,
    non2xx: result.non2xx,
    mismatches: (result as autocannon.Result & { mismatches?: number }).mismatches ?? 0,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}
