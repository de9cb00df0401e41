import type { RequestHandler } from 'express';
import { type DialectContext, requestValidator, rfc6749ErrorRedirect, rfc6749Redirect } from '../../kit';
import { standardPolicy } from '../config';
import { parseAuthorization } from '../parse';

/** GET /authorize: the browser step of the code flow, on the shared sign-in; the sign-in time goes with the code (OIDC `auth_time`). */
export function authorizationEndpoint(context: DialectContext): RequestHandler {
  const validate = requestValidator('standard', 'authorize');
  const authorize = context.signIn.flow({
    policy: context.engine.usePolicy(standardPolicy(context.section)),
    redirect: rfc6749Redirect,
    redirectError: rfc6749ErrorRedirect,
    recordAuthTime: true,
  });
  return (req, res) => authorize(req, res, parseAuthorization(req, validate));
}
