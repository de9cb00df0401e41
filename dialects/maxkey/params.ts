import type { Request } from 'express';
import { readParams } from '../../src/http/params';

/**
 * Parameters as a servlet's `getParameter` sees them: query string and urlencoded body, the
 * first value of a repeated name winning, the query string first. JSON bodies are not read.
 */
export function servletParams(req: Request): Record<string, string> {
  const query = readParams(req, { query: true, repeated: 'body-wins' });
  const form = readParams(req, { form: true, repeated: 'body-wins' });
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...form, ...query })) {
    if (typeof value === 'string') merged[name] = value;
  }
  return merged;
}

// Java's \s is [ \t\n\x0B\f\r].
const JAVA_WHITESPACE_OR_PLUS = /[ \t\n\v\f\r+]/;

/** `OAuth2Utils.parseParameterList`: split on `[\s+]` into a TreeSet (sorted, unique). */
export function parseScopeSet(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(JAVA_WHITESPACE_OR_PLUS).filter((s) => s.length > 0))].sort();
}

/** The shape MaxKey demands of codes and of tokens at the userinfo endpoints. */
export const MAXKEY_UUID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/;

/** `access_token`, then `token`, then `Authorization: Bearer` (prefix case-insensitive). */
export function presentedToken(req: Request, params: Record<string, string>): string | undefined {
  if (params.access_token !== undefined) return params.access_token;
  if (params.token !== undefined) return params.token;
  const header = req.headers.authorization;
  const match = header ? /^bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}
