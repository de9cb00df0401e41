import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { send } from '../kit';
import { tokenBundle } from './bundle';
import { applyClient, refreshesForTokenClient } from './client';
import type { IformContext } from './context';
import { success } from './envelope';
import { coreGrantType } from './grant-types';
import { jsonBody, optionalString } from './request';

/** What `variables.code` of a code grant refers to ("第三方获取用户信息的凭证"). */
export const USER_CODE_PURPOSE = 'iform.user-code';

/** `POST …/authentication/apply`: the token endpoint, a JSON body, IBPS grant names. */
export function applyEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const params = jsonBody(req);
    ctx.validate.apply(params);
    const grantType = coreGrantType(params.grant_type as string)!;
    const redirectUri = optionalString(params, 'redirect_uri');
    const result = refreshesForTokenClient(ctx, params, grantType)
      ? await ctx.engine.refreshForTokenClient(optionalString(params, 'refresh_token'), optionalString(params, 'client_id'), ctx.policy)
      : await ctx.engine.token(
          {
            grantType,
            client: await applyClient(ctx, params, grantType),
            username: optionalString(params, 'username'),
            password: params.password as string | undefined,
            refreshToken: optionalString(params, 'refresh_token'),
            code: optionalString(params, 'authorize_code'),
            redirectUri,
          },
          ctx.policy,
        );
    const { client } = result;
    let variables: Record<string, unknown> = {};
    if (grantType === 'authorization_code') {
      // IBPS v3: the code grant also hands out a one-time reference (a v4 UUID, dash-less).
      const code = await ctx.engine.handles.issue(
        USER_CODE_PURPOSE,
        { uid: result.subject.id, client_id: client.clientId },
        { ttlSeconds: ctx.settings.userCodeTtl, mint: () => randomUUID().replace(/-/g, '') },
      );
      variables = { code, redirect_uri: redirectUri ?? null };
    }
    send(res, success(tokenBundle(result, ctx.engine.now(), ctx.settings), variables));
  };
}
