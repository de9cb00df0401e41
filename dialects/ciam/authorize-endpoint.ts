import type { Request, RequestHandler } from 'express';
import { type UserIdentifier, CoreError, isCoreError, parseScope } from '../../src/core';
import {
  type DialectContext,
  readParams,
  stringParam,
  requestValidator,
  authorizationErrorCode,
  rfc6749Redirect,
  withQuery,
  type AuthorizationRequest,
  type AuthorizeHandler,
  type RedirectTarget,
} from '../kit';
import type { AuthSource, CiamSettings } from './config';
import { CiamWireError, ERROR_URI } from './errors';
import { ciamPolicy } from './tokens';

const ALL_IDENTIFIERS: readonly UserIdentifier[] = ['username', 'phone_number', 'email'];

/** A parameter that must be a single string to decide where errors go; read before anything is validated. */
function single(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** SAS 0.2.0 error redirect: a parameter error names the parameter and the RFC section it breaks (CIAM doc 1441/64348). */
export function ciamErrorRedirect(error: CoreError, target: RedirectTarget): string {
  const parameter = error.parameter;
  const described = parameter
    ? { error_description: `OAuth 2.0 Parameter: ${parameter}`, error_uri: parameter.startsWith('code_challenge') ? ERROR_URI.pkce : ERROR_URI.authorize }
    : {};
  return withQuery(target.redirectUri, { error: authorizationErrorCode(error), ...described, state: target.state });
}

/** response_type is refused with a 400, never by redirect (CIAM doc 1441/64391). */
function requireCodeResponseType(req: Request): void {
  const responseType = single(req, 'response_type');
  if (responseType === 'code') return;
  const error = responseType === undefined ? 'invalid_request' : 'unsupported_response_type';
  throw new CiamWireError('invalid_request', {
    status: 400,
    body: { error, error_description: 'OAuth 2.0 Parameter: response_type', error_uri: ERROR_URI.authorize },
  });
}

interface ParsedAuthorization {
  request: AuthorizationRequest;
  /** Identifiers the sign-in form accepts: the named auth source's, else those of the application's auth sources. */
  identifiers: readonly UserIdentifier[];
}

function parseAuthorization(req: Request, validate: (params: Record<string, unknown>) => void, sources: readonly AuthSource[]): ParsedAuthorization {
  const clientId = single(req, 'client_id');
  const request: AuthorizationRequest = { clientId, redirectUri: single(req, 'redirect_uri'), state: single(req, 'state') };
  const associated = sources.filter((source) => clientId !== undefined && source.clients.includes(clientId));
  let identifiers: readonly UserIdentifier[] = associated.length > 0 ? ALL_IDENTIFIERS.filter((id) => associated.some((s) => s.identifiers.includes(id))) : ['username'];
  try {
    const params = readParams(req, { query: true, repeated: 'error' });
    validate(params);
    request.scope = parseScope(stringParam(params, 'scope'));
    request.codeChallenge = stringParam(params, 'code_challenge');
    request.codeChallengeMethod = stringParam(params, 'code_challenge_method');
    // CIAM accepts S256 only.
    if (request.codeChallengeMethod !== undefined && request.codeChallengeMethod !== 'S256') {
      throw new CoreError('invalid_request', 'code_challenge_method must be S256', { parameter: 'code_challenge_method' });
    }
    if (request.codeChallengeMethod !== undefined && request.codeChallenge === undefined) {
      throw new CoreError('invalid_request', 'code_challenge is required with code_challenge_method', { parameter: 'code_challenge' });
    }
    const nonce = stringParam(params, 'nonce');
    const authSourceId = stringParam(params, 'auth_source_id');
    request.extra = { ...(nonce !== undefined ? { nonce } : {}), ...(authSourceId !== undefined ? { auth_source_id: authSourceId } : {}) };
    if (authSourceId !== undefined) {
      const source = associated.find((s) => s.id === authSourceId);
      if (!source) throw new CoreError('invalid_request', 'the auth source is not associated with the application', { parameter: 'auth_source_id' });
      identifiers = source.identifiers;
    }
  } catch (error) {
    if (!isCoreError(error)) throw error;
    request.problem = error;
  }
  return { request, identifiers };
}

/** GET /oauth2/authorize: the browser step of the code flow, on the gateway's shared sign-in. */
export function authorizeEndpoint(context: DialectContext, settings: CiamSettings): RequestHandler {
  const validate = requestValidator('ciam', 'authorize');
  const policy = context.engine.usePolicy(ciamPolicy(settings));
  // One flow per set of accepted identifiers (at most seven), made when first needed.
  const flows = new Map<string, AuthorizeHandler>();
  const flowFor = (identifiers: readonly UserIdentifier[]): AuthorizeHandler => {
    const key = identifiers.join(' ');
    let flow = flows.get(key);
    if (!flow) {
      flow = context.signIn.flow({ policy, userIdentifiers: identifiers, redirect: rfc6749Redirect, redirectError: ciamErrorRedirect });
      flows.set(key, flow);
    }
    return flow;
  };
  return async (req, res) => {
    requireCodeResponseType(req);
    const { request, identifiers } = parseAuthorization(req, validate, settings.authSources);
    await flowFor(identifiers)(req, res, request);
  };
}
