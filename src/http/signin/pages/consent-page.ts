import { html, type SafeHtml } from '../html';
import { message, scopeDescription, type MessageKey } from '../messages';
import { layout, type PageFrame } from './layout';

export interface ConsentView {
  frame: PageFrame;
  action: string;
  signOutAction: string;
  clientName: string;
  username: string;
  scope: string[];
  csrf: string;
  flow: string;
}

export function consentPage(view: ConsentView): SafeHtml {
  const t = (key: MessageKey, values?: Record<string, string | number>) => message(view.frame.language, key, values);
  const lines = view.scope.length > 0 ? view.scope.map((s) => scopeDescription(view.frame.language, s)) : [t('consent.basic')];
  return layout(
    view.frame,
    t('consent.title'),
    html`<h1>${t('consent.heading', { client: view.clientName })}</h1>
<p class="sub">${t('consent.scopes')}</p>
<ul class="scopes">${lines.map((line) => html`<li>${line}</li>`)}</ul>
<div class="who"><span class="avatar" aria-hidden="true">${view.username.charAt(0).toUpperCase()}</span><span>${t('consent.signed_in_as', { user: view.username })}</span>
<form method="post" action="${view.signOutAction}"><input type="hidden" name="csrf" value="${view.csrf}"><button class="link" type="submit">${t('consent.not_you')}</button></form></div>
<form method="post" action="${view.action}">
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="flow" value="${view.flow}">
<div class="actions">
<button class="btn secondary" type="submit" name="decision" value="deny">${t('consent.deny')}</button>
<button class="btn" type="submit" name="decision" value="allow" autofocus>${t('consent.allow')}</button>
</div>
</form>`,
  );
}
