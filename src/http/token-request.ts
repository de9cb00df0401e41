import type { TokenRequest } from '../core/grants/types';
import { stringParam } from './params';

type GrantFields = Pick<TokenRequest, 'username' | 'password' | 'refreshToken' | 'code' | 'redirectUri' | 'codeVerifier'>;

/** The grant parameters under their RFC 6749 / 7636 names, as most dialects send them. */
export function rfcGrantFields(params: Record<string, unknown>): GrantFields {
  return {
    username: stringParam(params, 'username'),
    password: stringParam(params, 'password'),
    refreshToken: stringParam(params, 'refresh_token'),
    code: stringParam(params, 'code'),
    redirectUri: stringParam(params, 'redirect_uri'),
    codeVerifier: stringParam(params, 'code_verifier'),
  };
}
