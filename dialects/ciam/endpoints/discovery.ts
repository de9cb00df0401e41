import type { RequestHandler } from 'express';
import { send } from '../../kit';
import { CIAM_PATHS, type CiamSettings } from '../config';
import { discoveryDocument } from '../render';

/** GET /.well-known/openid-configuration: one document, built at mount. */
export function discoveryEndpoint(settings: CiamSettings): RequestHandler {
  const document = discoveryDocument(settings, CIAM_PATHS);
  return (_req, res) => {
    send(res, { status: 200, body: document });
  };
}
