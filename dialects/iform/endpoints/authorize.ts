import type { RequestHandler } from 'express';
import { CoreError } from '../../../src/core';
import { send } from '../../kit';
import { parseAuthorizeRequest } from '../parse';
import { success } from '../render';
import type { IformContext } from '../support/context';
import { LOGIN_STATE_PURPOSE } from '../support/handle-purposes';

function badLoginState(): CoreError {
  return new CoreError('invalid_grant', 'the login_state is unknown, expired or already used', { parameter: 'login_state', reason: 'unknown_token' });
}

/** `POST …/authorize/apply {client_id, login_state}`: `data` is the authorize code. */
export function authorizeApplyEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const { client, loginState, redirectUri } = parseAuthorizeRequest(ctx, req);
    const state = await ctx.engine.handles.redeem(LOGIN_STATE_PURPOSE, loginState, { singleUse: ctx.settings.loginStateSingleUse });
    const user = typeof state?.uid === 'string' ? ctx.engine.directory.userByUid(state.uid) : undefined;
    if (!user) throw badLoginState();
    const code = await ctx.engine.issueAuthorizationCode({ client, user, redirectUri }, ctx.policy);
    send(res, success(code.value));
  };
}
