import type { Request } from 'express';
import { readParams } from '../../src/http/params';

/**
 * Parameters as a servlet's `getParameter` sees them: the query string and an urlencoded body,
 * the first value of each name winning and the query string first. Spring accepts repeats
 * and ignores JSON bodies.
 */
export function springParams(req: Request): Record<string, string> {
  const query = readParams(req, { query: true, repeated: 'body-wins' });
  const form = readParams(req, { form: true, repeated: 'body-wins' });
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...form, ...query })) {
    if (typeof value === 'string') merged[name] = value;
  }
  return merged;
}

// Java's \s is [ \t\n\x0B\f\r] (JavaScript's also matches Unicode spaces).
const JAVA_WHITESPACE_OR_PLUS = /[ \t\n\v\f\r+]/;

/** `OAuth2Utils.parseParameterList`: split on `[\s+]` (Java's \s), into a TreeSet (sorted). */
export function parseSpringScope(value: string | undefined): string[] {
  if (value === undefined) return [];
  const scopes = value.split(JAVA_WHITESPACE_OR_PLUS).filter((s) => s.length > 0);
  return [...new Set(scopes)].sort();
}

/** `StringUtils.hasText`. */
export function hasText(value: string | undefined): value is string {
  return value !== undefined && /\S/.test(value);
}
