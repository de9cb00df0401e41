/** How long a run with these settings takes, roughly: printed at the start and used by the watchdog. */
import { issuanceRequestsPerRound } from './live-tokens';
import type { Settings } from './settings';
import { SMALL_LIVE_TOKENS } from './settings';

/** Targets in each throughput round: hello, floor ×2, oidc-provider ×2, gateway ×2, five dialects. */
export const THROUGHPUT_TARGETS = 12;

/** Rates measured on a 2-core machine, on the slow side, so the estimate errs long. */
const ASSUMED = { issuancePerSecond: 2_000, passwordGrantsPerSecond: 400, preloadPerSecond: 10_000, startSeconds: 15, perRunOverheadSeconds: 0.3 };

export function estimateSeconds(settings: Settings): number {
  const run = (seconds: number) => seconds + ASSUMED.perRunOverheadSeconds;
  const throughput = THROUGHPUT_TARGETS * (run(settings.warmup) + settings.rounds * (run(settings.warmup) + run(settings.duration)));
  const memory = settings.memoryTokens / ASSUMED.issuancePerSecond + settings.memoryBundles / ASSUMED.passwordGrantsPerSecond;
  const level = run(settings.warmup) + settings.rounds * (run(settings.duration) + issuanceRequestsPerRound(settings.rounds) / ASSUMED.issuancePerSecond);
  const live = settings.liveTokens > 0 ? 2 * level + settings.liveTokens / ASSUMED.preloadPerSecond + SMALL_LIVE_TOKENS / ASSUMED.preloadPerSecond : 0;
  const flood = settings.floodConnections > 0 ? 30 : 0;
  if (settings.only === 'flood') return ASSUMED.startSeconds + flood;
  return ASSUMED.startSeconds + throughput + memory + live + flood;
}
