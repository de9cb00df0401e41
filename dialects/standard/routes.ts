import type { RequestHandler } from 'express';
import {
  type DialectContext,
  bearerToken,
  readParams,
  stringParam,
  readClientCredentials,
  RFC_CLIENT_AUTH,
  requestValidator,
  NO_STORE,
  send,
  rfcGrantFields,
} from '../kit';
import { type TokenResult, CoreError, parseScope } from '../../src/core';
import { standardPolicy } from './config';

const FORM_ONLY = { form: true, repeated: 'error' } as const;

function tokenBody(result: TokenResult, now: number): Record<string, unknown> {
  return {
    access_token: result.accessToken.value,
    token_type: 'Bearer',
    expires_in: Math.max(0, result.accessToken.record.expiresAt - now),
    ...(result.refreshToken ? { refresh_token: result.refreshToken.value } : {}),
    scope: result.scope.join(' '),
  };
}

export function tokenEndpoint(context: DialectContext): RequestHandler {
  const policy = context.engine.usePolicy(standardPolicy(context.section));
  const validate = requestValidator('standard', 'token');
  return async (req, res) => {
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new CoreError('invalid_request', 'the token endpoint takes application/x-www-form-urlencoded', { reason: 'malformed_body' });
    }
    const params = readParams(req, FORM_ONLY);
    validate(params);
    const client = await context.engine.authenticateClient(readClientCredentials(req, params, RFC_CLIENT_AUTH));
    const result = await context.engine.token(
      {
        grantType: stringParam(params, 'grant_type')!,
        client,
        scope: parseScope(stringParam(params, 'scope')),
        ...rfcGrantFields(params),
        parameters: params,
      },
      policy,
    );
    send(res, { status: 200, headers: { ...NO_STORE }, body: tokenBody(result, context.engine.now()) });
  };
}

export function introspectionEndpoint(context: DialectContext): RequestHandler {
  const validate = requestValidator('standard', 'introspect');
  return async (req, res) => {
    const params = readParams(req, FORM_ONLY);
    await context.engine.authenticateClient(readClientCredentials(req, params, RFC_CLIENT_AUTH));
    validate(params);
    send(res, { status: 200, headers: { ...NO_STORE }, body: await context.engine.introspect(stringParam(params, 'token')) });
  };
}

export function revocationEndpoint(context: DialectContext): RequestHandler {
  const validate = requestValidator('standard', 'revoke');
  return async (req, res) => {
    const params = readParams(req, FORM_ONLY);
    const client = await context.engine.authenticateClient(readClientCredentials(req, params, RFC_CLIENT_AUTH));
    validate(params);
    await context.engine.revoke(stringParam(params, 'token'), client);
    send(res, { status: 200, headers: { ...NO_STORE } });
  };
}

export function userInfoEndpoint(context: DialectContext): RequestHandler {
  return async (req, res) => {
    const { record, user } = await context.engine.userInfo(bearerToken(req));
    const body = user
      ? { sub: user.username, uid: user.uid, ...user.attributes }
      : { sub: record.subject.id, client_id: record.clientId };
    send(res, { status: 200, headers: { ...NO_STORE }, body });
  };
}

export function jwksEndpoint(context: DialectContext): RequestHandler {
  return (_req, res) => {
    send(res, { status: 200, body: context.engine.keys.jwks() });
  };
}
