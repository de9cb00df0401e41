import type { Request, RequestHandler } from 'express';
import { CoreError, isCoreError, type Client } from '../../../src/core';
import { type DialectContext, requestValidator, send } from '../../kit';
import type { CasSettings, ClientPlan } from '../config';
import { CasFailure, grantSituation } from '../errors';
import { casParams, parseClientCredentials, parseGrantType, parsePasswordUser, parseTokenRequest } from '../parse';
import { tokenResponse } from '../render';

/** Anything thrown while authenticating is CAS's 401, except an outage or a bug. */
function asAuthenticationFailure(error: unknown): unknown {
  if (!isCoreError(error) || error.code === 'server_unavailable' || error.code === 'server_error') return error;
  return new CasFailure('unauthenticated', error);
}

/**
 * `/oauth2.0/accessToken` and `/oauth2.0/token`, GET and POST. Authentication first (pac4j's
 * interceptor in CAS: client by Basic or form, or client + user for the password grant), then
 * the grant; each failure leaves through the channel CAS would use.
 */
export function tokenEndpoint(context: DialectContext, settings: CasSettings, plans: Map<string, ClientPlan>): RequestHandler {
  const validate = requestValidator('cas', 'token');
  const { engine } = context;
  const profile = settings.profile;

  async function authenticate(req: Request, params: Record<string, string>, grantType: string | undefined): Promise<Client> {
    const credentials = parseClientCredentials(req, params, profile);
    if (!credentials.clientId) throw new CoreError('invalid_client', 'client_id is required', { reason: 'client_auth_missing' });
    const known = engine.directory.client(credentials.clientId);
    if (!known) throw new CoreError('invalid_client', 'unknown client', { reason: 'unknown_client' });
    // A client without a secret is public: CAS accepts any secret, or none.
    const client = known.secretHash ? await engine.authenticateClient(credentials, req) : known;
    if (grantType === 'password') {
      const user = parsePasswordUser(params);
      // The interceptor checks the user before the controller checks the grant type.
      if (!client.grantTypes.includes('password')) await engine.authenticateUser(user.username, user.password, ['username'], req);
    }
    return client;
  }

  return async (req, res) => {
    const params = casParams(req);
    const grantType = parseGrantType(params);
    const client = await authenticate(req, params, grantType).catch((error: unknown) => {
      throw asAuthenticationFailure(error);
    });
    const plan = plans.get(client.clientId)!;
    const publicClient = !client.secretHash;
    try {
      const result = await engine.token(parseTokenRequest(req, params, client, settings, validate), plan.policy, req);
      send(res, tokenResponse(profile, result, plan.settings.jsonFormat));
    } catch (error) {
      if (!isCoreError(error)) throw error;
      throw new CasFailure(grantSituation(error, grantType ?? '', publicClient), error);
    }
  };
}
