import type { RequestHandler } from 'express';
import { CoreError } from '../../../src/core';
import { send } from '../../kit';
import { parseVerifyRequest } from '../parse';
import { verifyResponse } from '../render';
import type { IformContext } from '../support/context';

/** `POST` / `GET …/authentication/verify`: whose the access token is; an optional `uid` must match. */
export function verifyEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const { accessToken, uid } = parseVerifyRequest(ctx, req);
    const { record } = await ctx.engine.userInfo(accessToken);
    if (uid !== undefined && uid !== record.subject.id) {
      throw new CoreError('invalid_token', 'the token does not belong to this uid', { reason: 'unknown_token' });
    }
    send(res, verifyResponse(record));
  };
}
