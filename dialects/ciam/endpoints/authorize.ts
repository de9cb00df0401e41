import type { RequestHandler } from 'express';
import type { UserIdentifier } from '../../../src/core';
import { type AuthorizeHandler, type DialectContext, rfc6749Redirect } from '../../kit';
import { type CiamSettings, ciamPolicy } from '../config';
import { errorRedirect } from '../errors';
import { authorizationParser } from '../parse';

/** GET /oauth2/authorize: the browser step of the code flow, on the gateway's shared sign-in. */
export function authorizeEndpoint(context: DialectContext, settings: CiamSettings): RequestHandler {
  const parse = authorizationParser(settings);
  const policy = context.engine.usePolicy(ciamPolicy(settings));
  const redirectError = errorRedirect(settings.profile.errorUris);
  // One flow per set of accepted identifiers (at most seven), made when first needed.
  const flows = new Map<string, AuthorizeHandler>();
  const flowFor = (identifiers: readonly UserIdentifier[]): AuthorizeHandler => {
    const key = identifiers.join(' ');
    let flow = flows.get(key);
    if (!flow) {
      flow = context.signIn.flow({ policy, userIdentifiers: identifiers, redirect: rfc6749Redirect, redirectError });
      flows.set(key, flow);
    }
    return flow;
  };
  return async (req, res) => {
    const { request, identifiers } = parse(req);
    await flowFor(identifiers)(req, res, request);
  };
}
