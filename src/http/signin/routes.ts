import bodyParser from 'body-parser';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import { attemptSignIn } from '../../core/signin/attempt';
import { setCookie } from './cookies';
import { redirect } from './html';
import { isLanguage } from './language';
import { isLocalPath } from './signed-form';
import type { SignIn } from './index';
import type { NoticeView } from './pages/notice-page';

type NoticeText = Pick<NoticeView, 'tone' | 'title' | 'body'>;

const ONE_YEAR = 365 * 24 * 3600;

/** A posted field as a string; repeated or missing fields are undefined. */
function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

type Handler = (req: Request, res: express.Response) => Promise<void> | void;

/**
 * The routes every dialect's sign-in shares, mounted once under `signin.path`: the form's POST
 * target, the consent decision, sign-out, the language switch and an account status page.
 */
export function signInRouter(signIn: SignIn, bodyLimit: string): Router {
  const router = express.Router({ caseSensitive: true, strict: false });
  const form = bodyParser.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 20 });
  const { views, sessions, engine } = signIn;
  const guarded = (handler: Handler): RequestHandler => async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      views.failure(signIn.browser(req, res), error);
    }
  };
  const badForm = { tone: 'error', title: 'page.bad_form.title', body: 'page.bad_form' } as const;

  router.post('/', form, guarded(async (req, res) => {
    const browser = signIn.browser(req, res);
    const state = signIn.signer.verify(field(req, 'flow'), 'signin');
    const client = state && engine.directory.client(state.clientId);
    if (!state || !client) return views.notice(browser, 400, badForm, signIn.settings.path);
    const again = { returnTo: state.returnTo, client, identifiers: state.identifiers };
    if (!browser.csrfValid(field(req, 'csrf'))) return views.signIn(browser, 403, { ...again, error: 'error.form_expired' });
    const username = field(req, 'username') ?? '';
    const outcome = await attemptSignIn(engine, {
      identifier: username,
      password: field(req, 'password') ?? '',
      address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      identifiers: state.identifiers,
    });
    switch (outcome.status) {
      case 'signed_in': {
        // A new id on every sign-in: a session id planted before it is worth nothing after.
        await sessions.delete(browser.sessionId);
        const { id } = await sessions.create(outcome.user.uid);
        browser.setSessionCookie(id);
        return redirect(res, 303, isLocalPath(state.returnTo) ? state.returnTo : signIn.settings.path);
      }
      case 'bad_credentials':
        return views.signIn(browser, 200, { ...again, username, error: 'error.bad_credentials' });
      case 'incomplete':
        return views.signIn(browser, 400, { ...again, username, error: 'error.incomplete' });
      case 'refused':
        return views.signIn(browser, 403, { ...again, username, error: 'error.refused' });
      case 'locked_out': {
        const values = { minutes: Math.max(1, Math.ceil(outcome.retryAfter / 60)) };
        return views.signIn(browser, 429, { ...again, username, error: 'error.locked_out', values }, { 'Retry-After': String(outcome.retryAfter) });
      }
    }
  }));

  router.post('/consent', form, guarded(async (req, res) => {
    const browser = signIn.browser(req, res);
    const state = signIn.signer.verify(field(req, 'flow'), 'consent');
    const decision = field(req, 'decision');
    if (!state || !isLocalPath(state.returnTo) || (decision !== 'allow' && decision !== 'deny')) return views.notice(browser, 400, badForm, signIn.settings.path);
    if (!browser.csrfValid(field(req, 'csrf'))) return views.notice(browser, 403, badForm, state.returnTo);
    const id = browser.sessionId;
    const session = await sessions.get(id);
    if (session) {
      if (decision === 'allow') session.consents[state.clientId] = [...new Set([...(session.consents[state.clientId] ?? []), ...state.scope])];
      else session.declined = state.clientId;
      await sessions.save(id!, session);
    }
    // Without a session the authorize endpoint asks for a sign-in first.
    redirect(res, 303, state.returnTo);
  }));

  /** A page about the signed-in user with a sign-out button, or `signedOut` when nobody is signed in. */
  const signOutPage = (signedIn: NoticeText, signedOut: NoticeText): RequestHandler =>
    guarded(async (req, res) => {
      const browser = signIn.browser(req, res);
      const session = await sessions.get(browser.sessionId);
      const user = session && engine.directory.userByUid(session.uid);
      if (!user) return views.notice(browser, 200, signedOut);
      views.notice(browser, 200, {
        ...signedIn,
        values: { user: user.attributes.name ?? user.username },
        form: { action: `${signIn.settings.path}/logout`, csrf: browser.csrf(), submit: 'signout.submit' },
      });
    });

  router.get('/logout', signOutPage({ tone: 'info', title: 'signout.title', body: 'signout.confirm' }, { tone: 'ok', title: 'signout.done.title', body: 'signout.done' }));

  router.post('/logout', form, guarded(async (req, res) => {
    const browser = signIn.browser(req, res);
    const done = `${signIn.settings.path}/logout`;
    if (!browser.csrfValid(field(req, 'csrf'))) return views.notice(browser, 403, badForm, done);
    await sessions.delete(browser.sessionId);
    browser.clearSessionCookie();
    views.notice(browser, 200, { tone: 'ok', title: 'signout.done.title', body: 'signout.done' }, done);
  }));

  router.get('/lang', (req, res) => {
    const language = req.query.lang;
    if (isLanguage(language)) setCookie(res, signIn.settings.languageCookie, language, { secure: signIn.settings.secure, maxAge: ONE_YEAR });
    const back = req.query.return;
    redirect(res, 303, isLocalPath(back) ? back : signIn.settings.path);
  });

  router.get('/', signOutPage({ tone: 'ok', title: 'status.title', body: 'status.signed_in' }, { tone: 'info', title: 'status.title', body: 'status.signed_out' }));

  const notAllowed: RequestHandler = (req, res) => {
    res.setHeader('Allow', req.path === '/consent' ? 'POST' : req.path === '/lang' ? 'GET' : 'GET, POST');
    views.notice(signIn.browser(req, res), 405, badForm, signIn.settings.path);
  };
  router.all(['/', '/consent', '/logout', '/lang'], notAllowed);
  router.use(((error, req, res, next) => {
    if (res.headersSent) return next(error);
    views.failure(signIn.browser(req, res), error);
  }) as ErrorRequestHandler);
  return router;
}
