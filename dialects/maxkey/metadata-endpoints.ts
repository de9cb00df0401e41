import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../kit';
import type { MaxkeySettings } from './config';
import { servletParams } from './params';
import { MAXKEY_PATHS } from './paths';

/** The MaxKey version `OauthJwksEndpoint` prints after an unknown client id. */
const MAXKEY_VERSION = '4.1.12';

/**
 * `{"keys":[…]}`. MaxKey serves each app's own keys; the gateway has one key ring, so every
 * known `client_id` (or none) gets the same set. An unknown one gets MaxKey's plain-text notice.
 */
export function jwksEndpoint(context: DialectContext): RequestHandler {
  return (req, res) => {
    const clientId = servletParams(req).client_id;
    if (clientId !== undefined && clientId !== '' && !context.engine.directory.client(clientId)) {
      return send(res, { status: 200, text: { contentType: 'text/plain', content: `${clientId} not exist . \n${MAXKEY_VERSION}` } });
    }
    const keys = context.engine.keys.jwks().keys.map((key) => ({ kty: key.kty, e: key.e, use: key.use, kid: key.kid, alg: key.alg, n: key.n }));
    send(res, { status: 200, body: { keys } });
  };
}

/** `OpenidConfigurationEndpoint` without a client: the server-wide document (`issuer` = `<base>/maxkey`). */
export function discoveryDocument(settings: MaxkeySettings): Record<string, unknown> {
  const at = (path: string) => `${settings.endpointBase}${path}`;
  return {
    issuer: settings.issuer,
    authorization_endpoint: at(MAXKEY_PATHS.authorize),
    token_endpoint: at(MAXKEY_PATHS.token),
    introspection_endpoint: at(MAXKEY_PATHS.introspect),
    introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
    userinfo_endpoint: at(MAXKEY_PATHS.userinfo),
    jwks_uri: at(MAXKEY_PATHS.jwks),
    request_parameter_supported: true,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile', 'phone'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256', 'plain'],
    claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'institution', 'online_ticket', 'userId', 'user', 'name', 'preferred_username', 'nickname', 'displayName', 'departmentId', 'department', 'gender', 'zoneinfo', 'locale', 'birthdate', 'email', 'email_verified', 'phone_number', 'phone_number_verified'],
  };
}

export function discoveryEndpoint(settings: MaxkeySettings): RequestHandler {
  const document = discoveryDocument(settings);
  return (_req, res) => {
    send(res, { status: 200, body: document });
  };
}
