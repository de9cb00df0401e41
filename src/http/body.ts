import bodyParser from 'body-parser';
import type { RequestHandler } from 'express';

/**
 * Form and JSON body parsers with a size limit. Parse failures go to the dialect's error
 * boundary as body-parser errors (`type` set), where they become core errors.
 */
export function bodyParsers(limit: string): RequestHandler[] {
  return [
    bodyParser.urlencoded({ extended: false, limit, parameterLimit: 100 }),
    bodyParser.json({ limit, strict: true, type: ['application/json', 'application/*+json'] }),
  ];
}
