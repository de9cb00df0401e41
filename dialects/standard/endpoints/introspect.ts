import type { RequestHandler } from 'express';
import { type DialectContext, requestValidator, send } from '../../kit';
import { standardProfile } from '../config';
import { parseClientCredentials, parseTokenOperand, parseTokenOperationParams } from '../parse';
import { renderIntrospection } from '../render';

/** POST /introspect (RFC 7662): any authenticated client may ask about any token. */
export function introspectionEndpoint(context: DialectContext): RequestHandler {
  const profile = standardProfile(context.section);
  const validate = requestValidator('standard', 'introspect');
  return async (req, res) => {
    const params = parseTokenOperationParams(req, profile);
    await context.engine.authenticateClient(parseClientCredentials(req, params, profile), req);
    send(res, renderIntrospection(await context.engine.introspect(parseTokenOperand(params, validate))));
  };
}
