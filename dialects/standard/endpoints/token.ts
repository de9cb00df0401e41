import type { RequestHandler } from 'express';
import { type DialectContext, requestValidator, send } from '../../kit';
import { standardPolicy, standardProfile } from '../config';
import { parseClientCredentials, parseTokenParams, parseTokenRequest } from '../parse';
import { renderToken } from '../render';

/** POST /token (RFC 6749 §3.2): every grant the engine knows. */
export function tokenEndpoint(context: DialectContext): RequestHandler {
  const profile = standardProfile(context.section);
  const policy = context.engine.usePolicy(standardPolicy(context.section));
  const validate = requestValidator('standard', 'token');
  return async (req, res) => {
    const params = parseTokenParams(req, profile, validate);
    const client = await context.engine.authenticateClient(parseClientCredentials(req, params, profile), req);
    const result = await context.engine.token(parseTokenRequest(params, client), policy, req);
    send(res, renderToken(result, context.engine.now()));
  };
}
