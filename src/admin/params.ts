import type { Request } from 'express';
import type { Page } from '../core/model';
import { badRequest } from './errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_PAGE = 1_000_000;
/** As long as the configuration allows a username or client id to be. */
const MAX_NAME = 256;
/** A grant id is a storage id: base64url, the first character naming its bucket. */
const GRANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The query parameters a request may carry; any other is refused, so a misspelt one never widens an act. */
export function queryOf(req: Request, allowed: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (!allowed.includes(name)) throw badRequest(`unknown parameter ${name}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`);
    if (typeof value !== 'string') throw badRequest(`${name} must be given once`);
    query[name] = value;
  }
  return query;
}

function integer(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]{0,6}$/.test(value) || Number(value) > max) throw badRequest(`${name} must be an integer from 1 to ${max}`);
  return Number(value);
}

/** `page` (from 1) and `limit` (up to MAX_LIMIT) as the store's offset and limit. */
export function pageOf(query: Record<string, string>): Page & { page: number } {
  const page = integer(query.page, 'page', 1, MAX_PAGE);
  const limit = integer(query.limit, 'limit', DEFAULT_LIMIT, MAX_LIMIT);
  return { page, limit, offset: (page - 1) * limit };
}

export function nameOf(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME) throw badRequest(`${name} must be 1 to ${MAX_NAME} characters`);
  return value;
}

export function grantIdOf(value: unknown): string {
  if (typeof value !== 'string' || !GRANT_ID.test(value)) throw badRequest('grant_id is not a grant id');
  return value;
}
