import type { CoreErrorCode } from '../core/errors';

/** The usual HTTP status of each core error for an RFC 6749 / 6750 speaking endpoint. */
export const RFC_STATUS: Readonly<Record<CoreErrorCode, number>> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_token: 401,
  expired_token: 401,
  access_denied: 403,
  insufficient_scope: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  not_found: 404,
  server_unavailable: 503,
  server_error: 500,
};

/** The RFC `error` value of each core error: RFC 6749 §5.2, RFC 6750 §3.1, `temporarily_unavailable` for outages. */
export function rfcErrorCode(code: CoreErrorCode): string {
  switch (code) {
    case 'expired_token':
      return 'invalid_token';
    case 'payload_too_large':
    case 'unsupported_media_type':
    case 'method_not_allowed':
      return 'invalid_request';
    case 'server_unavailable':
      return 'temporarily_unavailable';
    default:
      return code;
  }
}
