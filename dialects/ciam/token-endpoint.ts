import type { RequestHandler } from 'express';
import {
  type TokenEngine,
  CoreError,
  isCoreError,
  type TokenRequest,
  type TokenResult,
  type TokenPolicy,
  parseScope,
} from '../../src/core';
import { type DialectContext, readParams, stringParam, requestValidator, NO_STORE, send, rfcGrantFields } from '../kit';
import { requireAcceptedIdentifier } from './auth-sources';
import { authenticateCiamClient } from './client-auth';
import type { CiamSettings } from './config';
import { authSourceNotAssociated } from './errors';
import { ciamPolicy, mintIdToken } from './tokens';

/** Spring reads request parameters from the query string and the form alike. */
export const SERVLET_PARAMS = { query: true, form: true, repeated: 'error' } as const;

/** The SAS 0.2 response: keys in Java HashMap order, `scope` only when not empty. */
export function tokenBody(result: TokenResult, idToken: string | undefined, expiresIn: number): Record<string, unknown> {
  return {
    access_token: result.accessToken.value,
    ...(result.refreshToken ? { refresh_token: result.refreshToken.value } : {}),
    ...(result.scope.length > 0 ? { scope: result.scope.join(' ') } : {}),
    ...(idToken ? { id_token: idToken } : {}),
    token_type: 'Bearer',
    expires_in: expiresIn,
  };
}

/**
 * A public client authenticates by its code and verifier, so a bad code or verifier is its
 * authentication failing (401 `invalid_client`); a code issued to another client likewise.
 */
async function exchange(engine: TokenEngine, request: TokenRequest, policy: TokenPolicy): Promise<TokenResult> {
  try {
    return await engine.token(request, policy);
  } catch (error) {
    const isCodeExchange = request.grantType === 'authorization_code' && isCoreError(error) && error.code === 'invalid_grant';
    if (isCodeExchange && (!request.client.secretHash || error.reason === 'client_mismatch')) {
      throw new CoreError('invalid_client', 'client authentication failed', { reason: 'bad_credentials', cause: error });
    }
    throw error;
  }
}

export function tokenEndpoint(context: DialectContext, settings: CiamSettings): RequestHandler {
  const { engine } = context;
  const policy = engine.usePolicy(ciamPolicy(settings));
  const sources = new Map(settings.authSources.map((source) => [source.id, { source, policy: engine.usePolicy(ciamPolicy(settings, source)) }]));
  const validate = requestValidator('ciam', 'token');
  return async (req, res) => {
    const params = readParams(req, SERVLET_PARAMS);
    const client = await authenticateCiamClient(engine, req, params);
    validate(params);
    const grantType = stringParam(params, 'grant_type')!;
    const request: TokenRequest = {
      grantType,
      client,
      scope: parseScope(stringParam(params, 'scope')),
      ...rfcGrantFields(params),
    };
    let grantPolicy = policy;
    if (grantType === 'password') {
      // CIAM custom grant: the auth source must be associated with the application.
      const authSource = sources.get(stringParam(params, 'auth_source_id')!);
      if (!authSource || !authSource.source.clients.includes(client.clientId)) throw authSourceNotAssociated();
      requireAcceptedIdentifier(authSource.source, request.username!, engine.directory);
      grantPolicy = authSource.policy;
      request.extra = { auth_source_id: authSource.source.id };
    }
    const result = await exchange(engine, request, grantPolicy);
    const idToken = mintIdToken(grantType, result, settings, engine.keys);
    const expiresIn = Math.max(0, result.accessToken.record.expiresAt - engine.now() - settings.expiresInLag);
    send(res, { status: 200, headers: { ...NO_STORE }, body: tokenBody(result, idToken, expiresIn) });
  };
}
