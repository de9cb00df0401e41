import type { Request } from 'express';
import { CoreError, type User } from '../../src/core';
import type { IformContext } from './context';
import { headerToken } from './request';

/** The administrator behind the request's `X-Authorization-access_token`, or the vendor's permission error. */
export async function requireAdmin(ctx: IformContext, req: Request): Promise<User> {
  const { user } = await ctx.engine.userInfo(headerToken(req));
  if (!user || !ctx.engine.isAdmin(user)) {
    throw new CoreError('access_denied', 'only an administrator may do this', { reason: 'not_admin' });
  }
  return user;
}
