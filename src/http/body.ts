import bodyParser from 'body-parser';
import type { RequestHandler } from 'express';

/**
 * Form and JSON body parsers with a size limit. Parse failures go to the dialect's error
 * boundary as body-parser errors (`type` set), where they become core errors.
 */
export type BodyKind = 'form' | 'json';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** The byte count of a configured `http.body_limit` (`64kb`: the schema allows b, kb and mb), as body-parser reads it. */
export function limitBytes(limit: string): number {
  const match = /^([0-9]+)(b|kb|mb)$/.exec(limit);
  if (!match) throw new Error(`body limit "${limit}" is not a number of b, kb or mb`);
  return Number(match[1]) * UNITS[match[2]];
}

/** Parameters a form body may carry (more is a 413, body-parser's `parameters.too.many`). */
export const FORM_PARAMETER_LIMIT = 100;

export function bodyParsers(limit: string, kinds: readonly BodyKind[] = ['form', 'json']): RequestHandler[] {
  const parsers: RequestHandler[] = [];
  if (kinds.includes('form')) parsers.push(bodyParser.urlencoded({ extended: false, limit, parameterLimit: FORM_PARAMETER_LIMIT }));
  if (kinds.includes('json')) parsers.push(bodyParser.json({ limit, strict: true, type: ['application/json', 'application/*+json'] }));
  return parsers;
}
