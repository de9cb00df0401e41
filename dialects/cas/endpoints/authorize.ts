import type { RequestHandler } from 'express';
import { type DialectContext, requestValidator, rfc6749ErrorRedirect, rfc6749Redirect } from '../../kit';
import { authorizePolicy, type CasSettings } from '../config';
import { parseAuthorizeRequest } from '../parse';

/**
 * GET /oauth2.0/authorize (response_type=code) on the shared browser sign-in, which stands in
 * for the CAS login page: `redirect_uri?code=OC-…&state=…` once the user is signed in.
 */
export function authorizeEndpoint(context: DialectContext, settings: CasSettings): RequestHandler {
  const validate = requestValidator('cas', 'authorize');
  const authorize = context.signIn.flow({
    policy: context.engine.usePolicy(authorizePolicy(settings)),
    redirect: rfc6749Redirect,
    redirectError: rfc6749ErrorRedirect,
  });
  return (req, res) => authorize(req, res, parseAuthorizeRequest(req, validate));
}
