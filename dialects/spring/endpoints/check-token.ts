import type { RequestHandler } from 'express';
import type { TokenRecord } from '../../../src/core';
import { type DialectContext, send } from '../../kit';
import type { SpringSettings } from '../config';
import { parseCheckTokenRequest } from '../parse';
import { checkTokenClaims } from '../render';
import { checkTokenFailure } from '../errors';

/**
 * `/oauth/check_token`: the converter's map of a live access token plus `active: true`, built
 * from the engine's record so a token minted by any dialect answers alike.
 */
export function checkTokenEndpoint(context: DialectContext, settings: SpringSettings): RequestHandler {
  return async (req, res) => {
    const token = await parseCheckTokenRequest(req, context, settings);
    let record: TokenRecord;
    try {
      record = await context.engine.verify(token, 'access_token');
    } catch (error) {
      checkTokenFailure(error);
    }
    const user = record.subject.type === 'user' ? context.engine.directory.userByUid(record.subject.id) : undefined;
    send(res, { status: 200, body: checkTokenClaims(record, user, context.engine.directory.client(record.clientId), settings) });
  };
}
