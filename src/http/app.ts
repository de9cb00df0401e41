import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { TokenEngine } from '../core/engine';
import type { DialectSection, RawDocs, RawSignIn } from '../config/types';
import { docsRouter, type ExtraDocument } from '../docs/router';
import { adminOpenApi } from '../admin/openapi';
import { adminRouter } from '../admin/router';
import type { AdminSettings } from '../admin/settings';
import type { Dialect } from './dialect';
import { joinPath, mountDialects, type MountedDialect } from './mount';
import { SignIn } from './signin';
import { signInSettings } from './signin/settings';
import { requestLogger } from './logger';
import { FastLane } from './fast-lane';
import { limitBytes } from './body';
import { scrapeHandler, type GatewayMetrics } from '../metrics';
import { allOf, type RequestObserver } from './route-names';
import type { Faults } from '../testing/faults';
import type { Shadows } from '../shadow';

export interface AppOptions {
  engine: TokenEngine;
  dialects: Dialect[];
  sections: Record<string, DialectSection>;
  logger: Logger;
  bodyLimit: string;
  trustProxy: boolean;
  signIn?: RawSignIn;
  docs?: RawDocs;
  /** Present when metrics are enabled: requests are counted, and served here unless on a port of their own. */
  metrics?: GatewayMetrics;
  /** The admin API's settings; null or absent when it is off. */
  admin?: AdminSettings | null;
  /** Scripted faults (tests): each dialect route answers them before its handler runs. */
  faults?: Faults;
  /** Shadow mode: dialects whose `upstream.shadow` is on get its hook on each route. */
  shadows?: Shadows;
  /** Each sees every answered request (a test gateway's request log), next to the metrics' own. */
  observers?: RequestObserver[];
  /** The test controls over HTTP (`test_mode`); absent otherwise. */
  testRoutes?: TestRoutes;
}

/** The test controls' routes, their banner line and their document. */
export interface TestRoutes {
  path: string;
  router: Router;
  route: SharedRoute;
  document: ExtraDocument;
}

/** A route of the gateway's own rather than a dialect's, as the start-up banner lists it. */
export interface SharedRoute {
  method: 'GET';
  path: string;
  what: string;
}

/** The express application: health probes, every enabled dialect, and a JSON 404. */
export async function createApp(options: AppOptions): Promise<{ app: Express; mounted: MountedDialect[]; sharedRoutes: SharedRoute[]; fastLane: FastLane }> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('query parser', 'simple');
  const requestLog = requestLogger(options.logger);
  const fastLane = new FastLane(requestLog, options.logger, limitBytes(options.bodyLimit));
  const { metrics } = options;
  // Nothing is installed unless something observes: no per-request work otherwise.
  const observer = allOf([...(metrics ? [metrics.requests] : []), ...(options.observers ?? [])]);
  if (observer) {
    fastLane.install(app, (req, res, route) => observer.observe(req, res, route));
    app.use((req, res, next) => {
      observer.observe(req, res, undefined);
      next();
    });
  } else {
    fastLane.install(app);
  }
  app.use(requestLog);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await options.engine.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', store: options.engine.context.store.kind });
  });

  const signIn = new SignIn(options.engine, signInSettings(options.signIn, options.engine.issuer));
  const mounted = await mountDialects(options.dialects, options.sections, options.engine, options.logger, options.bodyLimit, signIn, fastLane, options.faults, options.shadows);
  const publicMetrics = metrics && metrics.settings.port === undefined ? metrics.settings.path : undefined;
  observer?.nameRoutes(mounted);
  if (metrics && publicMetrics) {
    checkReservedPath(publicMetrics, 'the metrics path', 'metrics.path', mounted);
    app.get(publicMetrics, scrapeHandler(metrics, metrics.settings.bearerToken, options.logger));
  }
  checkReservedPath(signIn.settings.path, 'the sign-in path', 'signin.path', mounted);
  app.use(signIn.settings.path, signIn.router(options.bodyLimit));
  const sharedRoutes: SharedRoute[] = [
    { method: 'GET', path: '/healthz', what: 'liveness' },
    { method: 'GET', path: '/readyz', what: 'readiness (the store answers)' },
  ];
  const admin = options.admin;
  const extraDocs: ExtraDocument[] = [];
  if (admin) {
    checkReservedPath(admin.path, 'the admin path', 'admin.path', mounted);
    const others: Array<[string, string]> = [[signIn.settings.path, 'signin.path'], [options.docs?.path ?? '/docs', 'docs.path']];
    for (const [other, key] of others) {
      if (overlaps(admin.path, other)) throw new Error(`admin.path ${admin.path} overlaps ${key} ${other}; move one of them`);
    }
    app.use(admin.path, adminRouter(options.engine, admin, options.logger, signIn.sessions));
    sharedRoutes.push({ method: 'GET', path: `${admin.path}/counts`, what: 'admin API: grants by user or client, revocation, counts (bearer token)' });
    extraDocs.push({ name: 'admin', title: 'admin API', build: (version) => adminOpenApi(admin.path, admin.scope, version) });
  }
  const test = options.testRoutes;
  if (test) {
    checkReservedPath(test.path, 'the test controls', 'test_mode', mounted);
    const others: Array<[string, string]> = [[signIn.settings.path, 'signin.path'], [options.docs?.path ?? '/docs', 'docs.path'], ...(admin ? [[admin.path, 'admin.path'] as [string, string]] : [])];
    for (const [other, key] of others) {
      if (overlaps(test.path, other)) throw new Error(`${key} ${other} overlaps the test controls' ${test.path}; move it`);
    }
    app.use(test.path, test.router);
    sharedRoutes.push(test.route);
    extraDocs.push(test.document);
  }
  if (options.docs?.enabled ?? true) {
    const docsPath = options.docs?.path ?? '/docs';
    checkReservedPath(docsPath, 'the docs path', 'docs.path', mounted);
    app.use(docsPath, docsRouter(docsPath, mounted, extraDocs));
    sharedRoutes.push({ method: 'GET', path: docsPath, what: 'API documentation (OpenAPI, Swagger UI)' });
  }
  sharedRoutes.push({ method: 'GET', path: signIn.settings.path, what: 'browser sign-in: who is signed in, sign-out' });
  if (publicMetrics) sharedRoutes.push({ method: 'GET', path: publicMetrics, what: 'Prometheus metrics (bearer token)' });
  for (const { context, router } of mounted) app.use(context.basePath || '/', router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  // Only reached by failures outside every dialect (none are expected): still no stack trace.
  app.use(((error, req, res, _next) => {
    req.log?.error({ err: error }, 'unhandled failure');
    res.status(500).json({ error: 'server_error' });
  }) as express.ErrorRequestHandler);
  return { app, mounted, sharedRoutes, fastLane };
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/** The shared sign-in and docs routes own their paths: a dialect route under one is a start-up error. */
function checkReservedPath(path: string, label: string, key: string, mounted: MountedDialect[]): void {
  for (const { dialect, context, routes } of mounted) {
    for (const route of routes) {
      const full = joinPath(context.basePath, route.path);
      if (full === path || full.startsWith(`${path}/`)) {
        throw new Error(`dialect "${dialect.name}" route ${full} is under ${label} ${path}; move the dialect or set ${key}`);
      }
    }
  }
}
