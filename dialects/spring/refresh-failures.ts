import type { CoreError } from '../../src/core';
import type { DialectContext } from '../kit';
import type { SpringSettings } from './config';
import { oauth2, type SpringError } from './errors';
import { parseSpringScope } from './params';

/**
 * `DefaultTokenServices.refreshAccessToken`'s messages for a refused refresh token, which echo
 * the token; the core's reason says which one applies.
 */
export function refreshFailure(error: CoreError, params: Record<string, string>, context: DialectContext, settings: SpringSettings): SpringError | undefined {
  const value = params.refresh_token;
  if (value === undefined) return undefined;
  if (error.code === 'invalid_scope') {
    // A Java TreeSet's toString: "[read, write]".
    return oauth2(400, 'invalid_scope', `Unable to narrow the scope of the client authentication to [${parseSpringScope(params.scope).join(', ')}].`, {
      scope: (error.grantedScope ?? []).join(' '),
    });
  }
  if (error.code !== 'invalid_grant' || error.parameter !== 'refresh_token') return undefined;
  if (settings.jwt) {
    // JwtTokenStore decodes before anything else.
    const claims = context.engine.keys.verify(value, { ignoreExpiration: true });
    if (!claims) return oauth2(401, 'invalid_token', 'Cannot convert access token to JSON');
    if (!('ati' in claims)) return oauth2(401, 'invalid_token', 'Encoded token is not a refresh token');
  }
  if (error.reason === 'client_mismatch') return oauth2(400, 'invalid_grant', `Wrong client for this refresh token: ${value}`);
  if (error.reason === 'token_expired') return oauth2(401, 'invalid_token', `Invalid refresh token (expired): ${value}`);
  return oauth2(400, 'invalid_grant', `Invalid refresh token: ${value}`);
}
