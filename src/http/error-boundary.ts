import type { ErrorRequestHandler } from 'express';
import { CoreError, isCoreError } from '../core/errors';
import { UpstreamRelay } from '../core/fallback';
import type { Dialect, DialectContext } from './dialect';
import { send } from './wire';
import { logStoreFailure, noteFailure } from './logger';

interface HttpLikeError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/** Turns anything thrown below a dialect into a core error; unknown failures are logged, never shown. */
export function toCoreError(error: unknown): CoreError {
  if (isCoreError(error)) return error;
  const http = (error ?? {}) as HttpLikeError;
  switch (http.type) {
    case 'entity.too.large':
      return new CoreError('payload_too_large', 'request body too large');
    case 'entity.parse.failed':
    case 'entity.verify.failed':
      return new CoreError('invalid_request', 'request body could not be parsed', { reason: 'malformed_body' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new CoreError('unsupported_media_type', 'unsupported body encoding');
    case 'parameters.too.many':
      return new CoreError('invalid_request', 'too many parameters', { reason: 'malformed_body' });
    case 'request.aborted':
    case 'request.size.invalid':
      return new CoreError('invalid_request', 'request body incomplete', { reason: 'malformed_body' });
  }
  const status = http.status ?? http.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new CoreError('invalid_request', 'bad request', { reason: 'malformed_body' });
  }
  return new CoreError('server_error', 'internal error', { cause: error });
}

/** What failed beneath a `server_unavailable` (dialects may wrap the core's error). */
function storeFailure(error: CoreError): unknown {
  let cause: unknown = error;
  while (isCoreError(cause) && cause.cause !== undefined) cause = cause.cause;
  return cause;
}

/** The express error handler behind one dialect: every error leaves in that dialect's shape. */
export function errorBoundary(dialect: Dialect, context: DialectContext): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof UpstreamRelay) {
      res.status(error.answer.status).set(error.answer.headers).send(error.answer.body);
      return;
    }
    const coreError = toCoreError(error);
    noteFailure(res, dialect.name, req, coreError);
    if (coreError.code === 'server_error') {
      req.log?.error({ err: error }, 'unexpected failure');
    } else if (coreError.code === 'server_unavailable') {
      logStoreFailure(res, storeFailure(coreError));
    }
    try {
      send(res, dialect.renderError(coreError, req, context));
    } catch (renderFailure) {
      req.log?.error({ err: renderFailure }, 'error renderer failed');
      res.status(500).type('application/json').send('{"error":"server_error"}');
    }
  };
}
