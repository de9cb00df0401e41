import { createHmac } from 'node:crypto';
import type { UserIdentifier } from '../../core/directory';
import { constantTimeEqual } from '../../core/crypto/server-secret';

/** The authorization request a sign-in form serves: where to go back to, for whom, which identifiers count. */
export interface SignInForm {
  kind: 'signin';
  returnTo: string;
  clientId: string;
  identifiers: UserIdentifier[];
}

export interface ConsentForm {
  kind: 'consent';
  returnTo: string;
  clientId: string;
  scope: string[];
}

export type FormState = SignInForm | ConsentForm;

/**
 * The form's hidden `flow` field: its state, an expiry and an HMAC, so the form carries what
 * the next step needs without a store write per page view, and no field can be altered.
 */
export class FormSigner {
  constructor(
    private readonly key: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  sign(state: FormState): string {
    const body = Buffer.from(JSON.stringify({ ...state, exp: this.now() + this.ttlSeconds })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify<K extends FormState['kind']>(value: unknown, kind: K): Extract<FormState, { kind: K }> | undefined {
    if (typeof value !== 'string' || value.length > 16384) return undefined;
    const dot = value.indexOf('.');
    if (dot < 0 || !constantTimeEqual(this.mac(value.slice(0, dot)), value.slice(dot + 1))) return undefined;
    try {
      const state = JSON.parse(Buffer.from(value.slice(0, dot), 'base64url').toString('utf8')) as FormState & { exp: number };
      if (state.kind !== kind || !(state.exp > this.now())) return undefined;
      return state as unknown as Extract<FormState, { kind: K }>;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** CSRF token: an HMAC of the browser's cookie value, so only a page served to that browser has it. */
export function csrfToken(key: Buffer, binding: string): string {
  return createHmac('sha256', key).update(`csrf:${binding}`).digest('base64url');
}

const LOCAL_PATH = /^\/(?![/\\])[\x21-\x7e]{0,4095}$/;

/** A path on this server: no scheme, no `//host`, no backslash a browser would read as a slash. */
export function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && LOCAL_PATH.test(value) && !value.includes('\\');
}
