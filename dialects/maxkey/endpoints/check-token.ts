import type { RequestHandler } from 'express';
import type { TokenRecord } from '../../../src/core';
import { type DialectContext, send } from '../../kit';
import { checkTokenFailure } from '../errors';
import { parseCheckToken } from '../parse';
import { renderCheckToken } from '../render';

/** `/authz/oauth/v20/check_token` (POST `token`, no client authentication). */
export function checkTokenEndpoint(context: DialectContext): RequestHandler {
  const { engine } = context;
  return async (req, res) => {
    const token = parseCheckToken(req);
    let record: TokenRecord;
    try {
      record = await engine.verify(token, 'access_token');
    } catch (error) {
      throw checkTokenFailure(error);
    }
    const user = record.subject.type === 'user' ? engine.directory.userByUid(record.subject.id) : undefined;
    send(res, renderCheckToken(record, user));
  };
}
