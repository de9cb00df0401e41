import { isExternalRecord, type Client, type TokenEngine, type TokenRecord, type User } from '../../../src/core';
import { envelope, NO_USER_MESSAGE, resourceError, resourceTokenFailure } from '../errors';
import { MAXKEY_UUID } from '../parse';

/** The live token's record, user and app, as `/me` and userinfo both need them. */
export interface TokenHolder {
  record: TokenRecord;
  user: User;
  client: Client;
}

/** A legacy upstream's app that is not configured here: MaxKey's per-app settings at their defaults. */
function upstreamApp(clientId: string): Client {
  return { clientId, name: clientId, grantTypes: [], scopes: [], redirectUris: [], requireConsent: false, settings: {} };
}

/**
 * The token's holder, or MaxKey's resource-endpoint error. A token the store knows is served
 * whatever its shape (tokens of other dialects are not UUIDs).
 */
export async function tokenHolder(engine: TokenEngine, token: string | undefined): Promise<TokenHolder> {
  let found: { record: TokenRecord; user?: User };
  try {
    found = await engine.userInfo(token);
  } catch (error) {
    throw resourceTokenFailure(error, token, token !== undefined && MAXKEY_UUID.test(token));
  }
  const client = engine.directory.client(found.record.clientId) ?? (isExternalRecord(found.record) ? upstreamApp(found.record.clientId) : undefined);
  if (!client) throw resourceError('invalid_token', `Client not valid: ${found.record.clientId}`);
  if (!found.user) throw envelope(NO_USER_MESSAGE);
  return { record: found.record, user: found.user, client };
}
