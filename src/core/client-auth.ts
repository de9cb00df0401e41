import type { EngineContext } from './context';
import { CoreError } from './errors';
import type { Client } from './model';
import { guardedCheck, subjectsOf, type RequestOrigin } from './lockout/guard';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** What a dialect's parser found of the client's credentials. */
export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  method: ClientAuthMethod;
  /** Where the request came from, for the lock-out's per-address count. */
  origin?: RequestOrigin;
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
  const { secrets } = context;
  // A secret verified moments ago is no guess: it skips the lock-out's store read (the hot path).
  if (secrets.remembers(client.clientId, clientSecret, client.secretHash)) return client;
  const attempt = { subjects: subjectsOf(`client:${client.clientId}`, credentials.origin), code: 'invalid_client', subject: 'client' } as const;
  const ok = await guardedCheck(context, attempt, (lane) => secrets.verifyClientSecret(client.clientId, clientSecret, client.secretHash!, lane));
  if (!ok) throw new CoreError('invalid_client', 'client authentication failed', { reason: 'bad_credentials' });
  return client;
}

export function requireGrantAllowed(client: Client, grantType: string): void {
  if (!client.grantTypes.includes(grantType)) {
    throw new CoreError('unauthorized_client', `Unauthorized grant type: ${grantType}`, { reason: 'grant_not_allowed' });
  }
}
