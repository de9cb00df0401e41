import type { RequestHandler } from 'express';
import { type DialectContext, requestValidator, send } from '../../kit';
import { standardProfile } from '../config';
import { parseClientCredentials, parseTokenOperand, parseTokenOperationParams } from '../parse';
import { renderRevocation } from '../render';

/** POST /revoke (RFC 7009): a client revokes its own tokens. */
export function revocationEndpoint(context: DialectContext): RequestHandler {
  const profile = standardProfile(context.section);
  const validate = requestValidator('standard', 'revoke');
  return async (req, res) => {
    const params = parseTokenOperationParams(req, profile);
    const client = await context.engine.authenticateClient(parseClientCredentials(req, params, profile), req);
    await context.engine.revoke(parseTokenOperand(params, validate), client);
    send(res, renderRevocation());
  };
}
