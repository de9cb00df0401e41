import type { RequestHandler } from 'express';
import type { TokenResult } from '../../src/core/grants/types';
import type { Client } from '../../src/core/model';
import type { DialectContext } from '../../src/http/dialect';
import { requestValidator } from '../../src/http/schemas';
import { rfcGrantFields } from '../../src/http/token-request';
import { NO_STORE, send } from '../../src/http/wire';
import { authenticateMaxkeyClient } from './client-auth';
import type { MaxkeySettings } from './config';
import { oauth2 } from './errors';
import { grantFailure } from './grant-failures';
import { mintIdToken } from './id-token';
import { MAXKEY_UUID, parseScopeSet, servletParams } from './params';
import type { MaxkeyPolicies } from './policy';
import { tokenBody } from './token-body';

const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', 'password'];

/** `DefaultOAuth2RequestValidator.validateScope`: the first scope the app lacks, or an empty set. */
function validateScope(scope: string[], client: Client): void {
  if (client.scopes.length > 0) {
    const invalid = scope.find((s) => !client.scopes.includes(s));
    if (invalid !== undefined) throw oauth2('invalid_scope', `Invalid scope: ${invalid}`);
  }
  if (scope.length === 0) throw oauth2('invalid_scope', 'Empty scope (either the client or the user is not allowed the requested scopes)');
}

/** `TokenEndpoint.postAccessToken` as MaxKey forked it: every outcome is a 200. */
export function tokenEndpoint(context: DialectContext, settings: MaxkeySettings, policies: MaxkeyPolicies): RequestHandler {
  const { engine } = context;
  const validate = requestValidator('maxkey', 'token');
  return async (req, res) => {
    const params = servletParams(req);
    // DefaultOAuth2RequestFactory: no grant_type means client_credentials.
    if (params.grant_type === undefined || params.grant_type.trim() === '') params.grant_type = 'client_credentials';
    const grantType = params.grant_type;
    const client = await authenticateMaxkeyClient(engine, req, params, grantType);
    validate(params);
    const requested = parseScopeSet(params.scope);
    validateScope(requested.length > 0 ? requested : client.scopes, client);
    if (grantType === 'implicit') throw oauth2('invalid_grant', 'Implicit grant type not supported from token endpoint');
    if (!GRANTS.includes(grantType)) throw oauth2('unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    if (!client.grantTypes.includes(grantType)) throw oauth2('invalid_client', `Unauthorized grant type: ${grantType}`);
    if (grantType === 'authorization_code') {
      if (params.code === undefined || params.code === '') throw oauth2('invalid_request', 'An authorization code must be supplied.');
      if (!MAXKEY_UUID.test(params.code)) throw oauth2('invalid_request', 'The code is not valid format .');
    }
    const policy = client.grantTypes.includes('refresh_token') ? policies.withRefresh : policies.withoutRefresh;
    let result: TokenResult;
    try {
      result = await engine.token(
        {
          grantType,
          client,
          // The code's scope was fixed at the authorize step; a refresh narrows only to what it names.
          scope: grantType === 'authorization_code' ? undefined : requested.length > 0 ? requested : grantType === 'refresh_token' ? undefined : client.scopes,
          ...rfcGrantFields(params),
        },
        policy,
      );
    } catch (error) {
      throw await grantFailure(error, engine, settings, client, params);
    }
    const idToken = mintIdToken(result, settings, engine.keys);
    send(res, { status: 200, headers: { ...NO_STORE }, body: tokenBody(result, idToken, engine.now(), settings.profile) });
  };
}
