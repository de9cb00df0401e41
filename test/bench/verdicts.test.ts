import { readSettings } from '../../bench/settings';
import { median, spread } from '../../bench/stats';
import { comparisons, floodComparisons, passes, type ThroughputSummaries } from '../../bench/verdicts';
import type { FloodResult } from '../../bench/flood';
import type { Summary } from '../../bench/rounds';
import type { MemoryResult } from '../../bench/memory';
import type { LiveTokensResult } from '../../bench/live-tokens';

const at = (requestsPerSecond: number): Summary => ({ requestsPerSecond, p50Ms: 1, p99Ms: 2, spread: 0 });

function throughput(gateway: number, oidcProvider: number, floor: number, ciam: number): ThroughputSummaries {
  return {
    hello: at(10_000),
    floor: { clientCredentials: at(floor), introspection: at(floor) },
    oidcProvider: { clientCredentials: at(oidcProvider), introspection: at(oidcProvider) },
    gateway: { clientCredentials: at(gateway), introspection: at(gateway) },
    dialects: [
      { name: 'gateway CAS (AT-n ticket)', summary: at(gateway / 2) },
      { name: 'gateway CIAM (RS256 JWT)', summary: at(ciam) },
    ],
  };
}

const memory = (bytesPerToken: number) => [{ bytesPerToken } as MemoryResult];
const live = (issuanceP99Ratio: number, introspectionP99Ratio: number) => ({ issuanceP99Ratio, introspectionP99Ratio }) as LiveTokensResult;

function verdicts(list: ReturnType<typeof comparisons>): Record<string, boolean | undefined> {
  return Object.fromEntries(list.map((c) => [c.name, passes(c)]));
}

describe('bench verdicts', () => {
  it('passes every target when the gateway beats oidc-provider by 10 %, stays within 15 % of the floor and CIAM within 20 % of opaque', () => {
    const result = verdicts(comparisons(throughput(1100, 1000, 1290, 880), memory(400), live(1.2, 1)));
    expect(result).toEqual({
      'client_credentials: gateway / oidc-provider': true,
      'client_credentials: gateway / floor': true,
      'introspection: gateway / oidc-provider': true,
      'introspection: gateway / floor': true,
      'gateway CAS (AT-n ticket) / standard opaque': undefined,
      'gateway CIAM (RS256 JWT) / standard opaque': true,
      'floor client_credentials / express hello': undefined,
      'gateway client_credentials / express hello': undefined,
      'Redis bytes per live client_credentials token': true,
      'issuance p99: large store / 10k': true,
      'introspection p99: large store / 10k': true,
    });
  });

  it('fails each target just past its limit', () => {
    const result = verdicts(comparisons(throughput(1099, 1000, 1300, 879), memory(401), live(1.21, 1.3)));
    expect(Object.entries(result).filter(([, passed]) => passed === false).map(([name]) => name)).toEqual([
      'client_credentials: gateway / oidc-provider',
      'client_credentials: gateway / floor',
      'introspection: gateway / oidc-provider',
      'introspection: gateway / floor',
      'gateway CIAM (RS256 JWT) / standard opaque',
      'Redis bytes per live client_credentials token',
      'issuance p99: large store / 10k',
      'introspection p99: large store / 10k',
    ]);
  });

  it('reports the ratios themselves, and a target with no measurement fails', () => {
    const list = comparisons(throughput(1500, 1000, 2000, 750), memory(300), undefined);
    expect(list.find((c) => c.name === 'client_credentials: gateway / floor')?.value).toBeCloseTo(0.75);
    expect(list.find((c) => c.name === 'gateway CIAM (RS256 JWT) / standard opaque')?.value).toBeCloseTo(0.5);
    expect(list.some((c) => c.name.includes('p99'))).toBe(false);
    expect(passes({ name: 'x', value: Number.NaN, target: { kind: 'min', limit: 1 } })).toBe(false);
  });
});

describe('bench statistics', () => {
  it('takes the median and the spread over rounds', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spread([90, 100, 110])).toBeCloseTo(0.2);
  });
});

describe('the flood verdict', () => {
  const flood = (idleMedianMs: number, floodMedianMs: number): FloodResult => ({
    connections: 16,
    idleMedianMs,
    floodMedianMs,
    flood: { total: 200, checked: 50, lockedOut: 30, overloaded: 120, other: 0, seconds: 3 },
    legitFailures: 0,
  });

  it('holds the legitimate password grant to twice its idle median, and reports the refused share', () => {
    const [latency, refused] = floodComparisons(flood(60, 120));
    expect(passes(latency)).toBe(true);
    expect(passes(floodComparisons(flood(60, 121))[0])).toBe(false);
    expect(refused).toMatchObject({ value: 0.75 });
    expect(passes(refused)).toBeUndefined();
    expect(floodComparisons(undefined)).toEqual([]);
  });
});

describe('bench settings', () => {
  it('uses the defaults: 3 rounds, 32 connections, 1M live tokens', () => {
    expect(readSettings({})).toMatchObject({ rounds: 3, connections: 32, liveTokens: 1_000_000, memoryTokens: 20_000 });
  });

  it('skips the large store with BENCH_LIVE_TOKENS=0 and refuses one too small to compare', () => {
    expect(readSettings({ BENCH_LIVE_TOKENS: '0' }).liveTokens).toBe(0);
    expect(() => readSettings({ BENCH_LIVE_TOKENS: '20000' })).toThrow(/BENCH_LIVE_TOKENS=20000: expected 0 \(skip\) or at least 50000/);
  });

  it('runs the flood by default, skips it with BENCH_FLOOD_CONNECTIONS=0, and runs it alone with BENCH_ONLY=flood', () => {
    expect(readSettings({})).toMatchObject({ floodConnections: 16, floodSamples: 20, only: 'all' });
    expect(readSettings({ BENCH_FLOOD_CONNECTIONS: '0' }).floodConnections).toBe(0);
    expect(readSettings({ BENCH_ONLY: 'flood' }).only).toBe('flood');
    expect(() => readSettings({ BENCH_ONLY: 'memory' })).toThrow('BENCH_ONLY=memory: expected "all" or "flood"');
  });

  it('names the variable of a bad value', () => {
    expect(() => readSettings({ BENCH_ROUNDS: '2.5' })).toThrow('BENCH_ROUNDS=2.5: expected a positive integer');
    expect(() => readSettings({ BENCH_CONNECTIONS: '0' })).toThrow('BENCH_CONNECTIONS=0: expected a positive integer');
  });
});
