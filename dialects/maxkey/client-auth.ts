import type { Request } from 'express';
import { type ClientCredentials, type TokenEngine, isCoreError, type Client } from '../../src/core';
import { emptyReply, NO_CLIENT_AUTHENTICATION, oauth2 } from './errors';

/**
 * MaxKey's Basic parsing: the `Basic ` prefix is case-sensitive and the decoded value is split on
 * `:` taking parts 0 and 1 (a secret holding `:` is cut), with no URL-decoding.
 */
function basicOf(req: Request): ClientCredentials | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const parts = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8').split(':');
  // MaxKey 4.1 throws (a 500 page) on a header without `:` or with an empty secret; here it is a failed authentication.
  if (parts.length < 2 || parts[1] === '') throw emptyReply();
  return { clientId: parts[0], clientSecret: parts[1], method: 'client_secret_basic' };
}

/** Which credentials `TokenEndpointAuthenticationFilter` reads: the parameters, and Basic only without `client_id`. */
function credentialsOf(req: Request, params: Record<string, string>, grantType: string): ClientCredentials | undefined {
  if (params.client_id !== undefined) {
    if (params.client_secret !== undefined) return { clientId: params.client_id, clientSecret: params.client_secret, method: 'client_secret_post' };
    // A public app exchanging a code with its PKCE verifier has no secret to send.
    return grantType === 'authorization_code' && params.code_verifier !== undefined ? { clientId: params.client_id, method: 'none' } : undefined;
  }
  return grantType === 'password' ? undefined : basicOf(req);
}

/**
 * Client authentication of the token endpoint. Failures are answered as MaxKey does: an empty
 * 200 for every grant but `password`, whose failures reach `TokenEndpoint` as "no client authentication".
 */
export async function authenticateMaxkeyClient(engine: TokenEngine, req: Request, params: Record<string, string>, grantType: string): Promise<Client> {
  const refuse = () => (grantType === 'password' ? oauth2('invalid_request', NO_CLIENT_AUTHENTICATION) : emptyReply());
  const credentials = credentialsOf(req, params, grantType);
  if (!credentials) throw refuse();
  try {
    return await engine.authenticateClient(credentials);
  } catch (error) {
    if (isCoreError(error) && error.code === 'invalid_client') throw refuse();
    throw error;
  }
}
