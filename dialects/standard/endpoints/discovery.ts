import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import { STANDARD_PATHS, standardIssuer } from '../config';
import { discoveryDocument } from '../render';

/** GET /.well-known/openid-configuration: one document, built at mount. */
export function discoveryEndpoint(context: DialectContext): RequestHandler {
  const document = discoveryDocument(standardIssuer(context.engine.issuer, context.basePath), STANDARD_PATHS);
  return (_req, res) => {
    send(res, { status: 200, body: document });
  };
}
