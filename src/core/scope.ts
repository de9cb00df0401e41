import { CoreError } from './errors';

/** Splits a space- or comma-separated scope parameter; undefined stays undefined. */
export function parseScope(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const joined = Array.isArray(value) ? value.join(' ') : value;
  const scopes = joined.split(/[\s,]+/).filter(Boolean);
  return [...new Set(scopes)];
}

/** The granted scope: the request's when every entry is allowed, else the allowed set. */
export function grantScope(requested: string[] | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined || requested.length === 0) return [...allowed];
  const denied = requested.filter((s) => !allowed.includes(s));
  if (denied.length > 0) {
    throw new CoreError('invalid_scope', `Invalid scope: ${denied.join(' ')}`, { parameter: 'scope' });
  }
  return requested;
}
