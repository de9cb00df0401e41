import type { RequestHandler } from 'express';
import { send } from '../../kit';
import { parseLoginRequest } from '../parse';
import { success } from '../render';
import type { IformContext } from '../support/context';
import { LOGIN_STATE_PURPOSE } from '../support/handle-purposes';

/** `POST …/user/login/apply`: a user signs in; `data` is a short-lived `login_state`. */
export function loginApplyEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const { username, password } = parseLoginRequest(ctx, req);
    const user = await ctx.engine.authenticateUser(username, password, ['username'], req);
    const loginState = await ctx.engine.handles.issue(LOGIN_STATE_PURPOSE, { uid: user.uid }, { ttlSeconds: ctx.settings.loginStateTtl });
    send(res, success(loginState));
  };
}
