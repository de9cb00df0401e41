import type { Client } from '../../src/core';
import type { IformContext } from './context';
import { optionalString } from './request';

/** Whether an `apply` refresh is one where the refresh token speaks for its own client (no `client_secret`). */
export function refreshesForTokenClient(ctx: IformContext, params: Record<string, unknown>, coreGrant: string): boolean {
  return coreGrant === 'refresh_token' && ctx.settings.refreshWithoutClientAuth && optionalString(params, 'client_secret') === undefined;
}

/**
 * The client of an `apply` call. With `client_secret` it is authenticated. Without it (older
 * IBPS clients, and the v3 document's refresh example) a refresh token speaks for the client
 * it was issued to (`refreshesForTokenClient`), and a password grant may fall back to
 * `default_client_id`; a public client needs no secret.
 */
export async function applyClient(ctx: IformContext, params: Record<string, unknown>, coreGrant: string): Promise<Client> {
  const clientId = optionalString(params, 'client_id');
  const clientSecret = optionalString(params, 'client_secret');
  if (clientSecret !== undefined) {
    return ctx.engine.authenticateClient({ clientId, clientSecret, method: 'client_secret_post' });
  }
  if (clientId === undefined && coreGrant === 'password' && ctx.settings.defaultClientId !== undefined) {
    const client = ctx.engine.directory.client(ctx.settings.defaultClientId);
    if (client) return client;
  }
  return ctx.engine.authenticateClient({ clientId, method: 'none' });
}
