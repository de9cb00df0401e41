import type { RequestHandler } from 'express';
import { CoreError, isCoreError } from '../../src/core';
import { type DialectContext, readParams, stringParam, requestValidator, send } from '../kit';
import { authenticateCiamClient } from './client-auth';
import { SERVLET_PARAMS } from './token-endpoint';

/**
 * RFC 7009 as CIAM documents it: 200 with an empty body, unknown tokens included; a refresh
 * token takes its access tokens with it; another client's token is a 401 `invalid_client`.
 */
export function revokeEndpoint(context: DialectContext): RequestHandler {
  const { engine } = context;
  const validate = requestValidator('ciam', 'revoke');
  return async (req, res) => {
    const params = readParams(req, SERVLET_PARAMS);
    const client = await authenticateCiamClient(engine, req, params);
    validate(params);
    try {
      await engine.revoke(stringParam(params, 'token'), client);
    } catch (error) {
      if (isCoreError(error) && error.code === 'unauthorized_client') {
        throw new CoreError('invalid_client', 'the token was issued to another client', { reason: 'client_mismatch' });
      }
      throw error;
    }
    send(res, { status: 200 });
  };
}
