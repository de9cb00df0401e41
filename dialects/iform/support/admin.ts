import { CoreError, type User } from '../../../src/core';
import type { IformContext } from './context';

/** The administrator an access token speaks for, or the vendor's permission error. */
export async function requireAdmin(ctx: IformContext, accessToken: string | undefined): Promise<User> {
  const { user } = await ctx.engine.userInfo(accessToken);
  if (!user || !ctx.engine.isAdmin(user)) {
    throw new CoreError('access_denied', 'only an administrator may do this', { reason: 'not_admin' });
  }
  return user;
}
