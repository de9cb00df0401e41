import type { RequestHandler } from 'express';
import { isCoreError, type TokenKind } from '../../src/core';
import { send } from '../kit';
import { requireAdmin } from './admin';
import { parseApiRequest, type ApiRequestBody } from './api-request';
import type { IformContext } from './context';
import { success } from './envelope';
import { jsonBody } from './request';
import { DATE_FIELDS, queryRows, ROW_FIELDS } from './token-rows';

/** `POST …/authentication/query` (admin): live tokens, paged, filtered and sorted by an APIRequest. */
export function queryEndpoint(ctx: IformContext): RequestHandler {
  const limits = { defaultLimit: ctx.settings.queryDefaultLimit, maxLimit: ctx.settings.queryMaxLimit };
  return async (req, res) => {
    await requireAdmin(ctx, req);
    const body = jsonBody(req);
    ctx.validate.query(body);
    const query = parseApiRequest(body as ApiRequestBody, { all: ROW_FIELDS, dates: DATE_FIELDS }, limits);
    const { rows, total, truncated } = await queryRows(ctx.engine, query, ctx.formatDate, ctx.settings.queryScanLimit);
    if (truncated) req.log?.warn({ scanLimit: ctx.settings.queryScanLimit }, 'token query read only the first query_scan_limit grants');
    send(
      res,
      success({
        dataResult: rows,
        pageResult: { limit: query.limit, page: query.page, totalCount: total, totalPages: Math.ceil(total / query.limit) },
      }),
    );
  };
}

/** Whether the value is a live token of this kind (expired and unknown ones are left alone). */
async function liveKind(ctx: IformContext, token: string, kind: TokenKind): Promise<boolean> {
  try {
    await ctx.engine.verify(token, kind);
    return true;
  } catch (error) {
    if (isCoreError(error) && (error.code === 'invalid_token' || error.code === 'expired_token')) return false;
    throw error;
  }
}

/**
 * `POST …/authentication/remove` (admin): `type:"token"` removes access tokens only,
 * `type:"refresh"` removes refresh tokens with every access token of their grant.
 * Values of the other kind, unknown or expired ones are skipped.
 */
export function removeEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    await requireAdmin(ctx, req);
    const body = jsonBody(req);
    ctx.validate.remove(body);
    const kind: TokenKind = body.type === 'refresh' ? 'refresh_token' : 'access_token';
    const tokens = [...new Set(body.tokens as string[])];
    const live: string[] = [];
    for (const token of tokens) if (await liveKind(ctx, token, kind)) live.push(token);
    await ctx.engine.removeTokens(live);
    send(res, success(null));
  };
}
