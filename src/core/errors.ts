/**
 * The one error type the core throws. A dialect maps `code` (and `reason`, when it needs the
 * finer cause) to its own status, headers and body; nothing else about an error crosses the seam.
 */
export type CoreErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_token'
  | 'expired_token'
  | 'access_denied'
  | 'insufficient_scope'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'method_not_allowed'
  | 'not_found'
  | 'server_unavailable'
  | 'server_error';

/** Finer causes a dialect may need to pick its own message (e.g. CIAM's "Abnormal user status"). */
export type CoreErrorReason =
  | 'bad_credentials'
  | 'unknown_client'
  | 'client_auth_missing'
  | 'client_auth_method'
  | 'user_locked'
  | 'user_disabled'
  | 'unsupported_identifier'
  | 'grant_not_allowed'
  | 'missing_parameter'
  | 'repeated_parameter'
  | 'malformed_body'
  | 'code_reused'
  | 'refresh_reused'
  | 'redirect_mismatch'
  | 'pkce_failed'
  | 'not_impersonating'
  | 'not_admin'
  | 'token_revoked'
  | 'unknown_token'
  /** A refresh token or code presented after it expired (but while it is still remembered). */
  | 'token_expired'
  /** A code or token presented by a client other than the one it was issued to. */
  | 'client_mismatch'
  /** Too many failed attempts for this account, client or address: refused before any check. */
  | 'locked_out'
  /** Too many credential checks waiting: refused rather than queued. */
  | 'overloaded';

export interface CoreErrorOptions {
  reason?: CoreErrorReason;
  /** Which request parameter was at fault, when one was. */
  parameter?: string;
  /** For `invalid_scope` on a refresh: the scope the grant holds (some vendors echo it). */
  grantedScope?: string[];
  /** Seconds until trying again makes sense (`locked_out`, `overloaded`), for a `Retry-After`. */
  retryAfter?: number;
  cause?: unknown;
}

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly reason?: CoreErrorReason;
  readonly parameter?: string;
  readonly grantedScope?: string[];
  readonly retryAfter?: number;

  constructor(code: CoreErrorCode, message: string, options: CoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoreError';
    this.code = code;
    this.reason = options.reason;
    this.parameter = options.parameter;
    this.grantedScope = options.grantedScope;
    this.retryAfter = options.retryAfter;
  }
}

export function isCoreError(value: unknown): value is CoreError {
  return value instanceof CoreError;
}
