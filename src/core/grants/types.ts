import type { Client, TokenSubject, User } from '../model';
import type { TokenPolicy } from '../policy';
import type { IssuedToken } from '../token-minter';
import type { RequestOrigin } from '../lockout/guard';
import type { IssuanceClaims } from '../claims/issuance';

/** A token request after a dialect has parsed it and the client has been authenticated. */
export interface TokenRequest {
  grantType: string;
  client: Client;
  scope?: string[];
  username?: string;
  password?: string;
  refreshToken?: string;
  code?: string;
  redirectUri?: string;
  codeVerifier?: string;
  /** Dialect data kept with the grant (CAS `service`, CIAM `auth_source_id`, …). */
  extra?: Record<string, unknown>;
  /** Where the request came from (an HTTP request itself will do): the lock-out counts per address. */
  origin?: RequestOrigin;
  /** The dialect the request came through (set by the engine a dialect holds): reported with events, never stored. */
  dialect?: string;
  /** Every parameter of the request as the dialect read it, for a grant that takes parameters of its own. */
  parameters?: Readonly<Record<string, unknown>>;
}

export interface TokenResult {
  grantId: string;
  grantType: string;
  client: Client;
  subject: TokenSubject;
  user?: User;
  scope: string[];
  accessToken: IssuedToken;
  refreshToken?: IssuedToken;
  /** False when the refresh token was presented again rather than newly minted. */
  refreshTokenIsNew: boolean;
  /** Data recorded with the grant (e.g. a nonce from the authorization request). */
  extra: Record<string, unknown>;
  /** Claims of one's own for this response's JWTs, ID token included (`customClaims?.get()`). */
  customClaims?: IssuanceClaims;
}

export interface GrantHandler {
  readonly grantType: string;
  handle(request: TokenRequest, policy: TokenPolicy): Promise<TokenResult>;
}
