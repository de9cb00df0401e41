import type { RequestHandler } from 'express';
import { CoreError } from '../../src/core';
import { send } from '../kit';
import type { IformContext } from './context';
import { success } from './envelope';
import { jsonBody, optionalString } from './request';

const LOGIN_STATE_PURPOSE = 'iform.login-state';

/** `POST …/user/login/apply`: a user signs in; `data` is a short-lived `login_state`. */
export function loginApplyEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const params = jsonBody(req);
    ctx.validate.login(params);
    // `captcha` and `requestId` are accepted and not checked: the gateway has no captcha.
    const user = await ctx.engine.authenticateUser(params.username as string, params.password as string, ['username']);
    const loginState = await ctx.engine.handles.issue(LOGIN_STATE_PURPOSE, { uid: user.uid }, { ttlSeconds: ctx.settings.loginStateTtl });
    send(res, success(loginState));
  };
}

function badLoginState(): CoreError {
  return new CoreError('invalid_grant', 'the login_state is unknown, expired or already used', { parameter: 'login_state', reason: 'unknown_token' });
}

/** `POST …/authorize/apply {client_id, login_state}`: `data` is the authorize code. */
export function authorizeApplyEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const params = jsonBody(req);
    ctx.validate.authorize(params);
    const client = ctx.engine.directory.client(params.client_id as string);
    if (!client) throw new CoreError('invalid_client', 'unknown client_id', { reason: 'unknown_client', parameter: 'client_id' });
    const state = await ctx.engine.handles.redeem(LOGIN_STATE_PURPOSE, params.login_state, { singleUse: ctx.settings.loginStateSingleUse });
    const user = typeof state?.uid === 'string' ? ctx.engine.directory.userByUid(state.uid) : undefined;
    if (!user) throw badLoginState();
    const code = await ctx.engine.issueAuthorizationCode({ client, user, redirectUri: optionalString(params, 'redirect_uri') }, ctx.policy);
    send(res, success(code.value));
  };
}
