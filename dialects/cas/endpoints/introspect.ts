import type { RequestHandler } from 'express';
import { isCoreError, type TokenRecord } from '../../../src/core';
import { type DialectContext, requestValidator, send } from '../../kit';
import type { CasSettings } from '../config';
import { CasFailure } from '../errors';
import { parseIntrospectedToken, parseIntrospectionClient } from '../parse';
import { introspectionResponse } from '../render';

/** `/oauth2.0/introspect` (CAS 6.0+): HTTP Basic client authentication only; `token` (or legacy `access_token`). */
export function introspectionEndpoint(context: DialectContext, settings: CasSettings): RequestHandler {
  const validate = requestValidator('cas', 'introspect');
  const { engine } = context;
  return async (req, res) => {
    await engine.authenticateClient(parseIntrospectionClient(req, settings.profile), req).catch((error: unknown) => {
      throw isCoreError(error) && error.code === 'invalid_client' ? new CasFailure('introspection_client', error) : error;
    });
    const token = parseIntrospectedToken(req, validate);
    const facts = await engine.introspect(token);
    let record: TokenRecord | undefined;
    if (facts.active) {
      record = await engine.verify(token, facts.token_type).catch((error: unknown) => {
        if (isCoreError(error) && (error.code === 'invalid_token' || error.code === 'expired_token')) return undefined;
        throw error;
      });
    }
    send(res, introspectionResponse(token, record, settings.realmName));
  };
}
