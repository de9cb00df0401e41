import type { RequestHandler } from 'express';
import { isCoreError } from '../../../src/core';
import { type DialectContext, requestValidator, send } from '../../kit';
import type { CasSettings } from '../config';
import { CasFailure, fail } from '../errors';
import { casParams, parseRevocationClient, parseRevokedToken } from '../parse';
import { revocationResponse } from '../render';

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
    const credentials = parseRevocationClient(req, params, settings.profile);
    const known = engine.directory.client(credentials.clientId);
    if (!known) throw fail('unauthenticated', 'invalid_client', 'unknown client');
    const client = known.secretHash
      ? await engine.authenticateClient(credentials, req).catch((error: unknown) => {
          throw isCoreError(error) && error.code === 'invalid_client' ? new CasFailure('unauthenticated', error) : error;
        })
      : known;
    const token = parseRevokedToken(params, validate);
    try {
      await engine.revoke(token, client);
    } catch (error) {
      // Another client's token: CAS answers invalid_request.
      if (isCoreError(error) && error.code === 'unauthorized_client') throw fail('bad_request', 'invalid_request', error.message);
      throw error;
    }
    send(res, revocationResponse());
  };
}
