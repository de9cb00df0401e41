import type { RequestHandler } from 'express';
import type { TokenResult } from '../../src/core';
import { type DialectContext, requestValidator, NO_STORE, send } from '../kit';
import { SPRING_TOKEN_GRANTS, springPolicyFor, springScopeRefusal, springTokenRequest } from '../kit/jvm';
import { authenticateMaxkeyClient } from './client-auth';
import type { MaxkeySettings } from './config';
import { oauth2 } from './errors';
import { grantFailure } from './grant-failures';
import { mintIdToken } from './id-token';
import { MAXKEY_UUID, parseScopeSet, servletParams } from './params';
import type { MaxkeyPolicies } from './policy';
import { tokenBody } from './token-body';

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
    const scopeRefusal = springScopeRefusal(requested.length > 0 ? requested : client.scopes, client);
    if (scopeRefusal) throw oauth2('invalid_scope', scopeRefusal.message);
    if (grantType === 'implicit') throw oauth2('invalid_grant', 'Implicit grant type not supported from token endpoint');
    if (!SPRING_TOKEN_GRANTS.includes(grantType)) throw oauth2('unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    if (!client.grantTypes.includes(grantType)) throw oauth2('invalid_client', `Unauthorized grant type: ${grantType}`);
    if (grantType === 'authorization_code') {
      if (params.code === undefined || params.code === '') throw oauth2('invalid_request', 'An authorization code must be supplied.');
      if (!MAXKEY_UUID.test(params.code)) throw oauth2('invalid_request', 'The code is not valid format .');
    }
    let result: TokenResult;
    try {
      result = await engine.token(springTokenRequest(grantType, client, requested, params), springPolicyFor(client, policies));
    } catch (error) {
      throw grantFailure(error, settings, params);
    }
    const idToken = mintIdToken(result, settings, engine.keys);
    send(res, { status: 200, headers: { ...NO_STORE }, body: tokenBody(result, idToken, engine.now(), settings.profile) });
  };
}
