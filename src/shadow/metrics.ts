import { Counter, type Registry } from 'prom-client';
import type { DifferenceKind } from './compare';

export type ComparisonResult = 'same' | 'different' | 'failed' | 'skipped' | 'dropped';

/** The shadow's families; registered once per registry, when a dialect first shadows. */
export class ShadowMetrics {
  private readonly comparisons: Counter<'dialect' | 'endpoint' | 'result'>;
  private readonly differences: Counter<'dialect' | 'endpoint' | 'kind'>;

  constructor(registry: Registry) {
    this.comparisons = new Counter({
      name: 'oauthd_shadow_comparisons_total',
      help: "Requests shadowed to a dialect's legacy upstream, by dialect, endpoint and result (same, different, failed: no answer, skipped: a token the upstream cannot know, dropped: the queue was full)",
      labelNames: ['dialect', 'endpoint', 'result'],
      registers: [registry],
    });
    this.differences = new Counter({
      name: 'oauthd_shadow_differences_total',
      help: "Differences between the gateway's answer and the upstream's, by dialect, endpoint and kind",
      labelNames: ['dialect', 'endpoint', 'kind'],
      registers: [registry],
    });
  }

  count(dialect: string, endpoint: string, result: ComparisonResult): void {
    this.comparisons.inc({ dialect, endpoint, result });
  }

  differ(dialect: string, endpoint: string, kind: DifferenceKind): void {
    this.differences.inc({ dialect, endpoint, kind });
  }
}
