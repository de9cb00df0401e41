import { BCRYPT_PATTERN as BCRYPT } from '../core/secrets/bcrypt-pool';

/** Spring's DelegatingPasswordEncoder writes `{id}hash`. */
const DELEGATING_ID = /^\{([^{}]*)\}/;

export type SecretVerdict = { kind: 'hash'; value: string } | { kind: 'plain'; value: string } | { kind: 'refused'; reason: string };

/** Why a value that is neither bcrypt nor prefixed cannot be kept; never echoes the value. */
function unprefixedReason(value: string): string {
  if (/^\$2[aby]\$/.test(value)) return 'a malformed bcrypt hash (expected $2a$/$2b$/$2y$, a two-digit cost and 53 characters)';
  const hex = /^[0-9a-fA-F]+$/.test(value) ? { 32: 'an MD5', 40: 'a SHA-1', 64: 'a SHA-256', 128: 'a SHA-512' }[value.length] : undefined;
  if (hex) return `${hex} hex digest, not a bcrypt hash`;
  if (/^\$(1|5|6|argon2\w*|pbkdf2[-\w]*|scrypt)\$/.test(value)) return `a ${value.split('$')[1]} crypt hash, not a bcrypt hash`;
  return 'not a bcrypt hash ($2a$/$2b$/$2y$) and no {id} prefix';
}

/**
 * A stored password or client secret read the DelegatingPasswordEncoder's way. Only bcrypt can be
 * kept: the gateway verifies bcrypt and nothing else. `{noop}` is a plain secret, accepted only
 * where `allowPlain` (the gateway hashes plain secrets at load).
 */
export function readStoredSecret(raw: string, allowPlain: boolean): SecretVerdict {
  const prefix = DELEGATING_ID.exec(raw);
  const id = prefix?.[1];
  const value = prefix ? raw.slice(prefix[0].length) : raw;
  if (id === 'bcrypt' || id === undefined) {
    if (BCRYPT.test(value)) return { kind: 'hash', value };
    if (id === 'bcrypt') return { kind: 'refused', reason: '{bcrypt} prefix on a value that is not a bcrypt hash' };
    return { kind: 'refused', reason: `${unprefixedReason(value)}: the gateway verifies bcrypt only${allowPlain ? '; a plain secret is written {noop}SECRET' : ''}` };
  }
  if (id === 'noop') {
    if (!allowPlain) return { kind: 'refused', reason: '{noop} (a plain-text password) is not imported: give its bcrypt hash (oauth-dialects hash-secret)' };
    if (value === '') return { kind: 'refused', reason: '{noop} with an empty secret' };
    return { kind: 'plain', value };
  }
  return { kind: 'refused', reason: `{${id}} hashes cannot be kept: the gateway verifies bcrypt only, so the old ${allowPlain ? 'secret' : 'password'} would not work; reset it to a bcrypt hash${allowPlain ? ' or {noop}SECRET' : ''}` };
}
