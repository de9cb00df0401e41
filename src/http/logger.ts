import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import pinoHttp from 'pino-http';
import type { Request, RequestHandler, Response } from 'express';
import { isCoreError, type CoreError } from '../core/errors';

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

/** pino-http's stand-in for a 5xx answered without an error (`/readyz` while the store is down): its stack says nothing. */
const isStandIn = (value: unknown) => value instanceof Error && /^failed with status code \d{3}$/.test(value.message);

/** What a request line says of a refused request: which door, which client, and the core's verdict. */
export interface RequestFailure {
  dialect: string;
  client_id?: string;
  error: { code: CoreError['code']; reason?: CoreError['reason'] };
}

const FAILURE = Symbol('request failure');
type WithFailure = { locals?: { [FAILURE]?: RequestFailure } };

/** Reasons an operator must see: a replayed code or refresh token, a lock-out. */
const WARN_REASONS: ReadonlySet<string> = new Set(['code_reused', 'refresh_reused', 'locked_out']);

/** A client id as long as any real one: a longer value is cut, never logged whole. */
const CLIENT_ID_MAX = 128;

/** The client id a request names: HTTP Basic's user part, else a `client_id` parameter. The secret is never read. */
function presentedClientId(req: Request): string | undefined {
  const header = req.headers.authorization;
  let clientId: unknown;
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) clientId = decoded.slice(0, colon);
  }
  clientId ??= (req.body as Record<string, unknown> | undefined)?.client_id ?? (req.query as Record<string, unknown> | undefined)?.client_id;
  return typeof clientId === 'string' && clientId !== '' ? clientId.slice(0, CLIENT_ID_MAX) : undefined;
}

/** The core's own error behind a dialect's wrapping of it (dialects keep it as `cause`). */
function coreVerdict(error: CoreError): CoreError {
  let verdict = error;
  while (isCoreError(verdict.cause)) verdict = verdict.cause;
  return verdict;
}

/** Notes, for the request's log line, why a request was refused (the error boundary calls this once). */
export function noteFailure(res: Response, dialect: string, req: Request, error: CoreError): void {
  const verdict = coreVerdict(error);
  const failure: RequestFailure = { dialect, error: verdict.reason === undefined ? { code: verdict.code } : { code: verdict.code, reason: verdict.reason } };
  const clientId = presentedClientId(req);
  if (clientId !== undefined) failure.client_id = clientId;
  ((res as WithFailure).locals ??= {})[FAILURE] = failure;
}

const failureOf = (res: ServerResponse) => (res as WithFailure).locals?.[FAILURE];

function requestId(req: { headers: Record<string, string | string[] | undefined> }, res: { setHeader(name: string, value: string): unknown }): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * One JSON log line per request, with a request id (taken from X-Request-Id when sane); a
 * refused one also names its dialect, client and the core's error code and reason. When
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
      err: (err: { raw?: unknown; type?: string; message?: string }) =>
        isStoreFailure(err.raw) ? err.raw : isStandIn(err.raw) ? { type: err.type, message: err.message } : err,
    },
    customSuccessObject: (_req, res, line) => {
      const failure = failureOf(res);
      return failure ? { ...line, ...failure } : line;
    },
    customErrorObject: (_req, res, _error, line) => {
      const failure = failureOf(res);
      return failure ? { ...line, ...failure } : line;
    },
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      const reason = failureOf(res)?.error.reason;
      return reason !== undefined && WARN_REASONS.has(reason) ? 'warn' : 'info';
    },
  }) as unknown as RequestHandler;
}
