/**
 * Interleaved rounds: every target once per round (A B C … A B C …), each after a short
 * warm-up, so a slow patch of the machine hits every target rather than one.
 */
import { describeFailures, isClean, runLoad, type Measurement, type Target } from './load';
import { median, spread } from './stats';

export interface TargetRounds {
  target: Target;
  warmups: Measurement[];
  rounds: Measurement[];
}

export interface Summary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** (max − min) / median of the rounds' req/s. */
  spread: number;
}

export interface RoundPlan {
  rounds: number;
  warmupSeconds: number;
  seconds: number;
  connections: number;
}

export async function measureInterleaved(targets: Target[], plan: RoundPlan, failures: string[]): Promise<TargetRounds[]> {
  const results = targets.map((target) => ({ target, warmups: [] as Measurement[], rounds: [] as Measurement[] }));
  if (plan.warmupSeconds > 0) {
    // One unmeasured pass first, so round 1 does not pay for every server's first JIT and connections.
    console.log('warm-up pass');
    for (const result of results) {
      const warmup = await runLoad(result.target, { seconds: plan.warmupSeconds }, plan.connections);
      result.warmups.push(warmup);
      check(result.target, warmup, 'warm-up pass', failures);
    }
  }
  for (let round = 1; round <= plan.rounds; round++) {
    console.log(`round ${round}/${plan.rounds}`);
    for (const result of results) {
      if (plan.warmupSeconds > 0) {
        const warmup = await runLoad(result.target, { seconds: plan.warmupSeconds }, plan.connections);
        result.warmups.push(warmup);
        check(result.target, warmup, `round ${round} warm-up`, failures);
      }
      const measured = await runLoad(result.target, { seconds: plan.seconds }, plan.connections);
      result.rounds.push(measured);
      check(result.target, measured, `round ${round}`, failures);
      console.log(`  ${result.target.label.padEnd(36)} ${measured.requestsPerSecond.toFixed(0).padStart(7)} req/s  p99 ${measured.p99Ms} ms`);
    }
  }
  return results;
}

export function summarize(rounds: Measurement[]): Summary {
  const rates = rounds.map((m) => m.requestsPerSecond);
  return {
    requestsPerSecond: median(rates),
    p50Ms: median(rounds.map((m) => m.p50Ms)),
    p99Ms: median(rounds.map((m) => m.p99Ms)),
    spread: spread(rates),
  };
}

/** Records a run with any non-2xx, unexpected body or request error; such a run fails the bench. */
export function check(target: Target, m: Measurement, phase: string, failures: string[]): void {
  if (!isClean(m)) failures.push(`${target.label} (${phase}): ${describeFailures(m)}`);
}
