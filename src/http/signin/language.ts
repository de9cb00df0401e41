import type { Request } from 'express';

export type Language = 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** RFC 9110 §12.5.4 ranges, best first; any `zh*` reads as Simplified Chinese, any `en*` as English. */
export function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return undefined;
}

/** The language cookie (set by the switch link) wins, then Accept-Language, then the default. */
export function pickLanguage(req: Request, cookie: string | undefined, fallback: Language): Language {
  if (isLanguage(cookie)) return cookie;
  return fromAcceptLanguage(req.headers['accept-language']) ?? fallback;
}
