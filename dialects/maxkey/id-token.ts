import { randomUUID } from 'node:crypto';
import type { TokenResult, KeyRing } from '../../src/core';
import type { MaxkeySettings } from './config';
import { maxkeyClientSettings } from './config';
import { subjectOf } from './user-profile';

/**
 * `OIDCIdTokenEnhancer`: an RS256 ID token for a user grant whose scope holds `openid`. Nimbus
 * writes the header `{kid, alg}` and the claims in builder order; MaxKey also puts `kid` in the
 * payload. The gateway signs with its own key ring (MaxKey uses a per-app key).
 */
export function mintIdToken(result: TokenResult, settings: MaxkeySettings, keys: KeyRing): string | undefined {
  if (!result.user || !result.scope.includes('openid')) return undefined;
  const kid = keys.currentKid;
  const subject = subjectOf(result.user, maxkeyClientSettings(result.client.settings).subject);
  const nonce = result.grantType === 'authorization_code' ? result.extra.nonce : undefined;
  const claims: Record<string, unknown> = {
    sub: subject,
    exp: result.accessToken.record.expiresAt,
    iss: settings.issuer,
    iat: result.accessToken.record.issuedAt,
    aud: [result.client.clientId],
    jti: randomUUID(),
    ...(typeof nonce === 'string' ? { nonce } : {}),
    kid,
  };
  return keys.sign(claims, 'RS256', kid, { kid, alg: 'RS256' });
}
