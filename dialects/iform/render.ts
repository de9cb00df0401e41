import type { TokenRecord, TokenResult } from '../../src/core';
import { type WireResponse, NO_STORE } from '../kit';
import type { IformSettings } from './config';
import { STATE } from './errors';
import type { ApiQuery } from './support/api-request';
import { envelope } from './support/envelope';
import { wireGrantType } from './support/grant-names';
import type { RowPage } from './support/token-rows';

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

/** A successful `APIResult`: state 200, `data` and `variables`. */
export function success(data: unknown, variables: Record<string, unknown> = {}): WireResponse {
  return { status: 200, headers: { ...NO_STORE }, body: envelope(STATE.SUCCESS, { data, variables }) };
}

/** `apply`: the bundle; a code grant's `variables` carry `code` and `redirect_uri`. */
export function applyResponse(result: TokenResult, now: number, settings: IformSettings, userCode?: { code: string; redirectUri?: string }): WireResponse {
  const variables = userCode ? { code: userCode.code, redirect_uri: userCode.redirectUri ?? null } : {};
  return success(tokenBundle(result, now, settings), variables);
}

/** `verify`: `data` is the username (the client id for a client token); `variables` carry `clientId` and `"grant.type"`. */
export function verifyResponse(record: TokenRecord): WireResponse {
  const name = record.subject.type === 'user' ? (record.subject.username ?? record.subject.id) : record.subject.id;
  return success(name, { clientId: record.clientId, 'grant.type': wireGrantType(record.grantType) });
}

/** `query`: one page of token rows with IBPS's `pageResult`. */
export function queryResponse(page: RowPage, query: ApiQuery): WireResponse {
  const { rows, total } = page;
  return success({
    dataResult: rows,
    pageResult: { limit: query.limit, page: query.page, totalCount: total, totalPages: Math.ceil(total / query.limit) },
  });
}

/** `switch`: the target user's bundle, with the admin's refresh token as `primary_refresh_token`. */
export function switchResponse(result: TokenResult & { primaryRefreshToken?: string | null }, now: number, settings: IformSettings): WireResponse {
  return success(
    tokenBundle(result, now, settings, {
      primaryRefreshToken: result.primaryRefreshToken,
      hideUid: settings.switchUid === 'null',
    }),
  );
}

/** `switch/exit`: the admin's own bundle again. */
export function switchExitResponse(result: TokenResult, now: number, settings: IformSettings): WireResponse {
  return success(tokenBundle(result, now, settings));
}
