import type { RequestHandler } from 'express';
import { send } from '../../kit';
import { parseSwitchExitRequest } from '../parse';
import { switchExitResponse } from '../render';
import type { IformContext } from '../support/context';

/** `POST …/authentication/switch/exit`: the impersonated session ends; the admin's own bundle comes back. */
export function switchExitEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const token = await parseSwitchExitRequest(ctx, req);
    const result = await ctx.engine.exitImpersonation(token, ctx.policy);
    send(res, switchExitResponse(result, ctx.engine.now(), ctx.settings));
  };
}
