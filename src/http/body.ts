import bodyParser from 'body-parser';
import type { RequestHandler } from 'express';

/**
 * Form and JSON body parsers with a size limit. Parse failures go to the dialect's error
 * boundary as body-parser errors (`type` set), where they become core errors.
 */
export type BodyKind = 'form' | 'json';

export function bodyParsers(limit: string, kinds: readonly BodyKind[] = ['form', 'json']): RequestHandler[] {
  const parsers: RequestHandler[] = [];
  if (kinds.includes('form')) parsers.push(bodyParser.urlencoded({ extended: false, limit, parameterLimit: 100 }));
  if (kinds.includes('json')) parsers.push(bodyParser.json({ limit, strict: true, type: ['application/json', 'application/*+json'] }));
  return parsers;
}
