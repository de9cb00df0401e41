import { isCoreError } from '../../src/core';
import type { MaxkeySettings } from './config';
import { NO_CLIENT_AUTHENTICATION, oauth2, type MaxkeyError } from './errors';
import { parseScopeSet } from './params';

/** The messages of MaxKey's granters and `DefaultTokenServices` for the core's grant failures (reference B.5). */
export function grantFailure(error: unknown, settings: MaxkeySettings, params: Record<string, string>): MaxkeyError | unknown {
  if (!isCoreError(error)) return error;
  const grantType = params.grant_type;
  if (grantType === 'password' && (error.code === 'invalid_grant' || error.reason === 'missing_parameter')) {
    // The filter swallows the user's failed authentication; TokenEndpoint then finds no authentication at all.
    return oauth2('invalid_request', NO_CLIENT_AUTHENTICATION);
  }
  if (error.reason === 'pkce_failed') {
    if (error.parameter !== 'code_verifier') return oauth2('invalid_request', 'code_challenge can not null.');
    return oauth2('invalid_request', params.code_verifier === undefined ? 'code_verifier can not null.' : 'code_verifier not match.');
  }
  if (error.parameter === 'code') {
    if (error.reason === 'client_mismatch') return oauth2('invalid_client', 'Client ID mismatch');
    // MaxKey does not compare redirect_uri (the check is commented out); the gateway keeps RFC 6749 §4.1.3.
    if (error.reason === 'redirect_mismatch') return oauth2('invalid_grant', 'Redirect URI mismatch.');
    return oauth2('invalid_grant', `Invalid authorization code: ${params.code}`);
  }
  if (grantType === 'refresh_token') {
    const value = params.refresh_token;
    if (error.code === 'invalid_scope') {
      return oauth2('invalid_scope', `Unable to narrow the scope of the client authentication to [${parseScopeSet(params.scope).join(', ')}].`);
    }
    if (value === undefined) return oauth2('invalid_grant', 'Invalid refresh token: null');
    if (error.parameter === 'refresh_token') {
      if (error.reason === 'client_mismatch') return oauth2('invalid_grant', `Wrong client for this refresh token: ${value}`);
      if (error.reason === 'token_expired' && settings.persistence === 'memory') return oauth2('invalid_token', `Invalid refresh token (expired): ${value}`);
      return oauth2('invalid_grant', `Invalid refresh token: ${value}`);
    }
  }
  return error;
}
