import type { RequestHandler } from 'express';
import { CoreError, isCoreError } from '../../../src/core';
import { type DialectContext, send } from '../../kit';
import { revokeRequestParser } from '../parse';

/**
 * POST /oauth2/revoke, RFC 7009 as CIAM documents it: 200 with an empty body, unknown tokens
 * included; a refresh token takes its access tokens with it; another client's token is a 401
 * `invalid_client`.
 */
export function revokeEndpoint(context: DialectContext): RequestHandler {
  const { engine } = context;
  const parse = revokeRequestParser(engine);
  return async (req, res) => {
    const { token, client } = await parse(req);
    try {
      await engine.revoke(token, client);
    } catch (error) {
      if (isCoreError(error) && error.code === 'unauthorized_client') {
        throw new CoreError('invalid_client', 'the token was issued to another client', { reason: 'client_mismatch' });
      }
      throw error;
    }
    send(res, { status: 200 });
  };
}
