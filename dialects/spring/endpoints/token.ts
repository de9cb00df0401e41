import type { RequestHandler } from 'express';
import type { TokenResult } from '../../../src/core';
import { causedBy, type DialectContext, requestValidator, NO_STORE, send } from '../../kit';
import { springPolicyFor } from '../../kit/jvm';
import type { SpringPolicies, SpringSettings } from '../config';
import { parseTokenRequest } from '../parse';
import { tokenBody } from '../render';
import { grantFailure } from '../errors';

/** `/oauth/token`, any method: the request is refused or run by the engine's granter. */
export function tokenEndpoint(context: DialectContext, settings: SpringSettings, policies: SpringPolicies): RequestHandler {
  const validate = requestValidator('spring', 'token');
  return async (req, res) => {
    const { params, client, request } = await parseTokenRequest(req, context.engine, settings, validate);
    let result: TokenResult;
    try {
      result = await context.engine.token(request, springPolicyFor(client, policies), req);
    } catch (error) {
      try {
        grantFailure(error, context, settings, params);
      } catch (translated) {
        throw causedBy(translated, error);
      }
    }
    send(res, { status: 200, headers: { ...NO_STORE }, body: tokenBody(result, context.engine.now(), settings) });
  };
}
