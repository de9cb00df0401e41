import { CoreError, type CoreErrorCode, type CoreErrorReason } from '../../src/core';
import { type NamedFailure, type RedirectTarget, type WireResponse, RFC_STATUS, authorizationErrorCode, rfcErrorCode, withQuery } from '../kit';
import type { ErrorUris } from './profiles';

/** Which endpoint failed: each speaks its own error style. */
export type CiamEndpoint = 'token' | 'revoke' | 'userinfo' | 'logout' | 'authorize' | 'metadata';

/** Every CIAM message text (CIAM docs 1441/67148, 1441/64399, 1441/64393; the logout ones marked * are ours). */
export const MESSAGES = {
  wrongCredentials: 'Wrong username or password',
  abnormalUserStatus: 'Abnormal user status',
  unsupportedIdentifier: 'Unsupported username identifier',
  authSourceNotAssociated: 'Auth source and application not associated',
  bearerNotFound: 'Bearer token not found in the request',
  invalidToken: 'Error decoding JWT',
  insufficientScope: 'The request requires higher privileges than provided by the access token.',
  logoutClientMissing: 'Client ID parameter not found',
  /* * */ logoutClientUnknown: 'Invalid client ID',
  /* * */ logoutRedirectMissing: 'Logout redirect URI parameter not found',
  /* * */ logoutRedirectInvalid: 'Invalid logout redirect URI',
} as const;

/** The only `invalid_grant` causes CIAM describes; codes and refresh tokens fail with a bare `invalid_grant`. */
const GRANT_DESCRIPTIONS: Partial<Record<CoreErrorReason, string>> = {
  bad_credentials: MESSAGES.wrongCredentials,
  user_locked: MESSAGES.abnormalUserStatus,
  user_disabled: MESSAGES.abnormalUserStatus,
  // A lock-out after failed attempts is a locked account to CIAM.
  locked_out: MESSAGES.abnormalUserStatus,
  unsupported_identifier: MESSAGES.unsupportedIdentifier,
};

/** A failure whose wire form is fixed by CIAM itself (e.g. `invalid_auth_source`, `user_not_found`). */
export class CiamWireError extends CoreError {
  constructor(
    code: CoreErrorCode,
    readonly wire: WireResponse,
  ) {
    super(code, String((wire.body as { error?: string } | undefined)?.error ?? code));
  }
}

export const authSourceNotAssociated = () =>
  new CiamWireError('invalid_request', {
    status: 400,
    body: { error: 'invalid_auth_source', error_description: MESSAGES.authSourceNotAssociated },
  });

export const userNotFound = () => new CiamWireError('not_found', { status: 404, body: { error: 'user_not_found' } });

/** CIAM's failures by name, for scripted faults: its described grant refusals and its own wire errors. */
export const CIAM_FAULTS: Record<string, NamedFailure> = {
  wrong_credentials: { code: 'invalid_grant', reason: 'bad_credentials', message: MESSAGES.wrongCredentials },
  abnormal_user_status: { code: 'invalid_grant', reason: 'user_locked', message: MESSAGES.abnormalUserStatus },
  unsupported_identifier: { code: 'invalid_grant', reason: 'unsupported_identifier', message: MESSAGES.unsupportedIdentifier },
  invalid_auth_source: { error: authSourceNotAssociated },
  user_not_found: { error: userNotFound },
};

/** A logout refusal: 400 with a described `invalid_request`. */
export const logoutRefused = (description: string) =>
  new CiamWireError('invalid_request', { status: 400, body: { error: 'invalid_request', error_description: description } });

/** `response_type` is refused with a 400, never by redirect (CIAM doc 1441/64391). */
export const responseTypeRefused = (error: 'invalid_request' | 'unsupported_response_type', uris: ErrorUris) =>
  new CiamWireError('invalid_request', {
    status: 400,
    body: { error, error_description: 'OAuth 2.0 Parameter: response_type', error_uri: uris.authorize },
  });

/** SAS 0.2.0 error redirect: a parameter error names the parameter and the RFC section it breaks (CIAM doc 1441/64348). */
export function errorRedirect(uris: ErrorUris): (error: CoreError, target: RedirectTarget) => string {
  return (error, target) => {
    const parameter = error.parameter;
    const described = parameter
      ? { error_description: `OAuth 2.0 Parameter: ${parameter}`, error_uri: parameter.startsWith('code_challenge') ? uris.pkce : uris.authorize }
      : {};
    return withQuery(target.redirectUri, { error: authorizationErrorCode(error), ...described, state: target.state });
  };
}

/** SAS 0.2 token and revocation errors: bare codes, a parameter named in the description with its error_uri. */
function oauthError(error: CoreError, errorUri: string): WireResponse {
  const status = RFC_STATUS[error.code];
  // A lock-out and an overload say when to come back; any other outage, in a second.
  const retryAfter = error.retryAfter ?? (error.code === 'server_unavailable' ? 1 : undefined);
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
  if (error.code === 'invalid_client') {
    // An unauthenticated client is refused by Spring Security before any OAuth handling: no body.
    return error.reason === 'client_auth_missing' ? { status } : { status, headers, body: { error: 'invalid_client' } };
  }
  if (error.code === 'invalid_grant') {
    const description = error.reason ? GRANT_DESCRIPTIONS[error.reason] : undefined;
    return { status, headers, body: description ? { error: 'invalid_grant', error_description: description } : { error: 'invalid_grant' } };
  }
  const code = rfcErrorCode(error.code);
  if ((error.code === 'invalid_request' || error.code === 'unsupported_grant_type') && error.parameter) {
    return { status, headers, body: { error: code, error_description: `OAuth 2.0 Parameter: ${error.parameter}`, error_uri: errorUri } };
  }
  return { status, headers, body: { error: code } };
}

function bearerChallenge(error: string, description: string, uris: ErrorUris): string {
  return `Bearer error="${error}", error_description="${description}", error_uri="${uris.bearer}"`;
}

/** Spring Security resource-server style: the error is in `WWW-Authenticate`, with no body. */
function userInfoError(error: CoreError, uris: ErrorUris): WireResponse {
  if (error.code === 'invalid_token' && error.reason === 'missing_parameter') {
    return { status: 400, headers: { 'WWW-Authenticate': bearerChallenge('invalid_request', MESSAGES.bearerNotFound, uris) } };
  }
  if (error.code === 'invalid_token' || error.code === 'expired_token') {
    return { status: 401, headers: { 'WWW-Authenticate': bearerChallenge('invalid_token', MESSAGES.invalidToken, uris) } };
  }
  if (error.code === 'insufficient_scope') {
    return { status: 403, headers: { 'WWW-Authenticate': bearerChallenge('insufficient_scope', MESSAGES.insufficientScope, uris) } };
  }
  return oauthError(error, uris.token);
}

export function renderCiamError(error: CoreError, endpoint: CiamEndpoint, uris: ErrorUris): WireResponse {
  if (error instanceof CiamWireError) return error.wire;
  if (error.code === 'server_error') return { status: 500, body: { error: 'server_error' } };
  switch (endpoint) {
    case 'userinfo':
      return userInfoError(error, uris);
    case 'revoke':
      return oauthError(error, uris.revoke);
    default:
      return oauthError(error, uris.token);
  }
}
