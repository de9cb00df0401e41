import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { matchedPattern, RouteDialects, type MountedRoutes, type RequestObserver } from '../http/route-names';
import { redactParams } from './redact';

/** One answered request, as a test gateway recorded it. */
export interface RecordedRequest {
  /** The dialect whose route answered, `gateway` for the gateway's own routes, `none` when no route matched. */
  dialect: string;
  /** The route pattern (`/oauth2.0/accessToken`, base path included), or `unmatched`. */
  route: string;
  method: string;
  /** Query and body parameters (the body's win a name both give), credentials replaced by `[redacted]`. */
  params: Record<string, unknown>;
  status: number;
}

/** The most a log keeps; the oldest entries go first (`reset()` between tests keeps it short). */
const MAX_ENTRIES = 10_000;

/** Every request a test gateway answers, recorded only when the gateway was started to record them. */
export class RequestLog implements RequestObserver {
  private readonly dialects = new RouteDialects();
  private entries: RecordedRequest[] = [];

  nameRoutes(mounted: readonly MountedRoutes[]): void {
    this.dialects.nameRoutes(mounted);
  }

  observe(req: IncomingMessage, res: ServerResponse, route: string | undefined): void {
    // `prefinish` fires as the answer is handed over, before the client can have read it:
    // a test that awaited its response always finds it recorded.
    res.once('prefinish', () => this.record(req as Request, res, route ?? matchedPattern(req)));
  }

  /** A copy of what was recorded, oldest first. */
  list(): RecordedRequest[] {
    return this.entries.map((entry) => structuredClone(entry));
  }

  clear(): void {
    this.entries = [];
  }

  private record(req: Request, res: ServerResponse, route: string): void {
    const body = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    const params = redactParams({ ...(req.query as Record<string, unknown>), ...body }) as Record<string, unknown>;
    this.entries.push({ dialect: this.dialects.of(route), route, method: req.method, params, status: res.statusCode });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }
}
