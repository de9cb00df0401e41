import type { TokenKind } from '../model';

/** How a token string looks. A dialect picks one spec per token kind; the engine mints it. */
export type FormatSpec =
  | { type: 'opaque'; length?: number }
  | { type: 'cas-ticket'; suffix?: string }
  | { type: 'uuid' }
  | { type: 'uuid-v1-hex' }
  | JwtFormatSpec;

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
}

export interface JwtFormatSpec {
  type: 'jwt';
  alg: 'HS256' | 'RS256';
  /** For HS256: the shared key; for RS256: the kid to sign with (the ring's current key when absent). */
  key?: string;
  /** How the `jti` looks (it is what the store records). */
  jti: Exclude<FormatSpec, JwtFormatSpec>;
  /** The claims in wire order: key order is part of a dialect's contract. */
  claims: (input: JwtClaimsInput) => Record<string, unknown>;
  /** The whole JOSE header in wire order (`alg` is forced to the spec's; CIAM puts `kid` first). Default `{alg, typ:"JWT"}`. */
  header?: (kid: string | undefined) => Record<string, unknown>;
}

export interface MintContext {
  kind: TokenKind;
  /** The next value of a named counter (reserved in blocks per process). */
  nextSequence(name: string): Promise<number>;
  /**
   * A value reserved for the refresh token of the same response by the access token's
   * format (uuid-v1-hex reserves the generator's next UUID).
   */
  reservedRefreshToken?: string;
}

/**
 * Draws values of one format for one token, as often as the minter asks: a grant's later
 * tokens are drawn until one falls in the grant's storage bucket. `companion` is a value the
 * draw reserved for the refresh token of the same response, which must fall there too.
 */
export type Draw = () => { value: string; companion?: string };

export const TICKET_PREFIX: Record<TokenKind, string> = {
  access_token: 'AT',
  refresh_token: 'RT',
  authorization_code: 'OC',
};
