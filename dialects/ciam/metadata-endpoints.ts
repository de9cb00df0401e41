import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../kit';
import type { CiamSettings } from './config';
import { CIAM_PATHS } from './paths';

/** `kty, e, kid, n` only, in that order (CIAM doc 1441/64397): no `use`, no `alg`. */
export function jwksEndpoint(context: DialectContext): RequestHandler {
  return (_req, res) => {
    const keys = context.engine.keys.jwks().keys.map((key) => ({ kty: key.kty, e: key.e, kid: key.kid, n: key.n }));
    send(res, { status: 200, body: { keys } });
  };
}

/**
 * The SAS 0.2.0 provider metadata, field for field and in its order: no userinfo, revocation
 * or end-session endpoint and no PKCE methods, and `password` is not listed. `discovery_extra_fields`
 * appends what the vendor leaves out, for OIDC libraries that need it.
 */
export function discoveryDocument(settings: CiamSettings): Record<string, unknown> {
  const at = (path: string) => `${settings.endpointBase}${path}`;
  return {
    issuer: settings.issuer,
    authorization_endpoint: at(CIAM_PATHS.authorize),
    token_endpoint: at(CIAM_PATHS.token),
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    jwks_uri: at(CIAM_PATHS.jwks),
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid'],
    ...(settings.discoveryExtraFields
      ? {
          userinfo_endpoint: at(CIAM_PATHS.userinfo),
          revocation_endpoint: at(CIAM_PATHS.revoke),
          code_challenge_methods_supported: ['S256'],
        }
      : {}),
  };
}

export function discoveryEndpoint(settings: CiamSettings): RequestHandler {
  const document = discoveryDocument(settings);
  return (_req, res) => {
    send(res, { status: 200, body: document });
  };
}
