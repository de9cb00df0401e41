/**
 * Wire → core for the standard endpoints. Each handler calls these in the order the RFCs'
 * error precedence needs (token: body, schema, client; introspection and revocation: client,
 * then schema), so a request's parsing is split where the client is authenticated.
 */
import type { Request } from 'express';
import { type AuthorizationRequest, parseRfcAuthorization, readClientCredentials, readParams, rfcGrantFields, stringParam } from '../kit';
import { type Client, type ClientCredentials, CoreError, parseScope, type TokenRequest } from '../../src/core';
import type { StandardProfile } from './profiles';

type Params = Record<string, unknown>;
type Validate = (params: Params) => void;

/** POST /token: a form body (RFC 6749 §3.2), checked against the request schema. */
export function parseTokenParams(req: Request, profile: StandardProfile, validate: Validate): Params {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new CoreError('invalid_request', 'the token endpoint takes application/x-www-form-urlencoded', { reason: 'malformed_body' });
  }
  const params = readParams(req, profile.params);
  validate(params);
  return params;
}

/** The token request the engine takes, once the client is authenticated. */
export function parseTokenRequest(params: Params, client: Client): TokenRequest {
  return {
    grantType: stringParam(params, 'grant_type')!,
    client,
    scope: parseScope(stringParam(params, 'scope')),
    ...rfcGrantFields(params),
    parameters: params,
  };
}

/** POST /introspect and /revoke: the form's parameters, checked only after client authentication. */
export function parseTokenOperationParams(req: Request, profile: StandardProfile): Params {
  return readParams(req, profile.params);
}

/** The `token` an introspection or revocation is about (RFC 7662 §2.1, RFC 7009 §2.1). */
export function parseTokenOperand(params: Params, validate: Validate): string | undefined {
  validate(params);
  return stringParam(params, 'token');
}

/** The client's credentials, from HTTP Basic or the form. */
export function parseClientCredentials(req: Request, params: Params, profile: StandardProfile): ClientCredentials {
  return readClientCredentials(req, params, profile.clientAuth);
}

/**
 * GET /authorize: the RFC 6749 §4.1.1 and RFC 7636 query, and OIDC's `nonce`, kept with the code
 * for the ID token; what is wrong travels as the request's `problem`.
 */
export function parseAuthorization(req: Request, validate: Validate): AuthorizationRequest {
  const request = parseRfcAuthorization(req, validate);
  // Validated (one string) when there is no problem.
  const nonce = (req.query as Params).nonce;
  if (!request.problem && typeof nonce === 'string') request.extra = { nonce };
  return request;
}

/** Whether the request tried HTTP Basic, which an `invalid_client` answer then challenges. */
export function usesBasicAuth(req: Request): boolean {
  return /^basic /i.test(req.headers.authorization ?? '');
}
