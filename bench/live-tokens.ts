/**
 * Does latency hold as the store grows? Issuance and introspection p99 with 10k live tokens,
 * then again after the engine has preloaded the store to BENCH_LIVE_TOKENS (1M by default).
 * Introspection asks about tokens spread over the whole store, not one hot key.
 */
import type { ChildServer } from './children';
import type { GatewaySetup } from './gateway-config';
import { loadInterrupted, runLoad, type Measurement, type Target } from './load';
import type { PreloadRequest, PreloadResult } from './servers/preload';
import type { BenchRedis } from './redis-server';
import { check } from './rounds';
import { median, ratio } from './stats';
import { formTarget, introspectionBody, isActive } from './targets';
import { SMALL_LIVE_TOKENS } from './settings';

export interface LevelResult {
  liveTokensAtStart: number;
  /** The issuance runs add tokens: the level ends with this many. */
  liveTokensAtEnd: number;
  issuance: Measurement[];
  introspection: Measurement[];
  issuanceP99Ms: number;
  introspectionP99Ms: number;
  /** used_memory and DBSIZE at the end of the level. */
  usedMemory: number;
  keys: number;
  /** (used_memory at the end − used_memory of the empty store) / live tokens at the end. */
  bytesPerLiveToken: number;
}

export interface LiveTokensResult {
  small: LevelResult;
  large: LevelResult;
  preload: { tokens: number; seconds: number; perSecond: number };
  issuanceP99Ratio: number;
  introspectionP99Ratio: number;
}

export interface LivePlan {
  liveTokens: number;
  rounds: number;
  warmupSeconds: number;
  seconds: number;
  connections: number;
  preloadConcurrency: number;
}

/** Issuance requests per round at each level: together they add as many tokens as the small store holds. */
export function issuanceRequestsPerRound(rounds: number): number {
  return Math.ceil(SMALL_LIVE_TOKENS / rounds);
}

const SAMPLE_SIZE = 10_000;
const PRELOAD_CHUNK = 100_000;

export async function measureLiveTokens(
  redis: BenchRedis,
  gateway: ChildServer,
  gatewayUrl: string,
  setup: GatewaySetup,
  issuance: Target,
  plan: LivePlan,
  failures: string[],
): Promise<LiveTokensResult> {
  await redis.flush();
  const emptyStoreMemory = await redis.usedMemory();
  let live = 0;
  const preload = async (count: number): Promise<{ sample: string[]; seconds: number }> => {
    const sample: string[] = [];
    let seconds = 0;
    for (let done = 0; done < count && !loadInterrupted(); ) {
      const chunk = Math.min(PRELOAD_CHUNK, count - done);
      const request: PreloadRequest = {
        clientId: setup.clients.standard.clientId,
        clientSecret: setup.clients.standard.secret,
        scope: [setup.scope],
        count: chunk,
        concurrency: plan.preloadConcurrency,
        sampleEvery: Math.max(1, Math.floor(count / SAMPLE_SIZE)),
      };
      const result = await gateway.call<PreloadResult>('preload', request, 600_000);
      sample.push(...result.sample);
      seconds += result.seconds;
      done += result.issued;
      live += result.issued;
      if (count > PRELOAD_CHUNK) console.log(`  preloaded ${live} live tokens (${(result.issued / result.seconds).toFixed(0)} tokens/s)`);
    }
    if (loadInterrupted()) throw new Error('interrupted');
    return { sample, seconds };
  };

  const measureLevel = async (sample: string[]): Promise<LevelResult> => {
    const liveTokensAtStart = live;
    const introspection: Target = {
      ...formTarget('gateway.introspection.spread', 'gateway introspection (spread)', `${gatewayUrl}/std/introspect`, '', setup.clients.standard.authorization, isActive),
      nextBody: () => introspectionBody(sample[Math.floor(Math.random() * sample.length)]),
    };
    const level = { issuance: [] as Measurement[], introspection: [] as Measurement[] };
    if (plan.warmupSeconds > 0) check(introspection, await runLoad(introspection, { seconds: plan.warmupSeconds }, plan.connections), 'warm-up', failures);
    for (let round = 1; round <= plan.rounds; round++) {
      const looked = await runLoad(introspection, { seconds: plan.seconds }, plan.connections);
      check(introspection, looked, `${liveTokensAtStart} live, round ${round}`, failures);
      const issued = await runLoad(issuance, { requests: issuanceRequestsPerRound(plan.rounds) }, plan.connections);
      check(issuance, issued, `${liveTokensAtStart} live, round ${round}`, failures);
      live += issued.totalRequests;
      level.introspection.push(looked);
      level.issuance.push(issued);
      console.log(`  round ${round}: introspection p99 ${looked.p99Ms} ms (${looked.requestsPerSecond.toFixed(0)} req/s), issuance p99 ${issued.p99Ms} ms (${issued.requestsPerSecond.toFixed(0)} req/s)`);
    }
    const usedMemory = await redis.usedMemory();
    return {
      liveTokensAtStart,
      liveTokensAtEnd: live,
      ...level,
      issuanceP99Ms: median(level.issuance.map((m) => m.p99Ms)),
      introspectionP99Ms: median(level.introspection.map((m) => m.p99Ms)),
      usedMemory,
      keys: await redis.keyCount(),
      bytesPerLiveToken: (usedMemory - emptyStoreMemory) / live,
    };
  };

  console.log(`live tokens: ${SMALL_LIVE_TOKENS} preloaded through the engine`);
  const small = await measureLevel((await preload(SMALL_LIVE_TOKENS)).sample);
  const toLoad = plan.liveTokens - live;
  console.log(`live tokens: preloading ${toLoad} more through the engine (${plan.preloadConcurrency} in flight)`);
  const big = await preload(toLoad);
  console.log(`live tokens: ${live} live`);
  const large = await measureLevel(big.sample);
  return {
    small,
    large,
    preload: { tokens: toLoad, seconds: big.seconds, perSecond: toLoad / big.seconds },
    issuanceP99Ratio: ratio(large.issuanceP99Ms, small.issuanceP99Ms),
    introspectionP99Ratio: ratio(large.introspectionP99Ms, small.introspectionP99Ms),
  };
}
