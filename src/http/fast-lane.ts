import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { Logger } from 'pino';
import { FORM_PARAMETER_LIMIT } from './body';
import { parseForm, plainFormLength } from './form-body';
import { joinPath } from './mount-paths';

type Method = 'get' | 'post' | 'all';

interface Registration {
  method: Method;
  paths: unknown[];
  handlers: RequestHandler[];
}

interface Lane {
  basePath: string;
  /** The route's full path: what metrics label it by. */
  route: string;
  chain: RequestHandler[];
  boundary: ErrorRequestHandler;
}

/** A path express would match literally (no parameters, wildcards or optional parts). */
const PLAIN_PATH = /^\/[A-Za-z0-9._~%!$&'=@/-]*$/;

/** Records what a dialect registers on its router, as well as registering it. */
export function recordRoutes(router: Router): Registration[] {
  const recorded: Registration[] = [];
  for (const method of ['get', 'post', 'all'] as const) {
    const register = router[method].bind(router) as (...args: unknown[]) => Router;
    (router as unknown as Record<Method, unknown>)[method] = (path: unknown, ...handlers: unknown[]) => {
      recorded.push({ method, paths: [path].flat(), handlers: handlers.flat() as RequestHandler[] });
      return register(path, ...handlers);
    };
  }
  return recorded;
}

/**
 * The dialects' exact-path routes, found with one map lookup instead of express's walk through
 * every layer of every mounted router: the hot endpoints (token, introspection) then cost less
 * than express's own per-request routing. The same handlers run, with the same body parsers,
 * in the same order, ending in the same error boundary, and `req.url`, `baseUrl` and
 * `originalUrl` are what the dialect's router would have set. Anything else (paths with
 * parameters, HEAD, a trailing slash, other methods) takes the ordinary router.
 */
export class FastLane {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly requestLog: RequestHandler,
    private readonly logger: Logger,
    private readonly bodyLimitBytes: number,
  ) {}

  /** Adds one mounted dialect's routes; `recorded` must start with the shared body parsers and end with the 405s. */
  add(basePath: string, recorded: Registration[], boundary: ErrorRequestHandler): void {
    for (const { method, paths, handlers } of recorded) {
      for (const path of paths) {
        if (typeof path !== 'string' || !PLAIN_PATH.test(path)) continue;
        for (const verb of method === 'all' ? ['GET', 'POST'] : [method.toUpperCase()]) {
          const route = joinPath(basePath, path);
          const key = `${verb} ${route}`;
          let lane = this.lanes.get(key);
          if (!lane) this.lanes.set(key, (lane = { basePath: basePath.replace(/\/+$/, ''), route, chain: [], boundary }));
          lane.chain.push(...handlers);
        }
      }
    }
  }

  /** `METHOD path` of every route the lane takes. */
  routes(): string[] {
    return [...this.lanes.keys()];
  }

  /**
   * Puts the lane in front of the app: a request for one of its routes is handled before
   * express's own dispatch (which would walk the router's layers to reach the lane anyway).
   * `observe` (metrics, when enabled) sees each request the lane takes, with its route.
   */
  install(app: Express, observe?: (req: IncomingMessage, res: ServerResponse, route: string) => void): void {
    type Handle = (req: IncomingMessage, res: ServerResponse, callback?: unknown) => void;
    const withHandle = app as unknown as { handle: Handle };
    const handle = withHandle.handle.bind(app);
    if (observe) {
      withHandle.handle = (req, res, callback) => {
        const lane = this.laneOf(req);
        if (!lane) return handle(req, res, callback);
        observe(req, res, lane.route);
        this.enter(app, lane, req as Request, res as Response);
      };
      return;
    }
    withHandle.handle = (req, res, callback) => {
      const lane = this.laneOf(req);
      if (!lane) return handle(req, res, callback);
      this.enter(app, lane, req as Request, res as Response);
    };
  }

  private laneOf(req: IncomingMessage): Lane | undefined {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    return this.lanes.get(`${req.method} ${query < 0 ? url : url.slice(0, query)}`);
  }

  /** What express's `app.handle` sets up for a request (express 5.x), then the lane's route. */
  private enter(app: Express, lane: Lane, req: Request, res: Response): void {
    (req as { res: Response }).res = res;
    (res as { req: Request }).req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    res.locals ??= Object.create(null) as Record<string, unknown>;
    this.requestLog(req, res, () => {
      const length = plainFormLength(req, this.bodyLimitBytes);
      if (length === null) this.run(lane, req, res);
      else this.readForm(lane, req, res, length);
    });
  }

  /** A plain form body, read and parsed here (body-parser then finds it read and passes). */
  private readForm(lane: Lane, req: Request, res: Response, length: number): void {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    req.once('error', (error) => this.run(lane, req, res, Object.assign(error, { type: 'request.aborted' })));
    req.once('end', () => {
      if (received !== length) return this.run(lane, req, res, Object.assign(new Error('request size did not match content length'), { type: 'request.size.invalid' }));
      let text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const parsed = parseForm(text, FORM_PARAMETER_LIMIT);
      if (parsed === 'too_many') return this.run(lane, req, res, Object.assign(new Error('too many parameters'), { type: 'parameters.too.many' }));
      req.body = parsed;
      this.run(lane, req, res);
    });
  }

  private run(lane: Lane, req: Request, res: Response, failure?: unknown): void {
    req.originalUrl = req.url;
    req.baseUrl = lane.basePath;
    if (lane.basePath !== '') req.url = req.url.slice(lane.basePath.length);
    let index = 0;
    if (failure !== undefined) {
      lane.boundary(failure, req, res, (unhandled: unknown) => this.unhandled(unhandled, req, res));
      return;
    }
    const next: NextFunction = (error?: unknown) => {
      if (error !== undefined && error !== 'route' && error !== 'router') {
        lane.boundary(error, req, res, (unhandled: unknown) => this.unhandled(unhandled, req, res));
        return;
      }
      const handler = lane.chain[index++];
      if (!handler) {
        res.status(404).json({ error: 'not_found' });
        return;
      }
      try {
        const result = handler(req, res, next) as unknown;
        if (result instanceof Promise) result.then(undefined, (rejected: unknown) => next(rejected ?? new Error('rejected promise')));
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  }

  /** What express's final handler would do for an error the boundary passed on (headers already sent). */
  private unhandled(error: unknown, req: Request, res: Response): void {
    (req.log ?? this.logger).error({ err: error }, 'unhandled failure');
    if (res.headersSent) res.destroy();
    else res.status(500).json({ error: 'server_error' });
  }
}
