import type { RequestHandler } from 'express';
import type { Client, ClientCredentials, RequestOrigin, TokenEngine, TokenResult } from '../../../src/core';
import { causedBy, type DialectContext, requestValidator, send } from '../../kit';
import { springPolicyFor } from '../../kit/jvm';
import type { MaxkeyPolicies, MaxkeySettings } from '../config';
import { clientAuthFailure, clientRefusal, grantFailure } from '../errors';
import { parseClientCredentials, parseTokenParams, parseTokenRequest } from '../parse';
import { renderToken } from '../render';

async function authenticate(engine: TokenEngine, credentials: ClientCredentials | undefined, grantType: string, origin: RequestOrigin): Promise<Client> {
  if (!credentials) throw clientRefusal(grantType);
  try {
    return await engine.authenticateClient(credentials, origin);
  } catch (error) {
    throw causedBy(clientAuthFailure(error, grantType), error);
  }
}

/** `TokenEndpoint.postAccessToken` as MaxKey forked it: every outcome is a 200. */
export function tokenEndpoint(context: DialectContext, settings: MaxkeySettings, policies: MaxkeyPolicies): RequestHandler {
  const { engine } = context;
  const validate = requestValidator('maxkey', 'token');
  return async (req, res) => {
    const params = parseTokenParams(req);
    const client = await authenticate(engine, parseClientCredentials(req, params), params.grant_type, req);
    const request = parseTokenRequest(params, client, validate);
    let result: TokenResult;
    try {
      result = await engine.token(request, springPolicyFor(client, policies), req);
    } catch (error) {
      throw causedBy(grantFailure(error, settings, params), error);
    }
    send(res, renderToken(result, settings, engine.keys, () => engine.now()));
  };
}
