import type { Request } from 'express';
import type { ClientCredentials } from '../core/client-auth';
import { CoreError } from '../core/errors';
import { basicCredentials, stringParam } from './params';

export interface ClientAuthRules {
  basic: boolean;
  post: boolean;
  /** When both are present: refuse (RFC 6749 §2.3) or let one win. */
  both: 'error' | 'basic-wins' | 'post-wins';
  urlDecodeBasic?: boolean;
}

export const RFC_CLIENT_AUTH: ClientAuthRules = { basic: true, post: true, both: 'error' };

/** Reads a client's credentials the way a dialect allows. */
export function readClientCredentials(req: Request, params: Record<string, unknown>, rules: ClientAuthRules): ClientCredentials {
  const basic = rules.basic ? basicCredentials(req, { urlDecode: rules.urlDecodeBasic ?? true }) : undefined;
  const clientId = stringParam(params, 'client_id');
  const clientSecret = rules.post ? stringParam(params, 'client_secret') : undefined;
  if (basic && clientSecret !== undefined) {
    if (rules.both === 'error') {
      throw new CoreError('invalid_request', 'use one client authentication method, not two', { reason: 'client_auth_method' });
    }
    if (rules.both === 'post-wins') return { clientId, clientSecret, method: 'client_secret_post' };
  }
  if (basic) {
    if (clientId !== undefined && clientId !== basic.clientId) {
      throw new CoreError('invalid_client', 'client_id does not match the authenticated client', { reason: 'bad_credentials' });
    }
    return { clientId: basic.clientId, clientSecret: basic.clientSecret, method: 'client_secret_basic' };
  }
  if (clientSecret !== undefined) return { clientId, clientSecret, method: 'client_secret_post' };
  return { clientId, method: 'none' };
}
