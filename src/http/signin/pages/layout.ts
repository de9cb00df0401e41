import { html, SafeHtml } from '../html';
import type { Language } from '../language';
import { LANGUAGE_NAMES, message } from '../messages';

/** What every page needs besides its own content. */
export interface PageFrame {
  language: Language;
  brand?: string;
  /** Link per language to switch to it (the current one is shown, not linked). */
  switchLinks: Array<{ language: Language; href: string }>;
}

const STYLE = `
:root{--accent:#2563eb;--accent-dark:#1d4ed8;--text:#0f172a;--muted:#64748b;--line:#e2e8f0;--danger:#b91c1c}
*{box-sizing:border-box}
html,body{margin:0}
body{min-height:100vh;display:flex;align-items:center;justify-content:center;padding:24px 16px;color:var(--text);
font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;
background:radial-gradient(1200px 600px at 10% -10%,#e0e7ff 0,transparent 60%) no-repeat,radial-gradient(900px 500px at 110% 110%,#cffafe 0,transparent 55%) no-repeat,#f1f5f9}
.shell{width:100%;max-width:400px}
.brand{display:flex;align-items:center;justify-content:center;gap:10px;margin-bottom:22px;font-weight:600;color:#334155;letter-spacing:.01em}
.mark{width:34px;height:34px;border-radius:10px;display:grid;place-items:center;background:linear-gradient(135deg,#2563eb,#7c3aed);box-shadow:0 6px 16px rgba(37,99,235,.3)}
.card{background:#fff;border:1px solid var(--line);border-radius:16px;padding:32px 32px 28px;box-shadow:0 1px 2px rgba(15,23,42,.04),0 16px 40px rgba(15,23,42,.08)}
h1{margin:0 0 4px;font-size:22px;font-weight:650;letter-spacing:-.01em}
.sub{margin:0 0 24px;color:var(--muted)}
.sub strong{color:var(--text);font-weight:600}
.field{margin-bottom:16px}
label{display:block;margin:0 0 6px;font-size:13px;font-weight:600;color:#334155}
input[type=text],input[type=password]{width:100%;height:44px;padding:0 14px;border:1px solid #cbd5e1;border-radius:10px;font:inherit;color:var(--text);background:#fff;transition:border-color .15s,box-shadow .15s}
input:focus{outline:none;border-color:var(--accent);box-shadow:0 0 0 4px rgba(37,99,235,.15)}
.btn{display:block;width:100%;height:44px;margin-top:8px;border:0;border-radius:10px;font:inherit;font-weight:600;color:#fff;background:var(--accent);cursor:pointer;transition:background .15s}
.btn:hover{background:var(--accent-dark)}
.btn:focus-visible{outline:3px solid rgba(37,99,235,.35);outline-offset:2px}
.btn.secondary{color:var(--text);background:#fff;border:1px solid #cbd5e1}
.btn.secondary:hover{background:#f8fafc}
.actions{display:flex;gap:12px}.actions .btn{margin-top:0}
.alert{margin:0 0 18px;padding:10px 12px;border:1px solid #fecaca;border-radius:10px;background:#fef2f2;color:var(--danger);font-size:14px}
.notice{margin:20px 0 0;font-size:12.5px;color:var(--muted);text-align:center}
.who{display:flex;align-items:center;gap:10px;margin:0 0 18px;padding:10px 12px;border-radius:10px;background:#f8fafc;font-size:14px}
.avatar{flex:none;width:28px;height:28px;border-radius:50%;display:grid;place-items:center;background:#dbeafe;color:#1d4ed8;font-weight:700;font-size:13px}
.who a,.who button{margin-left:auto}
.link{padding:0;border:0;background:none;font:inherit;color:var(--accent);cursor:pointer;text-decoration:none}
.link:hover{text-decoration:underline}
.scopes{margin:8px 0 22px;padding:0;list-style:none;border:1px solid var(--line);border-radius:12px}
.scopes li{display:flex;align-items:center;gap:10px;padding:10px 14px;border-top:1px solid var(--line)}
.scopes li:first-child{border-top:0}
.scopes li::before{content:"";flex:none;width:7px;height:7px;border-radius:50%;background:var(--accent)}
.icon{width:44px;height:44px;margin-bottom:14px;border-radius:12px;display:grid;place-items:center;font-size:22px;font-weight:700;background:#fef2f2;color:#dc2626}
.icon.ok{background:#ecfdf5;color:#059669}
.ref{margin:16px 0 0;font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--muted)}
footer{display:flex;justify-content:space-between;align-items:center;margin-top:18px;padding:0 4px;font-size:13px;color:var(--muted)}
footer a{color:var(--muted);text-decoration:none}
footer a:hover{color:var(--accent)}
.lang>*{margin-left:12px}
.lang .current{color:var(--text);font-weight:600}
@media (max-width:440px){.card{padding:24px 20px}}
`;

/** A fixed style sheet with no data in it. */
const STYLE_SHEET = new SafeHtml(STYLE);

const MARK = html`<span class="mark" aria-hidden="true"><svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><rect x="4" y="10" width="16" height="11" rx="2.5"/><path d="M8 10V7a4 4 0 0 1 8 0v3"/></svg></span>`;

export function layout(frame: PageFrame, title: string, content: SafeHtml): SafeHtml {
  const brand = frame.brand ?? message(frame.language, 'brand');
  const languages = frame.switchLinks.map(({ language, href }) =>
    language === frame.language
      ? html`<span class="current" lang="${language}">${LANGUAGE_NAMES[language]}</span>`
      : html`<a href="${href}" lang="${language}" hreflang="${language}">${LANGUAGE_NAMES[language]}</a>`,
  );
  return html`<!doctype html>
<html lang="${frame.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<title>${title} · ${brand}</title>
<style>${STYLE_SHEET}</style>
</head>
<body>
<main class="shell">
<div class="brand">${MARK}<span>${brand}</span></div>
<section class="card">
${content}
</section>
<footer><span>${message(frame.language, 'footer.secure')}</span><nav class="lang">${languages}</nav></footer>
</main>
</body>
</html>
`;
}
