import { html, type SafeHtml } from '../html';
import { message, type MessageKey } from '../messages';
import { layout, type PageFrame } from './layout';

export interface NoticeView {
  frame: PageFrame;
  tone: 'error' | 'ok' | 'info';
  title: MessageKey;
  body: MessageKey;
  values?: Record<string, string | number>;
  /** The request id, so a user can quote it to support. */
  reference?: string;
  /** A one-button form (sign-out). */
  form?: { action: string; csrf: string; submit: MessageKey };
}

const ICONS = { error: '!', ok: '✓', info: 'i' } as const;

/** Error pages, the sign-out pages and the account status page. */
export function noticePage(view: NoticeView): SafeHtml {
  const t = (key: MessageKey) => message(view.frame.language, key, view.values);
  return layout(
    view.frame,
    t(view.title),
    html`<div class="icon${view.tone === 'error' ? '' : ' ok'}" aria-hidden="true">${ICONS[view.tone]}</div>
<h1>${t(view.title)}</h1>
<p class="sub">${t(view.body)}</p>
${view.form ? html`<form method="post" action="${view.form.action}"><input type="hidden" name="csrf" value="${view.form.csrf}"><button class="btn" type="submit">${t(view.form.submit)}</button></form>` : ''}
${view.reference ? html`<p class="ref">${message(view.frame.language, 'page.reference', { id: view.reference })}</p>` : ''}`,
  );
}
