import type { EngineContext } from './context';
import { CoreError } from './errors';
import type { Client } from './model';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** What a dialect's parser found of the client's credentials. */
export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  method: ClientAuthMethod;
}

export async function authenticateClient(context: EngineContext, credentials: ClientCredentials): Promise<Client> {
  try {
    return await checkClient(context, credentials);
  } catch (error) {
    if (error instanceof CoreError) context.events.emit('authentication_failed', { subject: 'client', code: error.code, reason: error.reason, clientId: credentials.clientId });
    throw error;
  }
}

async function checkClient(context: EngineContext, credentials: ClientCredentials): Promise<Client> {
  const { clientId, clientSecret, method } = credentials;
  if (!clientId) {
    throw new CoreError('invalid_client', 'client authentication is required', { reason: 'client_auth_missing' });
  }
  const client = context.directory.client(clientId);
  if (!client) throw new CoreError('invalid_client', 'client authentication failed', { reason: 'unknown_client' });
  if (!client.secretHash) {
    // A public client proves nothing; it may only use flows that do not need a secret.
    if (clientSecret) throw new CoreError('invalid_client', 'client authentication failed', { reason: 'bad_credentials' });
    return client;
  }
  if (!clientSecret || method === 'none') {
    throw new CoreError('invalid_client', 'client authentication is required', { reason: 'client_auth_missing' });
  }
  const ok = await context.secrets.verifyClientSecret(client.clientId, clientSecret, client.secretHash);
  if (!ok) throw new CoreError('invalid_client', 'client authentication failed', { reason: 'bad_credentials' });
  return client;
}

export function requireGrantAllowed(client: Client, grantType: string): void {
  if (!client.grantTypes.includes(grantType)) {
    throw new CoreError('unauthorized_client', `Unauthorized grant type: ${grantType}`, { reason: 'grant_not_allowed' });
  }
}
