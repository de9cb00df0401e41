import type { RequestHandler } from 'express';
import { CoreError } from '../../src/core';
import { readParams, send } from '../kit';
import type { IformContext } from './context';
import { success } from './envelope';
import { wireGrantType } from './grant-types';
import { optionalString } from './request';

/**
 * `POST …/authentication/verify?access_token=…[&uid=…]`: `data` is the username (the client
 * id for a client_credentials token); `variables` carries `clientId` and `"grant.type"`.
 */
export function verifyEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    // Spring's @RequestParam reads the query and form bodies; JSON is accepted as well.
    const params = readParams(req, { query: true, form: true, json: true, repeated: 'error' });
    ctx.validate.verify(params);
    const { record } = await ctx.engine.userInfo(optionalString(params, 'access_token'));
    const uid = optionalString(params, 'uid');
    if (uid !== undefined && uid !== record.subject.id) {
      throw new CoreError('invalid_token', 'the token does not belong to this uid', { reason: 'unknown_token' });
    }
    const name = record.subject.type === 'user' ? (record.subject.username ?? record.subject.id) : record.subject.id;
    send(res, success(name, { clientId: record.clientId, 'grant.type': wireGrantType(record.grantType) }));
  };
}
