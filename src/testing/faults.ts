import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { CoreError } from '../core/errors';
import type { TokenStore } from '../core/store';
import type { Dialect } from '../http/dialect';
import { send } from '../http/wire';
import { FaultyStore } from './faulty-store';
import { namedFailure } from './named-failures';

/** Which requests a scripted fault answers. */
export interface FaultMatch {
  dialect: string;
  /** The route as the dialect declares it in `routes()` (`/oauth2.0/accessToken`); absent: any of its routes. */
  route?: string;
  /** Absent: any method. */
  method?: string;
  /** How many matching requests it answers (default 1). */
  times?: number;
}

/** A named vendor failure from the dialect's own table, or a given answer. */
export type Fault = { failure: string } | { status: number; body?: unknown; headers?: Record<string, string> };

export interface FaultOptions {
  /** Answer only after this many milliseconds. */
  delayMs?: number;
}

interface Scripted {
  dialect: string;
  route?: string;
  method?: string;
  left: number;
  delayMs: number;
  answer: (req: Request, res: Response, next: NextFunction) => void;
}

/**
 * Scripted failures for a gateway under test: the next matching requests are answered with a
 * vendor failure (rendered by the dialect's own error table) or a given answer, and the store
 * can be made unreachable for a while. A runtime given a `Faults` installs its hook in front of
 * every dialect route and its store wrapper; without one, neither exists.
 */
export class Faults {
  private scripted: Scripted[] = [];
  private readonly dialects = new Map<string, { dialect: Dialect; routes: Set<string> }>();
  private downUntil = 0;

  /** Answers the next `times` requests matching `match` with `fault`. Unknown dialects, routes and failure names throw. */
  next(match: FaultMatch, fault: Fault, options: FaultOptions = {}): void {
    const mounted = this.dialects.get(match.dialect);
    if (!mounted) throw new Error(`no dialect "${match.dialect}" is mounted; mounted: ${[...this.dialects.keys()].join(', ') || 'none'}`);
    if (match.route !== undefined && !mounted.routes.has(match.route)) {
      throw new Error(`dialect "${match.dialect}" has no route "${match.route}"; its routes: ${[...mounted.routes].join(', ')}`);
    }
    const times = match.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`times must be a positive integer, not ${times}`);
    const delayMs = options.delayMs ?? 0;
    if (!(delayMs >= 0)) throw new Error(`delayMs must be zero or more, not ${delayMs}`);
    this.scripted.push({
      dialect: match.dialect,
      route: match.route,
      method: match.method?.toUpperCase(),
      left: times,
      delayMs,
      answer: answerFor(mounted.dialect, fault),
    });
  }

  /** For `ms` milliseconds (of real time), every store operation fails as an outage does. */
  storeDown(ms: number): void {
    if (!(ms >= 0)) throw new Error(`ms must be zero or more, not ${ms}`);
    this.downUntil = performance.now() + ms;
  }

  /** How many matching requests the scripted faults still wait for (0: every one was answered). */
  pending(): number {
    return this.scripted.reduce((sum, s) => sum + s.left, 0);
  }

  /** Forgets every scripted fault and ends a store outage. */
  clear(): void {
    this.scripted = [];
    this.downUntil = 0;
  }

  /** The store as the runtime should use it: failing while `storeDown` lasts. */
  wrapStore(store: TokenStore): TokenStore {
    return new FaultyStore(store, () => this.downUntil !== 0 && performance.now() < this.downUntil);
  }

  /**
   * The handler a mounted dialect's route runs before the dialect's own (after the body
   * parsers, so a logged request still has its parameters): registered on the dialect's
   * router, so the fast lane runs it too.
   */
  hook(dialect: Dialect, route: string): RequestHandler {
    let mounted = this.dialects.get(dialect.name);
    if (!mounted) this.dialects.set(dialect.name, (mounted = { dialect, routes: new Set() }));
    mounted.routes.add(route);
    return (req, res, next) => {
      const scripted = this.scripted.length === 0 ? undefined : this.take(dialect.name, route, req.method);
      if (!scripted) return next();
      if (scripted.delayMs === 0) return scripted.answer(req, res, next);
      setTimeout(() => scripted.answer(req, res, next), scripted.delayMs);
    };
  }

  /** The first scripted fault matching the request, counted down (and dropped when spent). */
  private take(dialect: string, route: string, method: string): Scripted | undefined {
    const index = this.scripted.findIndex((s) => s.dialect === dialect && (s.route === undefined || s.route === route) && (s.method === undefined || s.method === method));
    if (index < 0) return undefined;
    const scripted = this.scripted[index];
    if (--scripted.left === 0) this.scripted.splice(index, 1);
    return scripted;
  }
}

/** How a fault is answered: a named failure through the dialect's error boundary, a given answer as given. */
function answerFor(dialect: Dialect, fault: Fault): Scripted['answer'] {
  if ('failure' in fault) {
    const build: () => CoreError = namedFailure(dialect, fault.failure);
    return (_req, _res, next) => next(build());
  }
  const { status, body, headers } = fault;
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new Error(`status must be an HTTP status, not ${status}`);
  return (_req, res) => {
    if (typeof body !== 'string') return send(res, { status, headers, body });
    const contentType = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'text/plain';
    send(res, { status, headers, text: { contentType, content: body } });
  };
}
