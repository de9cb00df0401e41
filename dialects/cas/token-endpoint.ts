import type { Request, RequestHandler } from 'express';
import { CoreError, isCoreError, type Client } from '../../src/core';
import { type DialectContext, requestValidator, send, rfcGrantFields } from '../kit';
import type { CasSettings, ClientPlan } from './config';
import { CasFailure, fail, grantSituation } from './errors';
import { casClientCredentials, casParams, grantTypeOf, scopeOf, serviceHeader } from './parser';
import { tokenResponse } from './render';

/** Anything thrown while authenticating is CAS's 401, except an outage or a bug. */
function asAuthenticationFailure(error: unknown): unknown {
  if (!isCoreError(error) || error.code === 'server_unavailable' || error.code === 'server_error') return error;
  return new CasFailure('unauthenticated', error);
}

/** Only scopes the client may have survive; CAS itself records whatever was asked. */
function allowedScope(requested: string[] | undefined, client: Client): string[] | undefined {
  if (requested === undefined) return undefined;
  const kept = requested.filter((s) => client.scopes.includes(s));
  return kept.length > 0 ? kept : undefined;
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
    const credentials = casClientCredentials(req, params, profile.basicSecretUrlDecoded);
    if (!credentials.clientId) throw new CoreError('invalid_client', 'client_id is required', { reason: 'client_auth_missing' });
    const known = engine.directory.client(credentials.clientId);
    if (!known) throw new CoreError('invalid_client', 'unknown client', { reason: 'unknown_client' });
    // A client without a secret is public: CAS accepts any secret, or none.
    const client = known.secretHash ? await engine.authenticateClient(credentials) : known;
    if (grantType === 'password') {
      if (!params.username || params.password === undefined) {
        throw new CoreError('invalid_grant', 'username and password are required', { reason: 'bad_credentials' });
      }
      // The interceptor checks the user before the controller checks the grant type.
      if (!client.grantTypes.includes('password')) await engine.authenticateUser(params.username, params.password, ['username']);
    }
    return client;
  }

  return async (req, res) => {
    const params = casParams(req);
    const grantType = grantTypeOf(params);
    const client = await authenticate(req, params, grantType).catch((error: unknown) => {
      throw asAuthenticationFailure(error);
    });
    const plan = plans.get(client.clientId)!;
    const publicClient = !client.secretHash;
    try {
      if (settings.rejectClientSecretInQuery && req.method === 'GET' && typeof req.query.client_secret === 'string') {
        throw fail('secret_in_query', 'invalid_grant', 'client_secret must not be sent in the query string');
      }
      if (!grantType) throw fail('bad_request', 'invalid_request', 'grant_type is required');
      validate({ ...params, grant_type: grantType });
      const service = grantType === 'authorization_code' ? params.redirect_uri : (serviceHeader(req) ?? client.clientId);
      const result = await engine.token(
        {
          grantType,
          client,
          scope: grantType === 'refresh_token' ? scopeOf(params) : allowedScope(scopeOf(params), client),
          ...rfcGrantFields(params),
          extra: grantType === 'refresh_token' ? undefined : { service },
        },
        plan.policy,
      );
      send(res, tokenResponse(profile, result, plan.settings.jsonFormat));
    } catch (error) {
      if (!isCoreError(error)) throw error;
      throw new CasFailure(grantSituation(error, grantType ?? '', publicClient), error);
    }
  };
}
