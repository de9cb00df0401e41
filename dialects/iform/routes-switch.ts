import type { Request, RequestHandler } from 'express';
import { CoreError } from '../../src/core';
import { send } from '../kit';
import { tokenBundle } from './bundle';
import type { IformContext } from './context';
import { success } from './envelope';
import { headerToken, jsonBody, optionalString } from './request';

/**
 * The access token a switch call acts on: the body's `access_token` (the IBPS client sends it
 * there and in the header), else the header. `client_id` / `client_secret`, when sent, must
 * authenticate the token's own client.
 */
async function actingToken(ctx: IformContext, req: Request, params: Record<string, unknown>): Promise<string | undefined> {
  const token = optionalString(params, 'access_token') ?? headerToken(req);
  const clientId = optionalString(params, 'client_id');
  if (clientId !== undefined || params.client_secret !== undefined) {
    const client = await ctx.engine.authenticateClient({ clientId, clientSecret: optionalString(params, 'client_secret'), method: 'client_secret_post' });
    const record = await ctx.engine.verify(token, 'access_token');
    if (record.clientId !== client.clientId) throw new CoreError('invalid_client', 'the access token was issued to another client', { reason: 'bad_credentials' });
  }
  return token;
}

/** `POST …/authentication/switch`: an admin's token becomes a bundle for `username`. */
export function switchEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const params = jsonBody(req);
    ctx.validate.switch(params);
    const token = await actingToken(ctx, req, params);
    const result = await ctx.engine.impersonate(token, optionalString(params, 'username'), ctx.policy);
    const bundle = tokenBundle(result, ctx.engine.now(), ctx.settings, {
      primaryRefreshToken: result.primaryRefreshToken,
      // IBPS v3's document shows `uid: null` in the switch response.
      hideUid: ctx.settings.switchUid === 'null',
    });
    send(res, success(bundle));
  };
}

/** `POST …/authentication/switch/exit`: the impersonated session ends; the admin's own bundle comes back. */
export function switchExitEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const params = jsonBody(req);
    ctx.validate['switch-exit'](params);
    const token = await actingToken(ctx, req, params);
    if (ctx.settings.switchExitChecksUsername) {
      const record = await ctx.engine.verify(token, 'access_token');
      const username = optionalString(params, 'username');
      if (record.impersonation && username !== undefined && username !== record.impersonation.username) {
        throw new CoreError('invalid_request', 'username is not the administrator who switched', { parameter: 'username' });
      }
    }
    const result = await ctx.engine.exitImpersonation(token, ctx.policy);
    send(res, success(tokenBundle(result, ctx.engine.now(), ctx.settings)));
  };
}
