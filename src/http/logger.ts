import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import pinoHttp from 'pino-http';
import type { RequestHandler } from 'express';

export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { service: 'oauth-dialects' },
    // Secrets travel in headers and bodies; neither is ever logged.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.client_secret', '*.secret'], censor: '[redacted]' },
  });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

const STORE_FAILURE = Symbol('store failure');
type StoreFailure = { [STORE_FAILURE]: true; type: string; message: string };

/**
 * Marks an answer as a store outage's: its request line then carries `err` as the failure's class
 * and message only. An outage is no bug, and a stack per refused request would flood the log.
 */
export function logStoreFailure(res: object, failure: unknown): void {
  const err: StoreFailure =
    failure instanceof Error
      ? { [STORE_FAILURE]: true, type: failure.constructor.name, message: failure.message }
      : { [STORE_FAILURE]: true, type: typeof failure, message: String(failure) };
  (res as { err?: unknown }).err = err;
}

const isStoreFailure = (value: unknown): value is StoreFailure => typeof value === 'object' && value !== null && STORE_FAILURE in value;

function requestId(req: { headers: Record<string, string | string[] | undefined> }, res: { setHeader(name: string, value: string): unknown }): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * One JSON log line per request, with a request id (taken from X-Request-Id when sane). When
 * the logger would drop even errors (`silent`), only the request id is kept: no per-request
 * child logger or serializers on the hot path.
 */
export function requestLogger(logger: Logger): RequestHandler {
  if (!logger.isLevelEnabled('fatal')) {
    return (req, res, next) => {
      requestId(req, res);
      (req as unknown as { log: Logger }).log = logger;
      next();
    };
  }
  return pinoHttp({
    logger,
    genReqId: (req, res) => requestId(req, res),
    serializers: {
      // The path only: CAS clients put client_secret and password in the query string.
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      // Given the standard serialization; `raw` is what was logged.
      err: (err: { raw?: unknown }) => (isStoreFailure(err.raw) ? err.raw : err),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
  }) as unknown as RequestHandler;
}
