import type { Request } from 'express';
import { readParams } from '..';

/**
 * Parameters as a Java servlet's `getParameter` sees them (CAS, Spring Security OAuth2, MaxKey
 * all run on servlet containers): the query string and an urlencoded body merged, query-string
 * values presented before body values (Servlet 3.1 §3.1), and `getParameter` returning the
 * first value of a name. So a name in both the query and the body takes the query's value.
 * JSON bodies are not parameters.
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

// Java's \s is [ \t\n\x0B\f\r] (JavaScript's also matches Unicode spaces).
const JAVA_WHITESPACE_OR_PLUS = /[ \t\n\v\f\r+]/;

/** Spring's `OAuth2Utils.parseParameterList`: split on `[\s+]` (Java's \s) into a TreeSet (sorted, unique). */
export function parseJavaScopeSet(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(JAVA_WHITESPACE_OR_PLUS).filter((s) => s.length > 0))].sort();
}
