/**
 * What the standard dialect fixes, as data. There is one variant, plain RFC 6749; a second
 * (a stricter or a laxer reading of the RFCs) would be another row here, not a branch in the code.
 */
import { type ClientAuthRules, type ParamSources, RFC_CLIENT_AUTH } from '../kit';
import type { UserIdentifier } from '../../src/core';

export interface StandardProfile {
  name: 'rfc6749';
  /** Where token, introspection and revocation parameters come from. */
  params: ParamSources;
  /** How a client authenticates at those endpoints. */
  clientAuth: ClientAuthRules;
  /** What a `dialects.standard` section may leave out. */
  defaults: {
    accessTokenTtl: number;
    refreshTokenTtl: number;
    refreshRotation: 'rotate' | 'reuse';
  };
  /** What the password grant and the sign-in form accept as a user's name. */
  userIdentifiers: readonly UserIdentifier[];
}

const RFC6749: StandardProfile = {
  name: 'rfc6749',
  // The form body only; a parameter sent twice is an error (RFC 6749 §3.1, §3.2).
  params: { form: true, repeated: 'error' },
  // HTTP Basic or client_id + client_secret in the form, never both (RFC 6749 §2.3.1).
  clientAuth: RFC_CLIENT_AUTH,
  defaults: { accessTokenTtl: 3600, refreshTokenTtl: 86400, refreshRotation: 'rotate' },
  userIdentifiers: ['username', 'email', 'phone_number'],
};

export const PROFILES: Record<StandardProfile['name'], StandardProfile> = { rfc6749: RFC6749 };
export const DEFAULT_PROFILE: StandardProfile['name'] = 'rfc6749';
