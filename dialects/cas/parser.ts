import type { Request } from 'express';
import { type ClientCredentials, parseScope } from '../../src/core';
import { basicCredentials, bearerToken, readClientCredentials } from '../kit';

/**
 * The servlet container's `getParameter` (pac4j's `JEEContext` asks it): the query string's
 * value first, the form body's after; JSON bodies are not read (the seed posts `Content-Type:
 * application/json` with everything in the query string).
 */
export { servletParams as casParams } from '../kit/jvm';

/** Basic first (pac4j `clientBasicAuth`), then `client_id` / `client_secret` parameters (`clientForm`). */
export function casClientCredentials(req: Request, params: Record<string, string>, urlDecodeBasic: boolean): ClientCredentials {
  return readClientCredentials(req, params, { basic: true, post: true, both: 'basic-wins', urlDecodeBasic });
}

/** Only HTTP Basic counts at `/oauth2.0/introspect`. */
export function basicOnly(req: Request, urlDecode: boolean): ClientCredentials | undefined {
  const basic = basicCredentials(req, { urlDecode });
  return basic ? { ...basic, method: 'client_secret_basic' } : undefined;
}

/** `OAuth20Utils.getServiceRequestHeaderIfAny`: header `service`, else `X-service`. */
export function serviceHeader(req: Request): string | undefined {
  const value = req.headers['service'] ?? req.headers['x-service'];
  const first = Array.isArray(value) ? value[0] : value;
  return first ? first : undefined;
}

/** `grant_type` is compared case-insensitively by CAS. */
export function grantTypeOf(params: Record<string, string>): string | undefined {
  return params.grant_type === undefined ? undefined : params.grant_type.toLowerCase();
}

export function scopeOf(params: Record<string, string>): string[] | undefined {
  return parseScope(params.scope);
}

/** `/oauth2.0/profile`: the `access_token` parameter first, else `Authorization: Bearer`. */
export function presentedAccessToken(req: Request, params: Record<string, string>): string | undefined {
  return params.access_token || bearerToken(req) || undefined;
}

/** The request path as Spring's error page reports it: the context path included, no query. */
export function requestPath(req: Request): string {
  return req.originalUrl.split('?')[0];
}
