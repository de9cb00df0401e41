import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../kit';
import type { SpringSettings } from './config';
import { basicChallenge, mvcMethodNotAllowed } from './errors';
import { enforceAccess } from './access';

/** JwtAccessTokenConverter's verifier key: SPKI base64 on one line between PEM markers. */
function oneLinePem(pem: string): string {
  const base64 = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return `-----BEGIN PUBLIC KEY-----\n${base64}\n-----END PUBLIC KEY-----`;
}

/** `TokenKeyEndpoint` (GET): `{alg, value}` with Java's algorithm names. */
export function tokenKeyEndpoint(context: DialectContext, settings: SpringSettings): RequestHandler {
  const jwt = settings.jwt!;
  const rsa = jwt.alg === 'RS256' ? { alg: 'SHA256withRSA', value: oneLinePem(context.engine.keys.publicKeyPem(jwt.kid)) } : undefined;
  return async (req, res) => {
    const caller = await enforceAccess(req, context.engine, settings.tokenKeyAccess);
    if (req.method !== 'GET') throw mvcMethodNotAllowed(req.method, ['GET']);
    if (rsa) return send(res, { status: 200, body: rsa });
    // A shared MAC key is shown to an authenticated client only.
    if (!caller) throw basicChallenge('You need to authenticate to see a shared key');
    send(res, { status: 200, body: { alg: 'HMACSHA256', value: jwt.signingKey } });
  };
}
