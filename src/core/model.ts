/** Shapes shared by the core, the stores and the dialects. Times are epoch seconds. */

import type { ClaimRule } from './claims/templates';

export type TokenKind = 'access_token' | 'refresh_token' | 'authorization_code';
export type SubjectType = 'user' | 'client';
export type UserStatus = 'active' | 'locked' | 'disabled';

export interface Client {
  clientId: string;
  name: string;
  /** bcrypt hash; absent for a public client. */
  secretHash?: string;
  grantTypes: string[];
  scopes: string[];
  redirectUris: string[];
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  requireConsent: boolean;
  /** Claims of its own added to every JWT issued to it (config `claims`, compiled); absent when none. */
  claims?: readonly ClaimRule[];
  /** Dialect-specific settings kept as given (e.g. CAS `json_format`, MaxKey `userinfo_response`). */
  settings: Record<string, unknown>;
}

export interface User {
  uid: string;
  username: string;
  passwordHash: string;
  status: UserStatus;
  attributes: Record<string, string>;
  roles: string[];
}

/** Who a token speaks for, frozen at issue time. */
export interface TokenSubject {
  type: SubjectType;
  /** The user's uid, or the client id for client_credentials. */
  id: string;
  username?: string;
}

/** The original identity of an impersonated grant, so impersonation can be exited. */
export interface Impersonation {
  username: string;
  uid: string;
  /** The grant the admin was using when impersonation started. */
  grantId: string;
}

/** What the store keeps for one token. The token value itself is never a key. */
export interface TokenRecord {
  kind: TokenKind;
  /** Keyed hash of the token (or of a JWT's `jti`): the storage id. */
  id: string;
  grantId: string;
  clientId: string;
  subject: TokenSubject;
  scope: string[];
  grantType: string;
  format: string;
  issuedAt: number;
  expiresAt: number;
  /** When the store may forget it: a while after expiry, so it is reported as expired, not unknown. */
  retainUntil?: number;
  /** For an access token: the id of the refresh token it was issued with. */
  refreshId?: string;
  jti?: string;
  /** The token value sealed with the server key, for listings that must show it. */
  sealed?: string;
  /** Set once a single-use token has been used (code, rotated refresh token). */
  consumedAt?: number;
  impersonation?: Impersonation;
  /** The dialect the grant was minted through. */
  dialect?: string;
  /** Grant-flow data: PKCE challenge, redirect_uri, nonce, auth source, … */
  extra?: Record<string, unknown>;
}

export interface GrantFilter {
  clientId?: string;
  username?: string;
}

export interface Page {
  offset: number;
  limit: number;
}

export interface GrantPage {
  total: number;
  grantIds: string[];
}
