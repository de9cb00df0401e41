import type { Check, ContractRequest, Expectation, ScriptOptions } from './types';

export interface GrantSequence {
  /** The token endpoint request for these grant parameters (client authentication added). */
  token: (fields: Record<string, string>) => ContractRequest;
  /** A successful token response. */
  ok: Expectation;
  /** The password grant's, when it says more (e.g. the content type). */
  passwordOk?: Expectation;
  /** The client_credentials grant's, when it differs (no refresh token, no ID token). */
  clientOk?: Expectation;
  /** Parameters the dialect adds to the password grant (CIAM `auth_source_id`, `scope`). */
  passwordFields?: Record<string, string>;
  clientFields?: Record<string, string>;
  /** JSON pointers of the tokens in a success body (default `/access_token`, `/refresh_token`). */
  accessTokenAt?: string;
  refreshTokenAt?: string;
  /** Set when the server may rightly issue no refresh token: the refresh check is then skipped. */
  refreshSkipWithout?: string;
}

/**
 * password → client_credentials → refresh_token, the success path every OAuth dialect shares.
 * Captures `password_access_token`, `refresh_token`, `client_token` and (refreshed) `access_token`.
 */
export function grantSequence(o: ScriptOptions, s: GrantSequence): Check[] {
  const accessTokenAt = s.accessTokenAt ?? '/access_token';
  return [
    {
      name: 'password grant',
      request: s.token({ grant_type: 'password', username: o.username, password: o.password, ...s.passwordFields }),
      expect: s.passwordOk ?? s.ok,
      capture: { password_access_token: accessTokenAt, refresh_token: s.refreshTokenAt ?? '/refresh_token' },
    },
    {
      name: 'client_credentials grant',
      request: s.token({ grant_type: 'client_credentials', ...s.clientFields }),
      expect: s.clientOk ?? s.ok,
      capture: { client_token: accessTokenAt },
    },
    {
      name: 'refresh_token grant',
      request: (c) => s.token({ grant_type: 'refresh_token', refresh_token: c.refresh_token }),
      expect: s.ok,
      capture: { access_token: accessTokenAt },
      ...(s.refreshSkipWithout ? { skipWithout: s.refreshSkipWithout } : {}),
    },
  ];
}
