import type { Request } from 'express';
import { CoreError, isCoreError } from '../../core/errors';
import { parseScope } from '../../core/scope';
import { readParams, stringParam } from '../params';
import type { AuthorizationRequest } from './authorize';

/** A query parameter that must be one string to decide where errors go; read before validation. */
function single(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * An RFC 6749 §4.1.1 / RFC 7636 authorization query as the shared authorization request, for
 * dialects whose authorize endpoint uses the standard names; what is wrong travels as `problem`.
 */
export function parseRfcAuthorization(req: Request, validate: (params: Record<string, unknown>) => void): AuthorizationRequest {
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
