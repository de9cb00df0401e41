import type { TokenResult } from '../../src/core';
import type { MaxkeyProfile } from './profiles';

/** `yyyy-MM-dd HH:mm:ss` in GMT+8 (`spring.jackson.date-format` / `time-zone` of MaxKey). */
export function maxkeyDate(epochSeconds: number): string {
  return new Date((epochSeconds + 8 * 3600) * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * The token response. `standard`: access_token, token_type, [refresh_token], expires_in, [scope],
 * then additional information (`id_token`). `bean`: the getters in alphabetical order.
 */
export function tokenBody(result: TokenResult, idToken: string | undefined, now: number, profile: MaxkeyProfile): Record<string, unknown> {
  const expiresAt = result.accessToken.record.expiresAt;
  // Java divides the milliseconds left at serialisation time: a fresh 300 s token says 299.
  const expiresIn = Math.max(0, expiresAt - now - 1);
  const additional = idToken === undefined ? {} : { id_token: idToken };
  if (profile.tokenShape === 'bean') {
    return {
      additionalInformation: additional,
      expiration: maxkeyDate(expiresAt),
      expired: expiresAt <= now,
      expiresIn,
      oauth2Exception: null,
      refreshToken: result.refreshToken?.value ?? null,
      scope: result.scope,
      tokenType: 'bearer',
      value: result.accessToken.value,
    };
  }
  const body: Record<string, unknown> = { access_token: result.accessToken.value, token_type: 'bearer' };
  if (result.refreshToken) body.refresh_token = result.refreshToken.value;
  body.expires_in = expiresIn;
  if (result.scope.length > 0) body.scope = result.scope.join(' ');
  return { ...body, ...additional };
}
