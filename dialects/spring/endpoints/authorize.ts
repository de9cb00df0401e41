import type { RequestHandler } from 'express';
import type { TokenPolicy } from '../../../src/core';
import { type DialectContext, requestValidator, rfc6749ErrorRedirect, rfc6749Redirect } from '../../kit';
import { parseAuthorizeRequest } from '../parse';

/**
 * GET /oauth/authorize (response_type=code) on the shared browser sign-in, which stands in for
 * the application's Spring Security form login: `redirect_uri?code=<6 chars>&state=…`.
 */
export function authorizeEndpoint(context: DialectContext, policy: TokenPolicy): RequestHandler {
  const validate = requestValidator('spring', 'authorize');
  const authorize = context.signIn.flow({ policy, redirect: rfc6749Redirect, redirectError: rfc6749ErrorRedirect });
  return (req, res) => authorize(req, res, parseAuthorizeRequest(req, validate));
}
