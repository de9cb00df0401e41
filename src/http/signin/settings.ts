import type { RawSignIn } from '../../config/types';
import type { LockoutRules } from '../../core/lockout/lockout';
import { lockoutRules } from '../../core/lockout/rules';
import type { Language } from './language';

export interface SignInSettings {
  /** Mount point of the shared routes (form target, consent, sign-out, language). */
  path: string;
  sessionTtl: number;
  cookieName: string;
  languageCookie: string;
  /** Cookies carry `Secure` when the issuer is https. */
  secure: boolean;
  defaultLanguage: Language;
  brand?: string;
  lockout: LockoutRules;
  /** How long a rendered form stays valid. */
  formTtl: number;
}

export function signInSettings(raw: RawSignIn | undefined, issuer: string): SignInSettings {
  const secure = issuer.startsWith('https:');
  const name = raw?.cookie_name ?? 'oauthd_session';
  return {
    path: raw?.path ?? '/signin',
    sessionTtl: raw?.session_ttl ?? 28800,
    // `__Host-`: the browser accepts it only when Secure, on Path=/ and without Domain.
    cookieName: secure ? `__Host-${name}` : name,
    languageCookie: 'oauthd_lang',
    secure,
    defaultLanguage: raw?.default_language ?? 'en',
    brand: raw?.brand,
    lockout: lockoutRules(raw?.lockout),
    formTtl: 1800,
  };
}
