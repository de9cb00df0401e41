import type { TokenResult } from '../../src/core';
import type { IformSettings } from './config';

export interface TokenBundle {
  access_token: string;
  refresh_token: string | null;
  primary_refresh_token: string | null;
  uid: string | null;
  publisher: string | null;
  applicant: string | null;
  expires_in: number;
  remind_in: number | null;
}

/**
 * The IBPS v3 token bundle, keys in the vendor's order. `expires_in` / `remind_in` are the
 * seconds the access / refresh token has left (the client sets its cookies from them).
 */
export function tokenBundle(
  result: TokenResult,
  now: number,
  settings: IformSettings,
  options: { primaryRefreshToken?: string | null; hideUid?: boolean } = {},
): TokenBundle {
  const { subject } = result;
  let uid: string | null;
  if (options.hideUid) uid = null;
  else if (subject.type === 'user') uid = subject.id;
  else uid = settings.clientCredentialsUid === 'client_id' ? subject.id : null;
  const identity = settings.publisherApplicant === 'identity';
  return {
    access_token: result.accessToken.value,
    refresh_token: result.refreshToken?.value ?? null,
    primary_refresh_token: options.primaryRefreshToken ?? null,
    uid,
    publisher: identity ? result.client.clientId : null,
    applicant: identity ? (subject.username ?? subject.id) : null,
    expires_in: Math.max(0, result.accessToken.record.expiresAt - now),
    remind_in: result.refreshToken ? Math.max(0, result.refreshToken.record.expiresAt - now) : null,
  };
}
