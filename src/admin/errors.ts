import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { isCoreError } from '../core/errors';
import { sendJson } from '../http/wire';

/** A refusal of the admin API: its status, `{error, error_description}` and headers. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'AdminError';
  }
}

const REALM = 'Bearer realm="admin"';

/** RFC 6750 §3: no error attribute when no credentials came, else the error and, for scope, what is needed. */
export function bearerChallenge(error?: 'invalid_token' | 'insufficient_scope', description?: string, scope?: string): string {
  if (!error) return REALM;
  const parts = [`${REALM}, error="${error}"`];
  if (description) parts.push(`error_description="${description}"`);
  if (scope) parts.push(`scope="${scope}"`);
  return parts.join(', ');
}

export const badRequest = (description: string) => new AdminError(400, 'invalid_request', description);
export const notFound = (description: string) => new AdminError(404, 'not_found', description);

export { sendJson } from '../http/wire';

/** The core's failures in the admin API's terms; anything unexpected is logged and answered 500 without detail. */
function toAdminError(error: unknown, logger: Logger): AdminError {
  if (error instanceof AdminError) return error;
  if (isCoreError(error)) {
    if (error.code === 'server_unavailable') {
      logger.warn({ cause: (error.cause as Error | undefined)?.message, reason: error.reason }, 'admin API: token store unavailable');
      return new AdminError(503, 'server_unavailable', 'the token store is unavailable; try again shortly', { 'Retry-After': '1' });
    }
    if (error.code === 'invalid_request') return badRequest(error.message);
  }
  // express's own refusals, such as a path parameter that is not valid percent-encoding.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return badRequest('the request could not be read');
  logger.error({ err: error }, 'admin API: unexpected failure');
  return new AdminError(500, 'server_error', 'internal error');
}

export function adminErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const refusal = toAdminError(error, logger);
    sendJson(res, refusal.status, { error: refusal.error, error_description: refusal.description }, refusal.headers);
  };
}
