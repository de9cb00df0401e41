import type { TokenKind } from '../model';

/**
 * How a token string looks. A dialect picks one spec per token kind; the engine mints it.
 * `opaque`, `uuid` and `jwt` are built in; any other `type` names a format the dialect
 * registered (`engine.registerFormat`), with its own options beside `type`.
 */
export type FormatSpec = ValueFormatSpec | JwtFormatSpec;

/** A format whose value is the token itself (not a signed JWT). */
export interface ValueFormatSpec {
  type: string;
  /** `opaque`: characters of base64url (default 43 = 256 bits). */
  length?: number;
  /** A registered format's own options. */
  [option: string]: unknown;
}

export interface JwtClaimsInput {
  kind: TokenKind;
  jti: string;
  issuer: string;
  clientId: string;
  subject: { type: 'user' | 'client'; id: string; username?: string };
  roles: string[];
  scope: string[];
  issuedAt: number;
  expiresAt: number;
  /** For a refresh token: the jti of the access token minted with it (Spring's `ati`). */
  accessTokenJti?: string;
  extra: Record<string, unknown>;
  /** Claims of one's own (the client's, then per call): written after, or among, the dialect's own, never over them. */
  custom?: Readonly<Record<string, unknown>>;
}

export interface JwtFormatSpec {
  type: 'jwt';
  alg: 'HS256' | 'RS256';
  /** For HS256: the shared key; for RS256: the kid to sign with (the ring's current key when absent). */
  key?: string;
  /** How the `jti` looks (it is what the store records). */
  jti: ValueFormatSpec;
  /** The claims in wire order: key order is part of a dialect's contract. */
  claims: (input: JwtClaimsInput) => Record<string, unknown>;
  /** The whole JOSE header in wire order (`alg` is forced to the spec's; CIAM puts `kid` first). Default `{alg, typ:"JWT"}`. */
  header?: (kid: string | undefined) => Record<string, unknown>;
}

export function isJwtSpec(spec: FormatSpec): spec is JwtFormatSpec {
  return spec.type === 'jwt';
}

/**
 * What a format may use while minting one response. The same object is handed to every
 * token of the response in turn (access token, then refresh token), so a format may key its
 * own state on it (a format that pairs its tokens remembers the pair here).
 */
export interface MintContext {
  kind: TokenKind;
  /** The next value of a named counter (reserved in blocks per process: one store round trip a block). */
  nextSequence(name: string): Promise<number>;
}

/**
 * One candidate value. The minter asks again until a value falls in its grant's storage
 * bucket, so a draw must vary (about 64 calls for a later token of a grant on Redis).
 */
export type Draw = () => string;

/** A token format a dialect can register: how its values are drawn. */
export interface TokenFormat {
  /** The `type` a policy's `FormatSpec` names it by. */
  readonly type: string;
  /** Readies the draws of one token; may reserve something once (a counter value) before drawing. */
  prepare(spec: ValueFormatSpec, context: MintContext): Draw | Promise<Draw>;
}
