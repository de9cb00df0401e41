import type { CoreError } from '../../src/core/errors';
import { isCoreError } from '../../src/core/errors';
import type { Client, TokenRecord } from '../../src/core/model';
import type { DialectContext } from '../../src/http/dialect';
import type { SpringSettings } from './config';
import { oauth2, type SpringError } from './errors';
import { parseSpringScope } from './params';

/** The live refresh record, `expired`, or `unknown`. */
async function lookUp(context: DialectContext, value: string): Promise<TokenRecord | 'expired' | 'unknown'> {
  try {
    return await context.engine.verify(value, 'refresh_token');
  } catch (error) {
    if (isCoreError(error) && error.code === 'expired_token') return 'expired';
    if (isCoreError(error) && error.code === 'invalid_token') return 'unknown';
    throw error;
  }
}

/**
 * `DefaultTokenServices.refreshAccessToken`'s messages for a refused refresh token, which echo
 * the token. The core says only "invalid"; the finer cause is looked up on this failure path.
 */
export async function refreshFailure(
  error: CoreError,
  params: Record<string, string>,
  client: Client,
  context: DialectContext,
  settings: SpringSettings,
): Promise<SpringError | undefined> {
  const value = params.refresh_token;
  if (value === undefined) return undefined;
  if (error.code === 'invalid_scope') {
    const record = await lookUp(context, value);
    const original = typeof record === 'object' ? record.scope : [];
    // A Java TreeSet's toString: "[read, write]".
    return oauth2(400, 'invalid_scope', `Unable to narrow the scope of the client authentication to [${parseSpringScope(params.scope).join(', ')}].`, {
      scope: original.join(' '),
    });
  }
  if (error.code !== 'invalid_grant' || error.parameter !== 'refresh_token') return undefined;
  if (settings.jwt) {
    // JwtTokenStore decodes before anything else.
    const claims = context.engine.keys.verify(value, { ignoreExpiration: true });
    if (!claims) return oauth2(401, 'invalid_token', 'Cannot convert access token to JSON');
    if (!('ati' in claims)) return oauth2(401, 'invalid_token', 'Encoded token is not a refresh token');
  }
  const record = await lookUp(context, value);
  if (record === 'expired') return oauth2(401, 'invalid_token', `Invalid refresh token (expired): ${value}`);
  if (record !== 'unknown' && record.clientId !== client.clientId) return oauth2(400, 'invalid_grant', `Wrong client for this refresh token: ${value}`);
  return oauth2(400, 'invalid_grant', `Invalid refresh token: ${value}`);
}
