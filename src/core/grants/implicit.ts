import type { EngineContext } from '../context';
import type { Client, User } from '../model';
import type { TokenPolicy } from '../policy';
import { grantScope } from '../scope';
import { subjectOf } from '../token-minter';
import { requireActive } from '../user-auth';
import { requireGrantAllowed } from '../client-auth';
import { issueBundle } from './issue';
import type { TokenResult } from './types';

export interface ImplicitRequest {
  client: Client;
  user: User;
  scope?: string[];
  extra?: Record<string, unknown>;
  dialect?: string;
}

/**
 * RFC 6749 §4.2: an access token handed out by the authorize step itself, never with a refresh
 * token. Kept for vendors that still offer it (MaxKey); clients must be allowed `implicit`.
 */
export async function issueImplicit(context: EngineContext, request: ImplicitRequest, policy: TokenPolicy): Promise<TokenResult> {
  requireActive(request.user);
  requireGrantAllowed(request.client, 'implicit');
  const scope = grantScope(request.scope, request.client.scopes);
  return issueBundle(
    context,
    { client: request.client, subject: subjectOf(request.user), user: request.user, scope, grantType: 'implicit', extra: request.extra },
    { ...policy, reuseLiveAccessToken: false },
    { withRefresh: false, dialect: request.dialect },
  );
}
