import { collectDefaultMetrics, Registry } from 'prom-client';
import type { CoreEventBus } from '../core/events';
import type { TokenStore } from '../core/store';
import type { BcryptAdmission } from '../core/secrets/admission';
import { watchBcrypt } from './bcrypt-metrics';
import { countCoreEvents } from './event-metrics';
import { InstrumentedStore, StoreMetrics } from './instrumented-store';
import { RequestMetrics } from './request-metrics';
import type { MetricsSettings } from './settings';

/**
 * The gateway's metrics: one registry every area registers its families into (requests here,
 * the engine's events, the store). Another area (the bcrypt pool, say) adds a file beside these
 * and registers its families on `registry`. Built only when metrics are enabled.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: RequestMetrics;
  private readonly store: StoreMetrics;

  constructor(readonly settings: MetricsSettings) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new RequestMetrics(this.registry);
    this.store = new StoreMetrics(this.registry);
  }

  /** The store, reporting each operation's latency and failures. */
  instrumentStore(store: TokenStore): TokenStore {
    return new InstrumentedStore(store, this.store);
  }

  /** `oauthd_store_up` from the store's health check, run at each scrape. */
  watchStore(ready: () => Promise<boolean>): void {
    this.store.reportUp(ready);
  }

  /** Queue depth, running checks, waits and refusals of the bcrypt pool's admission control. */
  watchBcrypt(admission: BcryptAdmission): void {
    watchBcrypt(this.registry, admission);
  }

  countEvents(events: CoreEventBus): void {
    countCoreEvents(events, this.registry);
  }

  /** The Prometheus text exposition of every family. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
