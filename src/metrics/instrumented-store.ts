import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { GrantOwner, GrantQuery, RedeemOutcome, SaveOutcome, TokenPlacement, TokenStore } from '../core/store';
import type { GrantPage, Page, TokenRecord } from '../core/model';

/** Seconds: one Redis round trip on a near network is a fraction of a millisecond. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

type Timer = { observe(seconds: number): void };

/** The store's families: latency and errors per operation, and whether it answers. */
export class StoreMetrics {
  private readonly latency: Histogram<'operation'>;
  private readonly errors: Counter<'operation'>;

  constructor(private readonly registry: Registry) {
    this.latency = new Histogram({
      name: 'oauthd_store_operation_duration_seconds',
      help: 'Time a store operation took (one command or script on Redis), by operation',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'oauthd_store_errors_total',
      help: 'Store operations that failed (unreachable, timed out, refused), by operation',
      labelNames: ['operation'],
      registers: [registry],
    });
  }

  /** `oauthd_store_up`: 1 when the store answers its health check at scrape time, else 0. */
  reportUp(ready: () => Promise<boolean>): void {
    new Gauge({
      name: 'oauthd_store_up',
      help: 'Whether the store answered its health check at the time of the scrape (1) or not (0)',
      registers: [this.registry],
      async collect() {
        this.set((await ready()) ? 1 : 0);
      },
    });
  }

  /** Times a store call without awaiting it: the caller gets the store's own promise. */
  track<T>(operation: string, started: number, call: Promise<T>): Promise<T> {
    const seconds = () => (performance.now() - started) / 1000;
    call.then(
      () => this.timer(operation).observe(seconds()),
      () => {
        this.timer(operation).observe(seconds());
        this.errors.inc({ operation });
      },
    );
    return call;
  }

  private readonly timers = new Map<string, Timer>();

  private timer(operation: string): Timer {
    let timer = this.timers.get(operation);
    if (!timer) this.timers.set(operation, (timer = this.latency.labels(operation)));
    return timer;
  }
}

/**
 * A store that reports each operation's latency and failures, around the real one: the
 * store's code is untouched, and nothing of this is in place unless metrics are enabled.
 */
export class InstrumentedStore implements TokenStore {
  constructor(
    private readonly inner: TokenStore,
    private readonly metrics: StoreMetrics,
  ) {}

  get kind(): TokenStore['kind'] {
    return this.inner.kind;
  }

  get placement(): TokenPlacement {
    return this.inner.placement;
  }

  saveTokens(owner: GrantOwner, records: TokenRecord[], options?: { lookupKey?: string }): Promise<SaveOutcome> {
    return this.metrics.track('save_tokens', performance.now(), this.inner.saveTokens(owner, records, options));
  }

  findToken(id: string): Promise<TokenRecord | null> {
    return this.metrics.track('find_token', performance.now(), this.inner.findToken(id));
  }

  redeem(owner: GrantOwner, grantId: string, id: string, now: number, replacements: TokenRecord[]): Promise<RedeemOutcome> {
    return this.metrics.track('redeem', performance.now(), this.inner.redeem(owner, grantId, id, now, replacements));
  }

  removeTokens(owner: GrantOwner, grantId: string, ids: string[]): Promise<number> {
    return this.metrics.track('remove_tokens', performance.now(), this.inner.removeTokens(owner, grantId, ids));
  }

  revokeGrant(owner: GrantOwner, grantId: string): Promise<number> {
    return this.metrics.track('revoke_grant', performance.now(), this.inner.revokeGrant(owner, grantId));
  }

  listGrantTokens(grantId: string): Promise<TokenRecord[]> {
    return this.metrics.track('list_grant_tokens', performance.now(), this.inner.listGrantTokens(grantId));
  }

  findGrantByKey(lookupKey: string): Promise<string | null> {
    return this.metrics.track('find_grant_by_key', performance.now(), this.inner.findGrantByKey(lookupKey));
  }

  listGrants(query: GrantQuery, page: Page, now: number): Promise<GrantPage> {
    return this.metrics.track('list_grants', performance.now(), this.inner.listGrants(query, page, now));
  }

  putValue(key: string, value: string, ttlSeconds?: number): Promise<void> {
    return this.metrics.track('put_value', performance.now(), this.inner.putValue(key, value, ttlSeconds));
  }

  putValueIfAbsent(key: string, value: string, ttlSeconds?: number): Promise<boolean> {
    return this.metrics.track('put_value_if_absent', performance.now(), this.inner.putValueIfAbsent(key, value, ttlSeconds));
  }

  getValue(key: string): Promise<string | null> {
    return this.metrics.track('get_value', performance.now(), this.inner.getValue(key));
  }

  deleteValue(key: string): Promise<void> {
    return this.metrics.track('delete_value', performance.now(), this.inner.deleteValue(key));
  }

  incrementCounter(key: string, windowSeconds: number): Promise<number> {
    return this.metrics.track('increment_counter', performance.now(), this.inner.incrementCounter(key, windowSeconds));
  }

  reserveSequence(name: string, count: number): Promise<number> {
    return this.metrics.track('reserve_sequence', performance.now(), this.inner.reserveSequence(name, count));
  }

  ping(): Promise<void> {
    return this.metrics.track('ping', performance.now(), this.inner.ping());
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
