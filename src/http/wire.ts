import type { Response } from 'express';
import type { WireResponse } from './dialect';

export function send(res: Response, wire: WireResponse): void {
  res.status(wire.status);
  for (const [name, value] of Object.entries(wire.headers ?? {})) res.setHeader(name, value);
  if (wire.text) {
    res.type(wire.text.contentType).send(wire.text.content);
  } else if (wire.body === undefined) {
    res.end();
  } else {
    // Serialised here, not by res.json, so the key order the dialect built is what goes out.
    res.type('application/json').send(JSON.stringify(wire.body));
  }
}

/** Token responses must not be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;
