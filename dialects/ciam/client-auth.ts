import type { Request } from 'express';
import { type TokenEngine, CoreError, isCoreError, type Client } from '../../src/core';
import { basicCredentials, stringParam } from '../kit';

/** Grants a public client (SPA, mobile app) may use without a secret besides the PKCE code exchange (CIAM password grant doc). */
const PUBLIC_GRANTS = ['password', 'refresh_token'];

const unauthenticated = () => new CoreError('invalid_client', 'client authentication is required', { reason: 'client_auth_missing' });
const refused = () => new CoreError('invalid_client', 'client authentication failed', { reason: 'bad_credentials' });

function text(params: Record<string, unknown>, name: string): string | undefined {
  const value = stringParam(params, name);
  return value === '' ? undefined : value;
}

/** Any client-authentication failure after credentials were presented is a 401 `invalid_client` with a body. */
async function checked(authenticating: Promise<Client>): Promise<Client> {
  try {
    return await authenticating;
  } catch (error) {
    if (isCoreError(error) && error.code === 'invalid_client') throw refused();
    throw error;
  }
}

/**
 * Client authentication as SAS 0.2.0 does it: HTTP Basic, then client_secret_post, then a
 * public client (a PKCE code exchange, or CIAM's password grant for SPAs and apps). A
 * request none of them accepts is unauthenticated: 401 with no body.
 */
export async function authenticateCiamClient(engine: TokenEngine, req: Request, params: Record<string, unknown>): Promise<Client> {
  let basic;
  try {
    basic = basicCredentials(req, { urlDecode: true });
  } catch {
    throw new CoreError('invalid_request', 'malformed HTTP Basic credentials', { reason: 'client_auth_method' });
  }
  if (basic) return checked(engine.authenticateClient({ ...basic, method: 'client_secret_basic' }));

  const clientId = text(params, 'client_id');
  const clientSecret = text(params, 'client_secret');
  if (clientId !== undefined && clientSecret !== undefined) {
    return checked(engine.authenticateClient({ clientId, clientSecret, method: 'client_secret_post' }));
  }

  const grantType = stringParam(params, 'grant_type');
  const known = clientId === undefined ? undefined : engine.directory.client(clientId);
  if (grantType === 'authorization_code' && text(params, 'code_verifier') !== undefined) {
    // CIAM PKCE doc: client_id missing or wrong → 400 invalid_request; a confidential client → 401 invalid_client.
    if (!known) throw new CoreError('invalid_request', 'client_id is missing or unknown');
    if (known.secretHash) throw refused();
  } else if (!known || known.secretHash || !PUBLIC_GRANTS.includes(grantType ?? '')) {
    throw unauthenticated();
  }
  return checked(engine.authenticateClient({ clientId: known.clientId, method: 'none' }));
}
