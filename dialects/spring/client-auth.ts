import type { Request } from 'express';
import { type TokenEngine, isCoreError, type Client } from '../../src/core';
import { basicCredentials } from '../kit';
import { basicChallenge, SpringError } from './errors';

const BAD_CLIENT_CREDENTIALS = () =>
  new SpringError({ kind: 'oauth2', status: 401, error: 'invalid_client', description: 'Bad client credentials', challenge: 'Form' }, 'invalid_client');

async function authenticate(engine: TokenEngine, clientId: string, clientSecret: string, method: 'client_secret_basic' | 'client_secret_post', failure: () => SpringError): Promise<Client> {
  try {
    return await engine.authenticateClient({ clientId, clientSecret, method });
  } catch (error) {
    if (isCoreError(error) && error.code === 'invalid_client') throw failure();
    throw error;
  }
}

/**
 * The authorization server's filter chain: `ClientCredentialsTokenEndpointFilter` (only when
 * form authentication is on and a `client_id` parameter is present; a missing secret is ""),
 * then `BasicAuthenticationFilter` (UTF-8, no URL decoding), which re-authenticates when its
 * user differs. Returns undefined for an anonymous caller.
 */
export async function springClient(req: Request, params: Record<string, string>, engine: TokenEngine, formAllowed: boolean): Promise<Client | undefined> {
  let client: Client | undefined;
  if (formAllowed && params.client_id !== undefined) {
    client = await authenticate(engine, params.client_id.trim(), params.client_secret ?? '', 'client_secret_post', BAD_CLIENT_CREDENTIALS);
  }
  let basic;
  try {
    basic = basicCredentials(req, { urlDecode: false });
  } catch {
    throw basicChallenge('Failed to decode basic authentication token');
  }
  if (basic && basic.clientId !== client?.clientId) {
    client = await authenticate(engine, basic.clientId, basic.clientSecret, 'client_secret_basic', () => basicChallenge('Bad credentials'));
  }
  return client;
}

/** An authenticated client, or the anonymous caller's Basic challenge. */
export async function requireSpringClient(req: Request, params: Record<string, string>, engine: TokenEngine, formAllowed: boolean): Promise<Client> {
  const client = await springClient(req, params, engine, formAllowed);
  if (!client) throw basicChallenge('Full authentication is required to access this resource');
  return client;
}
