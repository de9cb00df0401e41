import { CoreError, isCoreError } from '../../src/core/errors';
import type { Client } from '../../src/core/model';
import type { IformContext } from './context';
import { optionalString } from './request';

function badRefreshToken(cause?: unknown): CoreError {
  return new CoreError('invalid_grant', 'Invalid refresh token', { parameter: 'refresh_token', reason: 'unknown_token', cause });
}

/**
 * The client of an `apply` call. With `client_secret` it is authenticated. Without it (older
 * IBPS clients, and the v3 document's refresh example) a refresh token speaks for the client
 * it was issued to, and a password grant may fall back to `default_client_id`; a public client
 * needs no secret.
 */
export async function applyClient(ctx: IformContext, params: Record<string, unknown>, coreGrant: string): Promise<Client> {
  const clientId = optionalString(params, 'client_id');
  const clientSecret = optionalString(params, 'client_secret');
  if (clientSecret !== undefined) {
    return ctx.engine.authenticateClient({ clientId, clientSecret, method: 'client_secret_post' });
  }
  if (coreGrant === 'refresh_token' && ctx.settings.refreshWithoutClientAuth) {
    const record = await ctx.engine.verify(optionalString(params, 'refresh_token'), 'refresh_token').catch((error: unknown) => {
      throw isCoreError(error) && (error.code === 'invalid_token' || error.code === 'expired_token') ? badRefreshToken(error) : error;
    });
    const client = ctx.engine.directory.client(record.clientId);
    if (!client || (clientId !== undefined && clientId !== record.clientId)) throw badRefreshToken();
    return client;
  }
  if (clientId === undefined && coreGrant === 'password' && ctx.settings.defaultClientId !== undefined) {
    const client = ctx.engine.directory.client(ctx.settings.defaultClientId);
    if (client) return client;
  }
  return ctx.engine.authenticateClient({ clientId, method: 'none' });
}
