import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { joinPath } from './mount-paths';

/** The route of a request no route matched (raw paths are never names: they are unbounded). */
export const UNMATCHED_ROUTE = 'unmatched';
/** The dialect of the gateway's own routes (health, docs, sign-in, metrics). */
export const GATEWAY = 'gateway';
export const NO_DIALECT = 'none';

/** One dialect's routes as mounted: what names the dialect of a route pattern. */
export interface MountedRoutes {
  dialect: { name: string };
  context: { basePath: string };
  routes: ReadonlyArray<{ path: string }>;
}

/**
 * Sees each answered request: metrics count them, a test gateway records them. Installed in
 * front of the app only when there is one, so a gateway without any does no per-request work.
 */
export interface RequestObserver {
  nameRoutes(mounted: readonly MountedRoutes[]): void;
  /** `route` when the caller already knows its pattern (the fast lane); otherwise express's match, read once answered. */
  observe(req: IncomingMessage, res: ServerResponse, route: string | undefined): void;
}

/** A route pattern's full path, without a trailing slash (`/signin` for the sign-in router's `/`). */
function patternOf(basePath: string, path: string): string {
  const joined = joinPath(basePath, path);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/** The pattern of the route express matched (`req.route`, under `req.baseUrl`), or none. */
export function matchedPattern(req: IncomingMessage): string {
  const { route, baseUrl } = req as Request;
  const path = (route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? patternOf(baseUrl, path) : UNMATCHED_ROUTE;
}

/** Which dialect a route pattern belongs to. */
export class RouteDialects {
  private readonly dialectOf = new Map<string, string>();

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

  of(route: string): string {
    return route === UNMATCHED_ROUTE ? NO_DIALECT : (this.dialectOf.get(route) ?? GATEWAY);
  }
}

/** One observer made of several (each installs its own listeners). */
export function allOf(observers: RequestObserver[]): RequestObserver | undefined {
  if (observers.length <= 1) return observers[0];
  return {
    nameRoutes: (mounted) => observers.forEach((o) => o.nameRoutes(mounted)),
    observe: (req, res, route) => observers.forEach((o) => o.observe(req, res, route)),
  };
}
