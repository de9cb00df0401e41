/**
 * The core's public surface: what a dialect (or an embedding application) may import.
 * Everything else under src/core is the engine's own business and may change freely.
 */
export { CoreError, isCoreError, type CoreErrorCode, type CoreErrorReason, type CoreErrorOptions } from './errors';
export type { TokenKind, SubjectType, UserStatus, Client, User, TokenSubject, Impersonation, TokenRecord, GrantFilter, Page, GrantPage } from './model';
export type { TokenEngine } from './engine';
export type { ExternalToken, TokenFallback, RelayedAnswer, RefreshRedemption } from './fallback';
export { isExternalRecord } from './fallback';
export { DEFAULT_POLICY, policyWith, type TokenPolicy } from './policy';
export type { TokenRequest, TokenResult, GrantHandler } from './grants/types';
export type { GrantDraft, IssuedToken } from './token-minter';
export { parseScope, grantScope } from './scope';
export { looksLikeJwt, type KeyRing, type Jwk } from './keys/key-ring';
export { isJwtSpec, type FormatSpec, type ValueFormatSpec, type JwtFormatSpec, type JwtClaimsInput, type MintContext, type Draw, type TokenFormat } from './formats/format';
export { randomSlice } from './formats/random-formats';
export type { Directory, UserIdentifier } from './directory';
export type { ClientAuthMethod, ClientCredentials } from './client-auth';
export type { ListedToken, ListedGrant, GrantListing } from './listing';
export type { CoreEvents, CoreEventName } from './events';
export type { RequestOrigin } from './lockout/guard';
export { compileClaims, RESERVED_CLAIMS, type ClaimRule } from './claims/templates';
export type { ClaimsSource, Issuance, IssuanceClaims } from './claims/issuance';
