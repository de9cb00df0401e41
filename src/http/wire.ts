import type { Response } from 'express';
import type { WireResponse } from './dialect';

const JSON_TYPE = 'application/json; charset=utf-8';

export function send(res: Response, wire: WireResponse): void {
  res.statusCode = wire.status;
  if (wire.headers) for (const name in wire.headers) res.setHeader(name, wire.headers[name]);
  if (wire.text) {
    res.type(wire.text.contentType).send(wire.text.content);
  } else if (wire.body === undefined) {
    res.end();
  } else {
    // Serialised here, so the key order the dialect built is what goes out; written straight to
    // the socket (no ETag or freshness check: these answers are never cached).
    const json = JSON.stringify(wire.body);
    res.setHeader('Content-Type', JSON_TYPE);
    res.setHeader('Content-Length', Buffer.byteLength(json));
    res.end(json);
  }
}

/** Token responses must not be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;
