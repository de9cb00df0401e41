export const REDACTED = '[redacted]';

/** Names kept although they contain a secret-bearing word: they carry a kind, not a credential. */
const KEPT = new Set(['tokentype', 'tokentypehint', 'responsetype', 'granttype']);
const SECRET_WORD = /secret|passw|token|verifier|assertion|authorization|credential|captcha|ticket|code$/;

/**
 * Whether a parameter name carries a credential: secrets, passwords, any token, codes and code
 * verifiers (`code`, `authorize_code`, `userCode`), in any case and with `_`/`-` or none.
 * `code_challenge` is a hash and is kept.
 */
export function isSecretName(name: string): boolean {
  const folded = name.toLowerCase().replace(/[-_]/g, '');
  return !KEPT.has(folded) && SECRET_WORD.test(folded);
}

/**
 * A copy of request parameters with every credential replaced by `[redacted]`, nested objects
 * and arrays included; a `{key, value}` pair whose key names a credential has its value replaced.
 */
export function redactParams(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactParams);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const pairKey = (value as { key?: unknown }).key;
  const secretPair = typeof pairKey === 'string' && isSecretName(pairKey);
  const copy: Record<string, unknown> = {};
  for (const [name, inner] of entries) {
    copy[name] = isSecretName(name) || (secretPair && name === 'value') ? REDACTED : redactParams(inner);
  }
  return copy;
}
