import type { RequestHandler } from 'express';
import { type TokenEngine, CoreError, isCoreError, type TokenPolicy, type TokenRequest, type TokenResult } from '../../../src/core';
import { type DialectContext, NO_STORE, send } from '../../kit';
import { type CiamSettings, ciamPolicy } from '../config';
import { tokenRequestParser } from '../parse';
import { expiresIn, mintIdToken, tokenBody } from '../render';

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

/** POST /oauth2/token. The password grant runs under its auth source's policy, the others under the default one. */
export function tokenEndpoint(context: DialectContext, settings: CiamSettings): RequestHandler {
  const { engine } = context;
  const policy = engine.usePolicy(ciamPolicy(settings));
  const sourcePolicies = new Map(settings.authSources.map((source) => [source.id, engine.usePolicy(ciamPolicy(settings, source))]));
  const parse = tokenRequestParser(engine, settings);
  return async (req, res) => {
    const { request, authSource } = await parse(req);
    const result = await exchange(engine, request, authSource ? sourcePolicies.get(authSource.id)! : policy);
    const idToken = mintIdToken(request.grantType, result, settings, engine.keys);
    const body = tokenBody(result, idToken, expiresIn(result, engine.now(), settings.expiresInLag), settings.profile);
    send(res, { status: 200, headers: { ...NO_STORE }, body });
  };
}
