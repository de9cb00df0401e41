import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { TokenResult } from '../../../src/core';
import { send } from '../../kit';
import { parseApplyRequest } from '../parse';
import { applyResponse } from '../render';
import type { IformContext } from '../support/context';
import { USER_CODE_PURPOSE } from '../support/handle-purposes';

/** `POST …/authentication/apply`: the token endpoint. */
export function applyEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const apply = await parseApplyRequest(ctx, req);
    const result: TokenResult =
      apply.kind === 'refresh-for-token-client'
        ? await ctx.engine.refreshForTokenClient(apply.refreshToken, apply.clientId, ctx.policy)
        : await ctx.engine.token(apply.request, ctx.policy, req);
    let userCode: { code: string; redirectUri?: string } | undefined;
    if (apply.grantType === 'authorization_code') {
      // IBPS v3: the code grant also hands out a one-time reference (a v4 UUID, dash-less).
      const code = await ctx.engine.handles.issue(
        USER_CODE_PURPOSE,
        { uid: result.subject.id, client_id: result.client.clientId },
        { ttlSeconds: ctx.settings.userCodeTtl, mint: () => randomUUID().replace(/-/g, '') },
      );
      userCode = { code, redirectUri: apply.redirectUri };
    }
    send(res, applyResponse(result, ctx.engine.now(), ctx.settings, userCode));
  };
}
