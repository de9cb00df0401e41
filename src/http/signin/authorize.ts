import type { Request, Response } from 'express';
import type { UserIdentifier } from '../../core/directory';
import { CoreError } from '../../core/errors';
import type { Client } from '../../core/model';
import type { TokenPolicy } from '../../core/policy';
import type { TokenResult } from '../../core/grants/types';
import { toCoreError } from '../error-boundary';
import { redirect } from './html';
import { rfc6749ErrorRedirect, type RedirectTarget } from './redirects';
import type { SignIn } from './index';

/** An authorization request as a dialect parsed it from its own wire parameters. */
export interface AuthorizationRequest {
  clientId?: string;
  /** As sent; absent means "the client's only registered one" (RFC 6749 §3.1.2.3). */
  redirectUri?: string;
  scope?: string[];
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  /** `token` asks for the implicit flow (RFC 6749 §4.2); only for a flow with `redirectTokens`. */
  responseType?: 'code' | 'token';
  /** Kept with the code and carried to the token response (OIDC `nonce`, CAS `service`, …). */
  extra?: Record<string, unknown>;
  /**
   * What the dialect found wrong with the other parameters. It is reported to the client by
   * redirect once client and redirect_uri are known good; until then, nothing is redirected.
   */
  problem?: CoreError;
}

/** What a dialect decides about its authorize endpoint; built once at mount. */
export interface AuthorizeFlow {
  policy: TokenPolicy;
  /** Which identifiers the sign-in form accepts (default: the policy's). */
  userIdentifiers?: readonly UserIdentifier[];
  /** The vendor's success redirect. */
  redirect(code: string, target: RedirectTarget): string;
  /** The vendor's error redirect (default RFC 6749 §4.1.2.1). */
  redirectError?(error: CoreError, target: RedirectTarget): string;
  /** The vendor's implicit-flow redirect (tokens in the fragment); absent: implicit is refused. */
  redirectTokens?(result: TokenResult, target: RedirectTarget): string;
  /** Keep the session's sign-in time with the code, as `extra.auth_time` (for OIDC's `auth_time`). */
  recordAuthTime?: boolean;
}

export type AuthorizeHandler = (req: Request, res: Response, request: AuthorizationRequest) => Promise<void>;

/** The exact registered redirect URI, or undefined: never a prefix, pattern or normalised match. */
export function registeredRedirect(client: Client, given: string | undefined): string | undefined {
  if (given === undefined) return client.redirectUris.length === 1 ? client.redirectUris[0] : undefined;
  return client.redirectUris.includes(given) ? given : undefined;
}

/**
 * The authorize step every dialect shares: client and redirect_uri first (an error page, never
 * a redirect, when either is wrong), then the request's own checks, then the session (sign-in
 * page when there is none), consent when the client asks for it, and finally a code.
 */
export function authorizeHandler(signIn: SignIn, flow: AuthorizeFlow): AuthorizeHandler {
  const identifiers = flow.userIdentifiers ?? flow.policy.userIdentifiers;
  const redirectError = flow.redirectError ?? rfc6749ErrorRedirect;
  return async (req, res, request) => {
    const browser = signIn.browser(req, res);
    const returnTo = req.originalUrl;
    const engine = signIn.engine;
    try {
      const client = request.clientId === undefined ? undefined : engine.directory.client(request.clientId);
      if (!client) return signIn.views.notice(browser, 400, { tone: 'error', title: 'page.unknown_client.title', body: 'page.unknown_client' });
      const redirectUri = registeredRedirect(client, request.redirectUri);
      if (!redirectUri) return signIn.views.notice(browser, 400, { tone: 'error', title: 'page.bad_redirect.title', body: 'page.bad_redirect' });
      const target: RedirectTarget = { redirectUri, state: request.state, requestedScope: request.scope };
      try {
        if (request.problem) throw request.problem;
        const implicit = request.responseType === 'token';
        if (implicit && !flow.redirectTokens) {
          throw new CoreError('invalid_request', 'response_type token is not supported here', { parameter: 'response_type' });
        }
        const check = { client, redirectUri: request.redirectUri, scope: request.scope, codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod };
        const scope = engine.checkAuthorizationRequest(check, implicit ? 'token' : 'code');
        const sessionId = browser.sessionId;
        const session = await signIn.sessions.get(sessionId);
        const user = session ? engine.directory.userByUid(session.uid) : undefined;
        if (!session || !user || user.status !== 'active') {
          // The cookie stays: its value, no longer a session, still binds the form's CSRF token.
          if (session) await signIn.sessions.delete(sessionId);
          const error = user && user.status !== 'active' ? 'error.refused' : undefined;
          return signIn.views.signIn(browser, 200, { returnTo, client, identifiers, error });
        }
        if (session.declined === client.clientId) {
          delete session.declined;
          await signIn.sessions.save(sessionId!, session);
          throw new CoreError('access_denied', 'The user denied the request');
        }
        const approved = session.consents[client.clientId];
        if (client.requireConsent && !(approved && scope.every((s) => approved.includes(s)))) {
          return signIn.views.consent(browser, { returnTo, client, user, scope });
        }
        if (implicit) {
          const result = await engine.issueImplicit({ client, user, scope: request.scope, extra: request.extra }, flow.policy);
          return redirect(res, 302, flow.redirectTokens!(result, target));
        }
        const extra = flow.recordAuthTime ? { ...request.extra, auth_time: session.authTime } : request.extra;
        const code = await engine.issueAuthorizationCode({ ...check, user, extra }, flow.policy);
        redirect(res, 302, flow.redirect(code.value, target));
      } catch (error) {
        const coreError = toCoreError(error);
        if (coreError.code === 'server_error') req.log?.error({ err: error }, 'authorization request failed');
        redirect(res, 302, redirectError(coreError, target));
      }
    } catch (error) {
      signIn.views.failure(browser, error);
    }
  };
}
