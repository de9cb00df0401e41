import type { Request } from 'express';
import { CoreError } from '../core/errors';

export interface ParamSources {
  query?: boolean;
  form?: boolean;
  json?: boolean;
  /** When a parameter is in several sources: `error` (RFC 6749 §3.2) or take the body's. */
  repeated?: 'error' | 'body-wins';
}

function isForm(req: Request): boolean {
  return req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
}

function isJson(req: Request): boolean {
  return Boolean(req.is('application/json') || req.is('+json'));
}

function flatten(source: Record<string, unknown> | undefined, into: Map<string, unknown[]>): void {
  if (!source || typeof source !== 'object') return;
  for (const [key, value] of Object.entries(source)) {
    const list = into.get(key) ?? [];
    if (Array.isArray(value)) list.push(...value);
    else list.push(value);
    into.set(key, list);
  }
}

/**
 * Merges the request's parameters from the sources a dialect reads. A parameter given more
 * than once is an `invalid_request` unless the dialect says the body wins.
 * Values that are not strings (JSON objects, numbers) are kept for the dialect to check.
 */
export function readParams(req: Request, sources: ParamSources): Record<string, unknown> {
  const query = new Map<string, unknown[]>();
  const body = new Map<string, unknown[]>();
  if (sources.query) flatten(req.query as Record<string, unknown>, query);
  if ((sources.form && isForm(req)) || (sources.json && isJson(req))) flatten(req.body as Record<string, unknown>, body);
  const merged: Record<string, unknown> = {};
  const names = new Set([...query.keys(), ...body.keys()]);
  for (const name of names) {
    const fromQuery = query.get(name) ?? [];
    const fromBody = body.get(name) ?? [];
    const all = [...fromQuery, ...fromBody];
    if (all.length > 1 && (sources.repeated ?? 'error') === 'error') {
      throw new CoreError('invalid_request', `parameter "${name}" was given more than once`, {
        reason: 'repeated_parameter',
        parameter: name,
      });
    }
    merged[name] = fromBody.length > 0 ? fromBody[0] : fromQuery[0];
  }
  return merged;
}

/** A parameter as a string, or undefined; anything else is an `invalid_request`. */
export function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new CoreError('invalid_request', `parameter "${name}" must be a string`, { parameter: name });
  }
  return value;
}

export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * HTTP Basic client credentials. RFC 6749 §2.3.1 form-encodes both parts before base64;
 * some legacy servers do not decode them, hence `urlDecode`.
 */
export function basicCredentials(req: Request, options: { urlDecode: boolean } = { urlDecode: true }): BasicCredentials | undefined {
  const header = req.headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new CoreError('invalid_client', 'malformed HTTP Basic credentials', { reason: 'client_auth_method' });
  }
  const decode = (part: string) => {
    if (!options.urlDecode) return part;
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw new CoreError('invalid_client', 'malformed HTTP Basic credentials', { reason: 'client_auth_method' });
    }
  };
  return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
}

const BEARER = /^bearer\s+(\S+)\s*$/i;

/** The token of an `Authorization: Bearer …` header value. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = header ? BEARER.exec(header) : null;
  return match ? match[1] : undefined;
}

/** The bearer token of an `Authorization: Bearer …` header. */
export function bearerToken(req: Request): string | undefined {
  return bearerOf(req.headers.authorization);
}
