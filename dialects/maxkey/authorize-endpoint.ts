import type { Request, RequestHandler } from 'express';
import { CoreError, isCoreError } from '../../src/core/errors';
import type { TokenPolicy } from '../../src/core/policy';
import type { DialectContext } from '../../src/http/dialect';
import { readParams, stringParam } from '../../src/http/params';
import { requestValidator } from '../../src/http/schemas';
import { rfc6749Redirect, type AuthorizationRequest } from '../../src/http/signin';
import { parseScopeSet } from './params';

function single(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The code flow's browser step on the gateway's shared sign-in. `response_type=token` (implicit)
 * is refused by redirect: the shared sign-in issues codes only.
 */
function parseAuthorization(req: Request, validate: (params: Record<string, unknown>) => void): AuthorizationRequest {
  const request: AuthorizationRequest = { clientId: single(req, 'client_id'), redirectUri: single(req, 'redirect_uri'), state: single(req, 'state') };
  try {
    const params = readParams(req, { query: true, repeated: 'error' });
    validate(params);
    const responseType = stringParam(params, 'response_type');
    if (responseType !== 'code') {
      throw new CoreError('invalid_request', responseType === undefined ? 'response_type is required' : `Unsupported response types: [${responseType}]`, {
        parameter: 'response_type',
        reason: responseType === undefined ? 'missing_parameter' : undefined,
      });
    }
    const scope = parseScopeSet(stringParam(params, 'scope'));
    request.scope = scope.length > 0 ? scope : undefined;
    request.codeChallenge = stringParam(params, 'code_challenge');
    request.codeChallengeMethod = stringParam(params, 'code_challenge_method') ?? (request.codeChallenge !== undefined ? 'plain' : undefined);
    const nonce = stringParam(params, 'nonce');
    request.extra = nonce !== undefined ? { nonce } : {};
  } catch (error) {
    if (!isCoreError(error)) throw error;
    request.problem = error;
  }
  return request;
}

/** GET `/authz/oauth/v20/authorize`: code and `state` in the redirect query. */
export function authorizeEndpoint(context: DialectContext, policy: TokenPolicy): RequestHandler {
  const validate = requestValidator('maxkey', 'authorize');
  const flow = context.signIn.flow({ policy, redirect: rfc6749Redirect });
  return async (req, res) => {
    await flow(req, res, parseAuthorization(req, validate));
  };
}
