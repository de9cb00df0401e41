import { basicAuth, type Check, type ContractRequest, type ContractScript, type Expectation, type ScriptOptions, grantSequence } from '../kit';

const NO_STORE = { 'cache-control': 'no-store' };
const TOKEN_ORDER = ['access_token', 'refresh_token', 'scope', 'id_token', 'token_type', 'expires_in'];
const HEADER_ORDER = ['kid', 'typ', 'alg'];
const ACCESS_CLAIM_ORDER = ['sub', 'aud', 'nbf', 'scope', 'iss', 'exp', 'iat', 'jti'];
const ID_CLAIM_ORDER = ['sub', 'aud', 'azp', 'iss', 'exp', 'iat', 'nonce', 'jti'];
const TOKEN_ERROR_URI = 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.2';
const bearerChallenge = (error: string) => new RegExp(`^Bearer error="${error}", error_description="[^"]+", error_uri="https://tools\\.ietf\\.org/html/rfc6750#section-3\\.1"$`);

/** Tencent CIAM (Spring Authorization Server 0.2): `/oauth2/token`, `/oauth2/revoke`, `/userinfo`, JWKS and discovery at the tenant's root. */
function checks(o: ScriptOptions): Check[] {
  const authSource = o.params.auth_source_id;
  const token = (form: Record<string, string>, authorization = basicAuth(o.clientId, o.clientSecret)): ContractRequest => ({
    method: 'POST',
    path: '/oauth2/token',
    headers: { authorization },
    form,
  });
  const password = (user: string, secret: string, source = authSource) => ({ grant_type: 'password', username: user, password: secret, auth_source_id: source, scope: 'openid' });
  const tokenOk: Expectation = {
    status: 200,
    headers: NO_STORE,
    schema: 'token.response',
    keyOrder: TOKEN_ORDER,
    values: { '/token_type': 'Bearer' },
    jwts: {
      '/access_token': { header: 'jwt.header', headerOrder: HEADER_ORDER, claims: 'access-token.claims', claimOrder: ACCESS_CLAIM_ORDER },
      '/id_token': { header: 'jwt.header', headerOrder: HEADER_ORDER, claims: 'id-token.claims', claimOrder: ID_CLAIM_ORDER },
    },
  };
  const oauthError = (status: number, values: Record<string, unknown>): Expectation => ({ status, schema: 'error.response', values });
  const parameterError = (error: string, parameter: string) =>
    oauthError(400, { '/error': error, '/error_description': `OAuth 2.0 Parameter: ${parameter}`, '/error_uri': TOKEN_ERROR_URI });
  const userinfo = (accessToken?: string): ContractRequest => ({
    method: 'GET',
    path: '/userinfo',
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });
  const userinfoRefused = (status: number, error: string): Expectation => ({ status, headers: { 'www-authenticate': bearerChallenge(error) }, emptyBody: true });
  return [
    ...grantSequence(o, {
      token,
      ok: tokenOk,
      passwordFields: { auth_source_id: authSource, scope: 'openid' },
      clientFields: o.params.client_scope ? { scope: o.params.client_scope } : {},
      clientOk: { ...tokenOk, values: { ...tokenOk.values, '/refresh_token': undefined, '/id_token': undefined } },
    }),
    {
      name: 'userinfo of the access token',
      request: (c) => userinfo(c.access_token),
      expect: { status: 200, schema: 'userinfo.response' },
    },
    {
      name: 'revoke the access token',
      request: (c) => ({ method: 'POST', path: '/oauth2/revoke', headers: { authorization: basicAuth(o.clientId, o.clientSecret) }, form: { token: c.access_token, token_type_hint: 'access_token' } }),
      expect: { status: 200, emptyBody: true },
    },
    { name: 'userinfo of a revoked token', request: (c) => userinfo(c.access_token), expect: userinfoRefused(401, 'invalid_token') },
    { name: 'userinfo without a token', request: userinfo(), expect: userinfoRefused(400, 'invalid_request') },
    { name: 'JWKS', request: { method: 'GET', path: '/oauth2/jwks' }, expect: { status: 200, schema: 'jwks.response' } },
    { name: 'discovery document', request: { method: 'GET', path: '/.well-known/openid-configuration' }, expect: { status: 200, schema: 'discovery.response' } },
    {
      name: 'wrong client secret',
      request: token({ grant_type: 'client_credentials' }, basicAuth(o.clientId, `${o.clientSecret}-wrong`)),
      expect: oauthError(401, { '/error': 'invalid_client' }),
    },
    {
      name: 'wrong password',
      request: token(password(o.username, `${o.password}-wrong`)),
      expect: oauthError(400, { '/error': 'invalid_grant', '/error_description': 'Wrong username or password' }),
    },
    {
      name: 'auth source not associated with the application',
      request: token(password(o.username, o.password, `${authSource}-unknown`)),
      expect: oauthError(400, { '/error': 'invalid_auth_source', '/error_description': 'Auth source and application not associated' }),
    },
    { name: 'missing auth_source_id', request: token({ grant_type: 'password', username: o.username, password: o.password }), expect: parameterError('invalid_request', 'auth_source_id') },
    { name: 'unknown grant type', request: token({ grant_type: 'no_such_grant' }), expect: parameterError('unsupported_grant_type', 'grant_type') },
    { name: 'missing grant_type', request: token({ scope: 'openid' }), expect: parameterError('invalid_request', 'grant_type') },
    { name: 'bad refresh token', request: token({ grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' }), expect: oauthError(400, { '/error': 'invalid_grant' }) },
    {
      name: 'no client authentication',
      request: { method: 'POST', path: '/oauth2/token', form: { grant_type: 'client_credentials' } },
      expect: { status: 401, emptyBody: true },
    },
  ];
}

export const ciamContract: ContractScript = {
  dialect: 'ciam',
  profiles: ['sas-0.2'],
  mountPoints: [''],
  defaults: { clientId: 'TENANT_CLIENT_ID', clientSecret: 'TENANT_CLIENT_SECRET', username: 'MOCK_USERNAME', password: 'MOCK_PASSWORD' },
  parameters: {
    auth_source_id: { description: 'the username/password auth source associated with the application', default: 'MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID' },
    client_scope: { description: 'scope of the client_credentials request (empty: none sent)', default: 'identity_proofing' },
  },
  checks,
};
