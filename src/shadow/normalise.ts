import jwt from 'jsonwebtoken';
import { isSecretName } from '../testing/redact';

/** Seconds two `expires_in` may differ by: the two answers were not minted at the same instant. */
export const EXPIRES_TOLERANCE_SECONDS = 5;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** CAS-style tickets: `AT-1-…`, `RT-12-…`, `OC-3-…`, `TGT-…`. */
const TICKET = /^([A-Z]{2,4})-\d+-[A-Za-z0-9.-]+$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
/** Random-looking: letters and digits mixed, 20 characters or more, no path or URL punctuation. */
const OPAQUE = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-][A-Za-z0-9_\-+/=]{19,}$/;
const TIME_KEY = /^(timestamp|time|iat|exp|nbf|auth_time|expires_at|created(_at)?|updated(_at)?|issued_at|expiration)$/i;
const ID_KEY = /^(jti|sid|nonce|session_?id|request_?id|trace_?id)$/i;
const EXPIRES_KEY = /^expires(_?in)?$/i;

/** Anything token-like inside a text body (tickets, JWTs, UUIDs), for texts that are not parameters. */
const IN_TEXT = [
  [/\b[A-Z]{2,4}-\d+-[A-Za-z0-9.-]{8,}/g, (m: string) => `<${m.slice(0, m.indexOf('-'))} ticket>`],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, () => '<JWT>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, () => '<uuid>'],
] as const;

/** `<JWT header alg,typ,kid; claims sub,aud,…>`: the key sets and their order, never the values. */
function jwtShape(value: string): string | undefined {
  if (!JWT_SHAPE.test(value)) return undefined;
  const parts = jwt.decode(value, { complete: true });
  if (!parts || typeof parts.payload !== 'object') return undefined;
  return `<JWT header ${Object.keys(parts.header).join(',')}; claims ${Object.keys(parts.payload).join(',')}>`;
}

/** A token's kind without its value: a JWT's shape, a ticket's prefix, or opaque. */
export function tokenKind(value: string): string {
  const ticket = TICKET.exec(value);
  return jwtShape(value) ?? (ticket ? `<${ticket[1]} ticket>` : UUID.test(value) ? '<uuid>' : '<opaque>');
}

/** Whether two values at the same key may differ only as two mints of the same answer do. */
export function sameExpiry(key: string, a: unknown, b: unknown): boolean {
  if (!EXPIRES_KEY.test(key)) return false;
  const [x, y] = [Number(a), Number(b)];
  return a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= EXPIRES_TOLERANCE_SECONDS;
}

/**
 * A leaf value as compared: tokens, ids and timestamps by kind, anything else as it is. `key` is
 * the name it is found under; `paths` are the request paths each side knows itself by.
 */
export function normaliseValue(key: string, value: unknown, paths: readonly string[] = []): unknown {
  if (typeof value === 'number') return TIME_KEY.test(key) && value >= 1e9 ? '<time>' : value;
  if (typeof value !== 'string') return value;
  if (isSecretName(key)) return value === '' ? '' : tokenKind(value);
  if (ID_KEY.test(key) && value !== '') return '<id>';
  if (TIME_KEY.test(key) && (ISO_TIME.test(value) || /^\d{10,13}$/.test(value))) return '<time>';
  if (ISO_TIME.test(value)) return '<time>';
  if (paths.includes(value)) return '<request path>';
  const shape = jwtShape(value);
  if (shape) return shape;
  const ticket = TICKET.exec(value);
  if (ticket) return `<${ticket[1]} ticket>`;
  if (UUID.test(value)) return '<uuid>';
  if (OPAQUE.test(value)) return '<opaque>';
  return value;
}

/** A text body with the token-like parts replaced. */
export function normaliseText(text: string): string {
  let out = text;
  for (const [pattern, replace] of IN_TEXT) out = out.replace(pattern, replace);
  return out;
}

/**
 * A Location compared as where it leads: the path, the query's names in order and their values
 * normalised; an absolute URL at the answering server's own origin counts as that server.
 */
export function normaliseLocation(location: string, ownOrigin: string): string {
  let url: URL;
  try {
    url = new URL(location, 'relative:/');
  } catch {
    return normaliseText(location);
  }
  const origin = url.protocol === 'relative:' ? '' : url.origin === ownOrigin ? '<self>' : url.origin;
  const value = (name: string, raw: string) => (EXPIRES_KEY.test(name) ? '<seconds>' : String(normaliseValue(name, raw)));
  const params = (search: string) => [...new URLSearchParams(search)].map(([name, raw]) => `${name}=${value(name, raw)}`).join('&');
  const query = params(url.search);
  const fragment = params(url.hash.slice(1));
  return `${origin}${url.pathname}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
}
