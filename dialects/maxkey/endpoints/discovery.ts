import type { RequestHandler } from 'express';
import { send } from '../../kit';
import type { MaxkeySettings } from '../config';
import { renderDiscovery } from '../render';

/** `.well-known/openid-configuration`: one document for the whole server, built at mount. */
export function discoveryEndpoint(settings: MaxkeySettings): RequestHandler {
  const document = renderDiscovery(settings);
  return (_req, res) => {
    send(res, document);
  };
}
