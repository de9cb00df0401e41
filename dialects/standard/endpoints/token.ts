import type { RequestHandler } from 'express';
import { type DialectContext, requestValidator, send } from '../../kit';
import { standardIssuer, standardPolicy, standardProfile } from '../config';
import { parseClientCredentials, parseTokenParams, parseTokenRequest } from '../parse';
import { renderToken } from '../render';
import { mintIdToken } from '../support/id-token';

/** POST /token (RFC 6749 §3.2): every grant the engine knows; an ID token with a code grant's `openid` scope. */
export function tokenEndpoint(context: DialectContext): RequestHandler {
  const profile = standardProfile(context.section);
  const policy = context.engine.usePolicy(standardPolicy(context.section));
  const validate = requestValidator('standard', 'token');
  const issuer = standardIssuer(context.engine.issuer, context.basePath);
  return async (req, res) => {
    const params = parseTokenParams(req, profile, validate);
    const client = await context.engine.authenticateClient(parseClientCredentials(req, params, profile), req);
    const request = parseTokenRequest(params, client);
    const result = await context.engine.token(request, policy, req);
    send(res, renderToken(result, context.engine.now(), mintIdToken(request.grantType, result, issuer, context.engine.keys)));
  };
}
