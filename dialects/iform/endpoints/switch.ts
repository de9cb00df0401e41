import type { RequestHandler } from 'express';
import { send } from '../../kit';
import { parseSwitchRequest } from '../parse';
import { switchResponse } from '../render';
import type { IformContext } from '../support/context';

/** `POST …/authentication/switch`: an admin's token becomes a bundle for `username`. */
export function switchEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const { accessToken, username } = await parseSwitchRequest(ctx, req);
    const result = await ctx.engine.impersonate(accessToken, username, ctx.policy);
    send(res, switchResponse(result, ctx.engine.now(), ctx.settings));
  };
}
