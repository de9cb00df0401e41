import type { Request, Response, Router } from 'express';
import type { TokenEngine } from '../../core/engine';
import type { Lockout } from '../../core/lockout/lockout';
import { SessionStore } from '../../core/signin/sessions';
import { authorizeHandler, type AuthorizeFlow, type AuthorizeHandler } from './authorize';
import { Browser } from './browser';
import { signInRouter } from './routes';
import { FormSigner } from './signed-form';
import type { SignInSettings } from './settings';
import { Views } from './views';

export type { AuthorizationRequest, AuthorizeFlow, AuthorizeHandler } from './authorize';
export type { RedirectTarget } from './redirects';
export { rfc6749ErrorRedirect, rfc6749Redirect, withQuery, authorizationErrorCode } from './redirects';
export { parseRfcAuthorization } from './rfc-request';

/**
 * The browser sign-in every dialect's authorize endpoint shares: sessions (single sign-on
 * across dialects), the sign-in and consent pages, CSRF, lock-out. A dialect calls `flow()`
 * once at mount and hands each parsed request to the handler it gets back.
 */
export class SignIn {
  readonly sessions: SessionStore;
  readonly lockout: Lockout;
  readonly signer: FormSigner;
  readonly views: Views;
  private readonly csrfKey: Buffer;

  constructor(
    readonly engine: TokenEngine,
    readonly settings: SignInSettings,
  ) {
    const { store, serverSecret } = engine.context;
    const now = () => engine.now();
    this.sessions = new SessionStore(store, serverSecret.deriveKey('signin session'), settings.sessionTtl, now);
    this.lockout = engine.context.lockout;
    this.signer = new FormSigner(serverSecret.deriveKey('signin form'), settings.formTtl, now);
    this.csrfKey = serverSecret.deriveKey('signin csrf');
    this.views = new Views(settings, this.signer);
  }

  /** This sign-in for one dialect: codes and implicit tokens it issues are that dialect's grants. */
  forEngine(engine: TokenEngine): SignIn {
    return Object.create(this, { engine: { value: engine } }) as SignIn;
  }

  /** A dialect's authorize endpoint: its policy, the identifiers it accepts, and how it redirects. */
  flow(flow: AuthorizeFlow): AuthorizeHandler {
    return authorizeHandler(this, flow);
  }

  browser(req: Request, res: Response): Browser {
    return new Browser(req, res, this.settings, this.csrfKey);
  }

  /** The shared routes, to mount at `settings.path`. */
  router(bodyLimit: string): Router {
    return signInRouter(this, bodyLimit);
  }
}
