import { isUtf8 } from 'node:buffer';
import bodyParser from 'body-parser';
import bytes from 'bytes';
import type { RequestHandler } from 'express';

/**
 * Form and JSON body parsers with a size limit. Parse failures go to the dialect's error
 * boundary as body-parser errors (`type` set), where they become core errors.
 */
export type BodyKind = 'form' | 'json';

/** The byte count of a configured `http.body_limit` (`64kb`), read by the parser body-parser uses. */
export function limitBytes(limit: string): number {
  const parsed = bytes.parse(limit);
  if (parsed === null) throw new Error(`body limit "${limit}" is not a size`);
  return parsed;
}

/** Parameters a form body may carry (more is a 413, body-parser's `parameters.too.many`). */
export const FORM_PARAMETER_LIMIT = 100;

/** JSON is UTF-8 (RFC 8259 §8.1): bytes that are not would be decoded into U+FFFD and pass unnoticed. */
function requireUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) throw new Error('the JSON body is not valid UTF-8');
}

export function bodyParsers(limit: string, kinds: readonly BodyKind[] = ['form', 'json']): RequestHandler[] {
  const parsers: RequestHandler[] = [];
  if (kinds.includes('form')) parsers.push(bodyParser.urlencoded({ extended: false, limit, parameterLimit: FORM_PARAMETER_LIMIT }));
  if (kinds.includes('json')) parsers.push(bodyParser.json({ limit, strict: true, type: ['application/json', 'application/*+json'], verify: requireUtf8 }));
  return parsers;
}
