import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram, type Registry } from 'prom-client';
import { matchedPattern, RouteDialects, type MountedRoutes, type RequestObserver } from '../http/route-names';

export { UNMATCHED_ROUTE, GATEWAY, NO_DIALECT, type MountedRoutes } from '../http/route-names';

/** Seconds: the gateway answers in well under a millisecond when the store is near. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Requests by dialect, route pattern, method and status, and their latency by dialect and
 * route: one `finish` listener per response, installed only when metrics are enabled.
 */
export class RequestMetrics implements RequestObserver {
  private readonly requests: Counter<'dialect' | 'route' | 'method' | 'status'>;
  private readonly latency: Histogram<'dialect' | 'route'>;
  private readonly dialects = new RouteDialects();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'oauthd_http_requests_total',
      help: 'HTTP requests answered, by dialect, route pattern, method and status',
      labelNames: ['dialect', 'route', 'method', 'status'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'oauthd_http_request_duration_seconds',
      help: 'Time from a request\'s arrival to its answer being sent, by dialect and route pattern',
      labelNames: ['dialect', 'route'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
  }

  nameRoutes(mounted: readonly MountedRoutes[]): void {
    this.dialects.nameRoutes(mounted);
  }

  /** Starts timing one request; `route` when the caller already knows its pattern (the fast lane). */
  observe(req: IncomingMessage, res: ServerResponse, route: string | undefined): void {
    const started = performance.now();
    res.once('finish', () => this.record(req, res, route ?? matchedPattern(req), started));
  }

  private record(req: IncomingMessage, res: ServerResponse, route: string, started: number): void {
    const dialect = this.dialects.of(route);
    this.requests.inc({ dialect, route, method: req.method ?? '', status: res.statusCode });
    this.latency.observe({ dialect, route }, (performance.now() - started) / 1000);
  }
}
