import type { IncomingMessage } from 'node:http';
import qs from 'qs';

/**
 * The common form body (utf-8, identity encoding, a declared length within the limit) read
 * without body-parser's general machinery, parsed exactly as body-parser's urlencoded parser
 * (`extended: false`) parses it. Returns null for anything else, which body-parser then reads
 * (and refuses with its own errors).
 */
export function plainFormLength(req: IncomingMessage, limitBytes: number): number | null {
  if (req.method !== 'POST') return null;
  const type = req.headers['content-type'];
  if (type === undefined) return null;
  const semi = type.indexOf(';');
  const essence = (semi < 0 ? type : type.slice(0, semi)).trim().toLowerCase();
  if (essence !== 'application/x-www-form-urlencoded') return null;
  if (semi >= 0 && !/^\s*;\s*charset\s*=\s*"?utf-8"?\s*$/i.test(type.slice(semi))) return null;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return null;
  if (req.headers['transfer-encoding'] !== undefined) return null;
  const length = Number(req.headers['content-length']);
  if (!Number.isInteger(length) || length < 0 || length > limitBytes) return null;
  return length;
}

export function parseForm(body: string, parameterLimit: number): Record<string, unknown> | 'too_many' {
  if (body.length === 0) return {};
  let count = 0;
  let index = -1;
  do {
    if (++count > parameterLimit) return 'too_many';
    index = body.indexOf('&', index + 1);
  } while (index !== -1);
  return qs.parse(body, { allowPrototypes: true, arrayLimit: count, depth: 0, charset: 'utf-8', parameterLimit, strictDepth: true });
}
