import type { ServerResponse } from 'node:http';
import type { Response } from 'express';
import type { WireResponse } from './dialect';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Writes a serialised JSON body straight to the socket (no ETag or freshness check: these answers are never cached). */
function endJson(res: ServerResponse, body: unknown): void {
  const json = JSON.stringify(body);
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

export function send(res: Response, wire: WireResponse): void {
  res.statusCode = wire.status;
  if (wire.headers) for (const name in wire.headers) res.setHeader(name, wire.headers[name]);
  if (wire.text) {
    res.type(wire.text.contentType).send(wire.text.content);
  } else if (wire.body === undefined) {
    res.end();
  } else {
    // Serialised here, so the key order the dialect built is what goes out.
    endJson(res, wire.body);
  }
}

/** The gateway's own JSON answers (admin API, test controls, metrics' refusals): never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name]);
  res.setHeader('Cache-Control', 'no-store');
  endJson(res, body);
}

/** A route's answer to any other method: 405 with `Allow` (HEAD too when GET is allowed). */
export function methodNotAllowed(methods: readonly string[]): (req: unknown, res: ServerResponse) => void {
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
  const body = { error: 'method_not_allowed', error_description: `use ${methods.join(' or ')}` };
  return (_req, res) => sendJson(res, 405, body, { Allow: allow });
}

/** Token responses must not be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;
