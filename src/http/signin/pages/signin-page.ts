import type { UserIdentifier } from '../../../core/directory';
import { html, type SafeHtml } from '../html';
import { capitalised, identifierLabel, message, type MessageKey } from '../messages';
import { layout, type PageFrame } from './layout';

export interface SignInView {
  frame: PageFrame;
  /** Where the form posts (the shared sign-in path). */
  action: string;
  clientName: string;
  identifiers: readonly UserIdentifier[];
  csrf: string;
  /** The signed description of the authorization request being served. */
  flow: string;
  username?: string;
  error?: { key: MessageKey; values?: Record<string, string | number> };
}

export function signInPage(view: SignInView): SafeHtml {
  const t = (key: MessageKey, values?: Record<string, string | number>) => message(view.frame.language, key, values);
  const identifiers = identifierLabel(view.frame.language, view.identifiers);
  const title = t('signin.title');
  const [before, after] = t('signin.subtitle').split('{client}');
  return layout(
    view.frame,
    title,
    html`<h1>${title}</h1>
<p class="sub">${before}<strong>${view.clientName}</strong>${after}</p>
${view.error ? html`<div class="alert" role="alert">${t(view.error.key, view.error.values)}</div>` : ''}
<form method="post" action="${view.action}" autocomplete="on" novalidate>
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="flow" value="${view.flow}">
<div class="field">
<label for="username">${view.frame.language === 'en' ? capitalised(identifiers) : identifiers}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required ${view.username ? '' : 'autofocus'} value="${view.username ?? ''}">
</div>
<div class="field">
<label for="password">${t('signin.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required ${view.username ? 'autofocus' : ''}>
</div>
<button class="btn" type="submit">${t('signin.submit')}</button>
</form>
<p class="notice">${t('signin.notice', { client: view.clientName })}</p>`,
  );
}
