import type { Request } from 'express';
import { CoreError } from '../../src/core';

/** IBPS sends its token in this header (front-end `VUE_APP_TOKEN_KEY`). */
export const TOKEN_HEADER = 'x-authorization-access_token';

/**
 * The JSON object body of an IBPS call (`@RequestBody`). No body reads as `{}`; a body of
 * another media type is a transport failure (415), a JSON value that is not an object an
 * illegal request.
 */
export function jsonBody(req: Request): Record<string, unknown> {
  if (isEmpty(req)) return {};
  const type = req.is(['application/json', '+json']);
  if (type === null) return {};
  if (type === false) throw new CoreError('unsupported_media_type', 'the body must be application/json');
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CoreError('invalid_request', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function isEmpty(req: Request): boolean {
  return req.headers['transfer-encoding'] === undefined && Number(req.headers['content-length'] ?? 0) === 0;
}

/** The caller's access token: the header IBPS clients send, else the `access_token` query parameter. */
export function headerToken(req: Request): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header !== '') return header.trim();
  const query = req.query.access_token;
  return typeof query === 'string' && query !== '' ? query : undefined;
}

export function optionalString(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
