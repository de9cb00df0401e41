import type { Request, Response } from 'express';
import { constantTimeEqual } from '../../core/crypto/server-secret';
import { SessionStore } from '../../core/signin/sessions';
import { readCookies, setCookie } from './cookies';
import { LANGUAGES, pickLanguage, type Language } from './language';
import type { PageFrame } from './pages/layout';
import { csrfToken } from './signed-form';
import type { SignInSettings } from './settings';

/**
 * One browser request as the sign-in pages see it: its session cookie, the value CSRF tokens
 * are bound to, and its language.
 */
export class Browser {
  readonly language: Language;
  private readonly cookies: Map<string, string>;
  private binding?: string;

  constructor(
    readonly req: Request,
    readonly res: Response,
    private readonly settings: SignInSettings,
    private readonly csrfKey: Buffer,
  ) {
    this.cookies = readCookies(req);
    this.language = pickLanguage(req, this.cookies.get(settings.languageCookie), settings.defaultLanguage);
  }

  /** The session cookie's value, when it is well formed. */
  get sessionId(): string | undefined {
    const value = this.cookies.get(this.settings.cookieName);
    return SessionStore.isWellFormed(value) ? value : undefined;
  }

  /**
   * A CSRF token for a form on this page. A browser without a cookie gets one (not yet a
   * session), so a token is always tied to something only this browser holds.
   */
  csrf(): string {
    if (!this.binding) {
      this.binding = this.sessionId ?? SessionStore.newId();
      if (this.binding !== this.sessionId) this.setSessionCookie(this.binding);
    }
    return csrfToken(this.csrfKey, this.binding);
  }

  /** Checks a posted token against the cookie this request carried (a cross-site POST carries none). */
  csrfValid(token: unknown): boolean {
    const id = this.sessionId;
    return id !== undefined && typeof token === 'string' && constantTimeEqual(csrfToken(this.csrfKey, id), token);
  }

  setSessionCookie(id: string): void {
    setCookie(this.res, this.settings.cookieName, id, { secure: this.settings.secure });
  }

  clearSessionCookie(): void {
    setCookie(this.res, this.settings.cookieName, '', { secure: this.settings.secure, maxAge: 0 });
  }

  /** Layout data; the language links come back to `returnTo`. */
  frame(returnTo: string): PageFrame {
    const base = `${this.settings.path}/lang`;
    return {
      language: this.language,
      brand: this.settings.brand,
      switchLinks: LANGUAGES.map((language) => ({ language, href: `${base}?lang=${encodeURIComponent(language)}&return=${encodeURIComponent(returnTo)}` })),
    };
  }
}
