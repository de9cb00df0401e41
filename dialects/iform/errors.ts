import type { CoreError } from '../../src/core';
import { type WireResponse, NO_STORE } from '../kit';
import type { IformSettings } from './config';
import { envelope } from './envelope';
import { failureOf } from './states';

/** Any core error as an envelope: vendor `state` and message, the detail in `cause`. */
export function renderIformError(error: CoreError, settings: IformSettings): WireResponse {
  const failure = failureOf(error);
  const entry = settings.failures[failure];
  const headers: Record<string, string> = { ...NO_STORE };
  if (failure === 'server_unavailable') headers['Retry-After'] = '1';
  // Unexpected failures say nothing about their cause.
  const cause = failure === 'server_error' ? '' : error.message;
  return { status: entry.httpStatus, headers, body: envelope(entry.state, { message: entry.message, cause }) };
}
