import type { Request, RequestHandler } from 'express';
import { CoreError, isCoreError } from '../../src/core/errors';
import { parseScope } from '../../src/core/scope';
import type { DialectContext } from '../../src/http/dialect';
import { readParams, stringParam } from '../../src/http/params';
import { requestValidator } from '../../src/http/schemas';
import { rfc6749ErrorRedirect, rfc6749Redirect, type AuthorizationRequest } from '../../src/http/signin';
import { standardPolicy } from './config';

/** The one parameter that must be a string to decide where errors go; read before anything is validated. */
function single(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** RFC 6749 §4.1.1 query → the shared authorization request; what is wrong travels as `problem`. */
function parseAuthorization(req: Request, validate: (params: Record<string, unknown>) => void): AuthorizationRequest {
  const request: AuthorizationRequest = { clientId: single(req, 'client_id'), redirectUri: single(req, 'redirect_uri'), state: single(req, 'state') };
  try {
    const params = readParams(req, { query: true, repeated: 'error' });
    validate(params);
    if (stringParam(params, 'response_type') !== 'code') {
      throw new CoreError('invalid_request', 'response_type must be code', { parameter: 'response_type' });
    }
    request.scope = parseScope(stringParam(params, 'scope'));
    request.codeChallenge = stringParam(params, 'code_challenge');
    request.codeChallengeMethod = stringParam(params, 'code_challenge_method');
  } catch (error) {
    if (!isCoreError(error)) throw error;
    request.problem = error;
  }
  return request;
}

/** GET /authorize: the browser step of the code flow, on the shared sign-in. */
export function authorizationEndpoint(context: DialectContext): RequestHandler {
  const validate = requestValidator('standard', 'authorize');
  const authorize = context.signIn.flow({
    policy: context.engine.usePolicy(standardPolicy(context.section)),
    redirect: rfc6749Redirect,
    redirectError: rfc6749ErrorRedirect,
  });
  return (req, res) => authorize(req, res, parseAuthorization(req, validate));
}
