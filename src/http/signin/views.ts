import type { Request } from 'express';
import type { UserIdentifier } from '../../core/directory';
import type { Client, User } from '../../core/model';
import { isCoreError } from '../../core/errors';
import type { Browser } from './browser';
import { sendPage } from './html';
import type { MessageKey } from './messages';
import { consentPage } from './pages/consent-page';
import { noticePage, type NoticeView } from './pages/notice-page';
import { signInPage } from './pages/signin-page';
import type { FormSigner } from './signed-form';
import type { SignInSettings } from './settings';

type Values = Record<string, string | number>;

/** Renders the sign-in pages for one request. */
export class Views {
  constructor(
    private readonly settings: SignInSettings,
    private readonly signer: FormSigner,
  ) {}

  signIn(
    browser: Browser,
    status: number,
    form: { returnTo: string; client: Client; identifiers: readonly UserIdentifier[]; username?: string; error?: MessageKey; values?: Values },
    headers: Record<string, string> = {},
  ): void {
    const flow = this.signer.sign({ kind: 'signin', returnTo: form.returnTo, clientId: form.client.clientId, identifiers: [...form.identifiers] });
    const page = signInPage({
      frame: browser.frame(form.returnTo),
      action: this.settings.path,
      clientName: form.client.name,
      identifiers: form.identifiers,
      csrf: browser.csrf(),
      flow,
      username: form.username,
      error: form.error ? { key: form.error, values: form.values } : undefined,
    });
    sendPage(browser.res, status, page, headers);
  }

  consent(browser: Browser, form: { returnTo: string; client: Client; user: User; scope: string[] }): void {
    const page = consentPage({
      frame: browser.frame(form.returnTo),
      action: `${this.settings.path}/consent`,
      signOutAction: `${this.settings.path}/logout`,
      clientName: form.client.name,
      username: form.user.attributes.name ?? form.user.username,
      scope: form.scope,
      csrf: browser.csrf(),
      flow: this.signer.sign({ kind: 'consent', returnTo: form.returnTo, clientId: form.client.clientId, scope: form.scope }),
    });
    sendPage(browser.res, 200, page);
  }

  notice(browser: Browser, status: number, view: Omit<NoticeView, 'frame'>, returnTo = browser.req.originalUrl): void {
    sendPage(browser.res, status, noticePage({ frame: browser.frame(returnTo), ...view }));
  }

  /** An error page for a request that could not be served; nothing of the cause is shown. */
  failure(browser: Browser, error: unknown): void {
    const req = browser.req as Request & { id?: unknown };
    const reference = typeof req.id === 'string' ? req.id : undefined;
    const type = (error as { type?: string } | undefined)?.type;
    if (isCoreError(error) && error.code === 'server_unavailable') {
      req.log?.warn({ cause: (error.cause as Error | undefined)?.message }, 'token store unavailable');
      return this.notice(browser, 503, { tone: 'error', title: 'page.unavailable.title', body: 'page.unavailable', reference }, this.settings.path);
    }
    if (type === 'entity.too.large') {
      return this.notice(browser, 413, { tone: 'error', title: 'page.bad_form.title', body: 'page.bad_form', reference }, this.settings.path);
    }
    if (typeof type === 'string' || (isCoreError(error) && error.code !== 'server_error')) {
      return this.notice(browser, 400, { tone: 'error', title: 'page.bad_form.title', body: 'page.bad_form', reference }, this.settings.path);
    }
    req.log?.error({ err: error }, 'sign-in failure');
    this.notice(browser, 500, { tone: 'error', title: 'page.server_error.title', body: 'page.server_error', reference }, this.settings.path);
  }
}
