import type { RequestHandler } from 'express';
import { isCoreError, type TokenKind } from '../../../src/core';
import { send } from '../../kit';
import { parseRemoveRequest } from '../parse';
import { success } from '../render';
import type { IformContext } from '../support/context';

/** Whether the value is a live token of this kind in the admin's reach (expired, unknown and other dialects' are left alone). */
async function removable(ctx: IformContext, token: string, kind: TokenKind): Promise<boolean> {
  try {
    const record = await ctx.engine.verify(token, kind);
    return ctx.settings.queryScope === 'all' || record.dialect === 'iform';
  } catch (error) {
    if (isCoreError(error) && (error.code === 'invalid_token' || error.code === 'expired_token')) return false;
    throw error;
  }
}

/**
 * `POST …/authentication/remove` (admin): `type:"token"` removes access tokens only,
 * `type:"refresh"` removes refresh tokens with every access token of their grant.
 * Values of the other kind, unknown or expired ones, and (unless `query_scope: all`) tokens
 * minted through another dialect are skipped.
 */
export function removeEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const { kind, tokens } = await parseRemoveRequest(ctx, req);
    const live: string[] = [];
    for (const token of tokens) if (await removable(ctx, token, kind)) live.push(token);
    await ctx.engine.removeTokens(live);
    send(res, success(null));
  };
}
