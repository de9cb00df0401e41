/** The ratios the bench reports and the targets it holds them to. */
import type { LiveTokensResult } from './live-tokens';
import type { FloodResult } from './flood';
import type { MemoryResult } from './memory';
import type { Summary } from './rounds';
import { ratio } from './stats';

export interface Comparison {
  name: string;
  value: number;
  /** `min`: the value must be at least `limit`; `max`: at most. Absent: reported only. */
  target?: { kind: 'min' | 'max'; limit: number };
}

export interface ThroughputSummaries {
  hello: Summary;
  floor: { clientCredentials: Summary; introspection: Summary };
  oidcProvider: { clientCredentials: Summary; introspection: Summary };
  gateway: { clientCredentials: Summary; introspection: Summary };
  dialects: Array<{ name: string; summary: Summary }>;
}

export const TARGETS = {
  versusOidcProvider: 1.1,
  versusFloor: 0.85,
  ciamVersusStandard: 0.8,
  bytesPerClientCredentialsToken: 400,
  p99LargeVersusSmall: 1.2,
  passwordGrantUnderFlood: 2,
};

/** The flood's figures: the legitimate user's latency and how much of the flood was turned away before bcrypt. */
export function floodComparisons(flood: FloodResult | undefined): Comparison[] {
  if (!flood) return [];
  const refused = flood.flood.total === 0 ? 0 : (flood.flood.lockedOut + flood.flood.overloaded) / flood.flood.total;
  return [
    { name: `password grant median under a ${flood.connections}-connection wrong-password flood / idle`, value: ratio(flood.floodMedianMs, flood.idleMedianMs), target: { kind: 'max', limit: TARGETS.passwordGrantUnderFlood } },
    // Reported: the flood's checks never queue (a suspect check runs on a free worker or is refused), so this share says how busy the pool was.
    { name: 'flood answers refused without a bcrypt check (locked out or admission control)', value: refused },
  ];
}

export function comparisons(t: ThroughputSummaries, memory: MemoryResult[], live: LiveTokensResult | undefined): Comparison[] {
  const rps = (s: Summary) => s.requestsPerSecond;
  const list: Comparison[] = [
    { name: 'client_credentials: gateway / oidc-provider', value: ratio(rps(t.gateway.clientCredentials), rps(t.oidcProvider.clientCredentials)), target: { kind: 'min', limit: TARGETS.versusOidcProvider } },
    { name: 'client_credentials: gateway / floor', value: ratio(rps(t.gateway.clientCredentials), rps(t.floor.clientCredentials)), target: { kind: 'min', limit: TARGETS.versusFloor } },
    { name: 'introspection: gateway / oidc-provider', value: ratio(rps(t.gateway.introspection), rps(t.oidcProvider.introspection)), target: { kind: 'min', limit: TARGETS.versusOidcProvider } },
    { name: 'introspection: gateway / floor', value: ratio(rps(t.gateway.introspection), rps(t.floor.introspection)), target: { kind: 'min', limit: TARGETS.versusFloor } },
  ];
  for (const { name, summary } of t.dialects) {
    list.push({
      name: `${name} / standard opaque`,
      value: ratio(rps(summary), rps(t.gateway.clientCredentials)),
      ...(name.startsWith('gateway CIAM') ? { target: { kind: 'min' as const, limit: TARGETS.ciamVersusStandard } } : {}),
    });
  }
  list.push(
    { name: 'floor client_credentials / express hello', value: ratio(rps(t.floor.clientCredentials), rps(t.hello)) },
    { name: 'gateway client_credentials / express hello', value: ratio(rps(t.gateway.clientCredentials), rps(t.hello)) },
  );
  const [clientCredentials] = memory;
  if (clientCredentials) {
    list.push({ name: 'Redis bytes per live client_credentials token', value: clientCredentials.bytesPerToken, target: { kind: 'max', limit: TARGETS.bytesPerClientCredentialsToken } });
  }
  if (live) {
    list.push(
      { name: 'issuance p99: large store / 10k', value: live.issuanceP99Ratio, target: { kind: 'max', limit: TARGETS.p99LargeVersusSmall } },
      { name: 'introspection p99: large store / 10k', value: live.introspectionP99Ratio, target: { kind: 'max', limit: TARGETS.p99LargeVersusSmall } },
    );
  }
  return list;
}

export function passes(c: Comparison): boolean | undefined {
  if (!c.target) return undefined;
  if (!Number.isFinite(c.value)) return false;
  return c.target.kind === 'min' ? c.value >= c.target.limit : c.value <= c.target.limit;
}
