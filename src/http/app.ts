import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { TokenEngine } from '../core/engine';
import type { DialectSection, RawSignIn } from '../config/types';
import type { Dialect } from './dialect';
import { joinPath, mountDialects, type MountedDialect } from './mount';
import { SignIn } from './signin';
import { signInSettings } from './signin/settings';
import { requestLogger } from './logger';

export interface AppOptions {
  engine: TokenEngine;
  dialects: Dialect[];
  sections: Record<string, DialectSection>;
  logger: Logger;
  bodyLimit: string;
  trustProxy: boolean;
  signIn?: RawSignIn;
}

/** The express application: health probes, every enabled dialect, and a JSON 404. */
export async function createApp(options: AppOptions): Promise<{ app: Express; mounted: MountedDialect[] }> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('query parser', 'simple');
  app.use(requestLogger(options.logger));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await options.engine.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', store: options.engine.context.store.kind });
  });

  const signIn = new SignIn(options.engine, signInSettings(options.signIn, options.engine.issuer));
  const mounted = await mountDialects(options.dialects, options.sections, options.engine, options.logger, options.bodyLimit, signIn);
  checkSignInPath(signIn.settings.path, mounted);
  app.use(signIn.settings.path, signIn.router(options.bodyLimit));
  for (const { context, router } of mounted) app.use(context.basePath || '/', router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  // Only reached by failures outside every dialect (none are expected): still no stack trace.
  app.use(((error, req, res, _next) => {
    req.log?.error({ err: error }, 'unhandled failure');
    res.status(500).json({ error: 'server_error' });
  }) as express.ErrorRequestHandler);
  return { app, mounted };
}

/** The shared sign-in routes own their path: a dialect route under it is a start-up error. */
function checkSignInPath(path: string, mounted: MountedDialect[]): void {
  for (const { dialect, context, routes } of mounted) {
    for (const route of routes) {
      const full = joinPath(context.basePath, route.path);
      if (full === path || full.startsWith(`${path}/`)) {
        throw new Error(`dialect "${dialect.name}" route ${full} is under the sign-in path ${path}; move the dialect or set signin.path`);
      }
    }
  }
}
