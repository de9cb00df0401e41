import type { RequestHandler } from 'express';
import type { TokenPolicy } from '../../../src/core';
import { type DialectContext, requestValidator, rfc6749Redirect } from '../../kit';
import { parseAuthorizeRequest } from '../parse';
import { renderImplicitFragment } from '../render';

/** GET `/authz/oauth/v20/authorize`: code and `state` in the redirect query, or implicit tokens in the fragment. */
export function authorizeEndpoint(context: DialectContext, policy: TokenPolicy): RequestHandler {
  const validate = requestValidator('maxkey', 'authorize');
  const { engine } = context;
  const flow = context.signIn.flow({ policy, redirect: rfc6749Redirect, redirectTokens: renderImplicitFragment(() => engine.now()) });
  return async (req, res) => {
    await flow(req, res, parseAuthorizeRequest(req, validate));
  };
}
