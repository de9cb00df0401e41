import { CoreError, type CoreErrorCode } from '../../src/core';
import { type WireResponse, rfcErrorCode, NO_STORE } from '../kit';

export type MaxkeyEndpoint = 'token' | 'me' | 'check_token' | 'introspect' | 'other';

/** A failure that already knows its MaxKey wire form. */
export class MaxkeyError extends CoreError {
  constructor(
    readonly wire: WireResponse,
    code: CoreErrorCode = 'invalid_request',
    message = 'request refused',
  ) {
    super(code, message);
    this.name = 'MaxkeyError';
  }
}

/** `TokenEndpoint` catches every OAuth2Exception and answers 200 with just these two keys (3.5 – 4.2). */
export function oauth2(error: string, description: string): MaxkeyError {
  const code: CoreErrorCode = error === 'invalid_grant' || error === 'invalid_scope' || error === 'unsupported_grant_type' ? error : 'invalid_request';
  return new MaxkeyError({ status: 200, headers: { ...NO_STORE }, body: { error, error_description: description } }, code, description);
}

/** `TokenEndpointAuthenticationFilter.onUnsuccessfulAuthentication` is empty: 200, no body, no Content-Type. */
export function emptyReply(): MaxkeyError {
  return new MaxkeyError({ status: 200 }, 'invalid_client', 'client authentication failed');
}

/** `GlobalExceptionHandler`'s `Message` entity: `code`, `message`, `data`, nulls included. */
export function envelope(message: string, code = 2, status = 200): MaxkeyError {
  return new MaxkeyError({ status, body: { code, message, data: null } }, 'invalid_request', message);
}

export const NO_CLIENT_AUTHENTICATION = 'There is no client authentication. Try adding an appropriate authentication.';
export const PARAMETER_CHECK_FAILED = '请求的对象参数校验异常';

/** `/me` and userinfo errors are a HashMap: `error_description` comes before `error`. */
export function resourceError(error: string, description: string): MaxkeyError {
  return new MaxkeyError({ status: 200, body: { error_description: description, error } }, 'invalid_token', description);
}

/** Failures of the gateway itself; MaxKey would say 200, but a proxy must be able to tell a fault from a refusal. */
function serverFault(error: CoreError): WireResponse {
  return error.code === 'server_unavailable'
    ? { status: 503, headers: { 'Retry-After': '1' }, body: { code: 2, message: 'Service Unavailable', data: null } }
    : { status: 500, body: { code: 2, message: 'Internal Server Error', data: null } };
}

/** Errors no MaxKey controller answers itself (bad bodies, wrong methods) go through `GlobalExceptionHandler`. */
function generic(error: CoreError): WireResponse {
  if (error.code === 'method_not_allowed') return envelope('Method Not Allowed', 405).wire;
  if (error.code === 'payload_too_large') return envelope('Payload Too Large').wire;
  if (error.code === 'unsupported_media_type') return envelope('Unsupported Media Type').wire;
  return envelope(error.reason === 'malformed_body' ? 'Bad Request' : PARAMETER_CHECK_FAILED).wire;
}

export function renderMaxkeyError(error: CoreError, endpoint: MaxkeyEndpoint): WireResponse {
  if (error instanceof MaxkeyError) return error.wire;
  if (error.code === 'server_error' || error.code === 'server_unavailable') return serverFault(error);
  const bodyProblem = error.reason === 'malformed_body' || ['method_not_allowed', 'payload_too_large', 'unsupported_media_type'].includes(error.code);
  if (bodyProblem) return generic(error);
  switch (endpoint) {
    case 'token':
      if (error.code === 'invalid_client') return emptyReply().wire;
      return oauth2(rfcErrorCode(error.code), error.message).wire;
    case 'me':
      return resourceError(rfcErrorCode(error.code), error.message).wire;
    default:
      return generic(error);
  }
}
