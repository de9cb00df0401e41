import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import { joinPath } from '../http/mount-paths';

/** The label of a request no route matched (raw paths are never labels: they are unbounded). */
export const UNMATCHED_ROUTE = 'unmatched';
/** The dialect label of the gateway's own routes (health, docs, sign-in, metrics). */
export const GATEWAY = 'gateway';
export const NO_DIALECT = 'none';

/** Seconds: the gateway answers in well under a millisecond when the store is near. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One dialect's routes as mounted: what names the dialect of a route pattern. */
export interface MountedRoutes {
  dialect: { name: string };
  context: { basePath: string };
  routes: ReadonlyArray<{ path: string }>;
}

/** A route pattern's full path, without a trailing slash (`/signin` for the sign-in router's `/`). */
function patternOf(basePath: string, path: string): string {
  const joined = joinPath(basePath, path);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/** The pattern of the route express matched (`req.route`, under `req.baseUrl`), or none. */
function matchedPattern(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? patternOf(req.baseUrl, path) : UNMATCHED_ROUTE;
}

/**
 * Requests by dialect, route pattern, method and status, and their latency by dialect and
 * route: one `finish` listener per response, installed only when metrics are enabled.
 */
export class RequestMetrics {
  private readonly requests: Counter<'dialect' | 'route' | 'method' | 'status'>;
  private readonly latency: Histogram<'dialect' | 'route'>;
  private readonly dialectOf = new Map<string, string>();

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

  /** Names the dialect of each mounted route; any other matched route is the gateway's own. */
  nameRoutes(mounted: readonly MountedRoutes[]): void {
    for (const { dialect, context, routes } of mounted) {
      for (const route of routes) {
        // The fast lane names a route by its joined path, express's match by the pattern.
        this.dialectOf.set(patternOf(context.basePath, route.path), dialect.name);
        this.dialectOf.set(joinPath(context.basePath, route.path), dialect.name);
      }
    }
  }

  /** Express middleware (first in the app): the route is read from express once answered. */
  readonly middleware: RequestHandler = (req, res, next) => {
    this.observe(req, res, undefined);
    next();
  };

  /** Starts timing one request; `route` when the caller already knows its pattern (the fast lane). */
  observe(req: IncomingMessage, res: ServerResponse, route: string | undefined): void {
    const started = performance.now();
    res.once('finish', () => this.record(req as Request, res as Response, route ?? matchedPattern(req as Request), started));
  }

  private record(req: Request, res: Response, route: string, started: number): void {
    const dialect = route === UNMATCHED_ROUTE ? NO_DIALECT : (this.dialectOf.get(route) ?? GATEWAY);
    this.requests.inc({ dialect, route, method: req.method, status: res.statusCode });
    this.latency.observe({ dialect, route }, (performance.now() - started) / 1000);
  }
}
