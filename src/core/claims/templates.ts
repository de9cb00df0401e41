import type { TokenSubject, User } from '../model';

/**
 * Claim names the gateway or a vendor writes itself (JWT and OIDC registered claims, RFC 9068,
 * Spring's converter, MaxKey's payload `kid`): a claim of one's own may never replace them.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti',
  'azp', 'nonce', 'auth_time', 'at_hash', 'c_hash', 'acr', 'amr', 'sid', 'cnf', 'kid', 'sub_jwk',
  'client_id', 'scope',
  'user_name', 'authorities', 'ati', 'grant_type', 'active',
]);

/** What a placeholder names. */
type Source = { kind: 'username' } | { kind: 'uid' } | { kind: 'roles' } | { kind: 'client_id' } | { kind: 'attribute'; name: string };

/** One claim of one's own: a static value, or a template read at each issuance. */
export type ClaimRule =
  | { name: string; value: unknown }
  | { name: string; whole: Source }
  | { name: string; parts: Array<string | Source> };

/** What a template may read. */
export interface ClaimFacts {
  clientId: string;
  subject: TokenSubject;
  user?: User;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function sourceOf(path: string): Source | undefined {
  if (path === 'user.username') return { kind: 'username' };
  if (path === 'user.uid') return { kind: 'uid' };
  if (path === 'user.roles') return { kind: 'roles' };
  if (path === 'client.client_id') return { kind: 'client_id' };
  const attribute = /^user\.attributes\.(.+)$/.exec(path);
  return attribute ? { kind: 'attribute', name: attribute[1] } : undefined;
}

/**
 * Compiles `{name: value}`; a top-level string holding `{{…}}` is a template. Problems are
 * returned by claim name, for the caller to report with its own path.
 */
export function compileClaims(claims: Readonly<Record<string, unknown>>): { rules: ClaimRule[]; problems: Array<{ name: string; message: string }> } {
  const rules: ClaimRule[] = [];
  const problems: Array<{ name: string; message: string }> = [];
  for (const [name, value] of Object.entries(claims)) {
    if (RESERVED_CLAIMS.has(name)) {
      problems.push({ name, message: `"${name}" is a claim the gateway or the vendor writes itself; a claim of your own may not replace it` });
      continue;
    }
    if (typeof value !== 'string' || !value.includes('{{')) {
      rules.push({ name, value });
      continue;
    }
    const parts: Array<string | Source> = [];
    let last = 0;
    let bad: string | undefined;
    for (const match of value.matchAll(PLACEHOLDER)) {
      const source = sourceOf(match[1]);
      if (!source) bad ??= `unknown placeholder {{${match[1]}}}: use user.username, user.uid, user.roles, user.attributes.<name> or client.client_id`;
      if (match.index > last) parts.push(value.slice(last, match.index));
      if (source) parts.push(source);
      last = match.index + match[0].length;
    }
    if (last < value.length) parts.push(value.slice(last));
    if (!bad && parts.some((p) => typeof p === 'string' && (p.includes('{{') || p.includes('}}')))) bad = 'unbalanced {{ or }} in the template';
    if (bad) problems.push({ name, message: bad });
    else if (parts.length === 1 && typeof parts[0] !== 'string') rules.push({ name, whole: parts[0] });
    else rules.push({ name, parts });
  }
  return { rules, problems };
}

/** A placeholder's value, or undefined when what it names is missing. */
function read(source: Source, facts: ClaimFacts): unknown {
  switch (source.kind) {
    case 'client_id':
      return facts.clientId;
    case 'username':
      return facts.user?.username ?? facts.subject.username;
    case 'uid':
      return facts.user?.uid;
    case 'roles':
      return facts.user?.roles;
    case 'attribute':
      return facts.user?.attributes[source.name];
  }
}

/** Writes `rules` into `into` (a later rule of the same name replaces the earlier value); a template naming anything missing is left out. */
export function renderClaims(rules: readonly ClaimRule[], facts: ClaimFacts, into: Record<string, unknown>): void {
  for (const rule of rules) {
    if ('value' in rule) {
      into[rule.name] = rule.value;
    } else if ('whole' in rule) {
      const value = read(rule.whole, facts);
      if (value !== undefined) into[rule.name] = value;
    } else {
      let text = '';
      let missing = false;
      for (const part of rule.parts) {
        const value = typeof part === 'string' ? part : read(part, facts);
        if (value === undefined) missing = true;
        else text += Array.isArray(value) ? value.join(' ') : String(value);
      }
      if (!missing) into[rule.name] = text;
    }
  }
}
