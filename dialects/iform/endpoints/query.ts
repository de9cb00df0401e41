import type { RequestHandler } from 'express';
import { send } from '../../kit';
import { parseQueryRequest } from '../parse';
import { queryResponse } from '../render';
import type { IformContext } from '../support/context';
import { queryRows } from '../support/token-rows';

/** `POST …/authentication/query` (admin): live tokens, paged, filtered and sorted by an APIRequest. */
export function queryEndpoint(ctx: IformContext): RequestHandler {
  return async (req, res) => {
    const query = await parseQueryRequest(ctx, req);
    const only = ctx.settings.queryScope === 'iform' ? 'iform' : undefined;
    const { truncated, ...page } = await queryRows(ctx.engine, query, ctx.formatDate, ctx.settings.queryScanLimit, only);
    if (truncated) req.log?.warn({ scanLimit: ctx.settings.queryScanLimit }, 'token query read only the first query_scan_limit grants');
    send(res, queryResponse(page, query));
  };
}
