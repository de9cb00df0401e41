import type { CoreError } from '../../core/errors';

/** Where a finished authorization request goes back to. */
export interface RedirectTarget {
  /** The registered redirect URI (exactly as registered). */
  redirectUri: string;
  state?: string;
  /** The scope the request asked for, as the dialect parsed it (some vendors echo scope only when it differs). */
  requestedScope?: string[];
}

/** The redirect URI with parameters added to its query, keeping the ones it has. */
export function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(name, value);
  return url.toString();
}

/** RFC 6749 §4.1.2. */
export function rfc6749Redirect(code: string, target: RedirectTarget): string {
  return withQuery(target.redirectUri, { code, state: target.state });
}

const AUTHORIZATION_ERRORS = new Set(['invalid_request', 'unauthorized_client', 'access_denied', 'invalid_scope', 'server_error']);

/** The RFC 6749 §4.1.2.1 `error` value for a core error. */
export function authorizationErrorCode(error: CoreError): string {
  if (error.parameter === 'response_type' && error.reason !== 'missing_parameter') return 'unsupported_response_type';
  if (error.code === 'server_unavailable') return 'temporarily_unavailable';
  if (error.code === 'invalid_grant') return 'access_denied';
  return AUTHORIZATION_ERRORS.has(error.code) ? error.code : 'invalid_request';
}

/** RFC 6749 §4.1.2.1. */
export function rfc6749ErrorRedirect(error: CoreError, target: RedirectTarget): string {
  const description = error.code === 'server_error' ? 'internal error' : error.message;
  return withQuery(target.redirectUri, { error: authorizationErrorCode(error), error_description: description, state: target.state });
}
