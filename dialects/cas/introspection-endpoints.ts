import type { RequestHandler } from 'express';
import { isCoreError, type TokenRecord } from '../../src/core';
import { type DialectContext, requestValidator, NO_STORE, send } from '../kit';
import type { CasSettings } from './config';
import { CasFailure, fail } from './errors';
import { basicOnly, casClientCredentials, casParams } from './parser';
import { introspectionResponse } from './render';

/** `/oauth2.0/introspect` (CAS 6.0+): HTTP Basic client authentication only; `token` (or legacy `access_token`). */
export function introspectionEndpoint(context: DialectContext, settings: CasSettings): RequestHandler {
  const validate = requestValidator('cas', 'introspect');
  const { engine } = context;
  return async (req, res) => {
    const credentials = basicOnly(req, settings.profile.basicSecretUrlDecoded);
    if (!credentials) throw fail('introspection_client', 'invalid_client', 'HTTP Basic client authentication is required');
    await engine.authenticateClient(credentials).catch((error: unknown) => {
      throw isCoreError(error) && error.code === 'invalid_client' ? new CasFailure('introspection_client', error) : error;
    });
    const params = casParams(req);
    validate(params);
    const token = params.token ?? params.access_token;
    if (!token) throw fail('missing_token', 'invalid_request', 'token is required');
    const facts = await engine.introspect(token);
    let record: TokenRecord | undefined;
    if (facts.active) {
      record = await engine.verify(token, facts.token_type).catch((error: unknown) => {
        if (isCoreError(error) && (error.code === 'invalid_token' || error.code === 'expired_token')) return undefined;
        throw error;
      });
    }
    send(res, introspectionResponse(token, record, settings.realmName));
  };
}

/**
 * `/oauth2.0/revoke` (CAS 6.2+, RFC 7009): a confidential client authenticates (else 401 from
 * the interceptor); an unknown token is revoked without complaint; a refresh token takes its
 * access tokens with it.
 */
export function revocationEndpoint(context: DialectContext, settings: CasSettings): RequestHandler {
  const validate = requestValidator('cas', 'revoke');
  const { engine } = context;
  return async (req, res) => {
    const params = casParams(req);
    const credentials = casClientCredentials(req, params, settings.profile.basicSecretUrlDecoded);
    if (!credentials.clientId) throw fail('bad_request', 'invalid_request', 'client_id is required');
    const known = engine.directory.client(credentials.clientId);
    if (!known) throw fail('unauthenticated', 'invalid_client', 'unknown client');
    const client = known.secretHash
      ? await engine.authenticateClient(credentials).catch((error: unknown) => {
          throw isCoreError(error) && error.code === 'invalid_client' ? new CasFailure('unauthenticated', error) : error;
        })
      : known;
    validate(params);
    try {
      await engine.revoke(params.token, client);
    } catch (error) {
      // Another client's token: CAS answers invalid_request.
      if (isCoreError(error) && error.code === 'unauthorized_client') throw fail('bad_request', 'invalid_request', error.message);
      throw error;
    }
    send(res, { status: 200, headers: { ...NO_STORE }, body: {} });
  };
}
