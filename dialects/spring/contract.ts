import { basicAuth, type Check, type ContractRequest, type ContractScript, type Expectation, type ScriptOptions, grantSequence } from '../kit';

const NO_STORE = { 'cache-control': 'no-store' };
/** With a JWT token store both tokens are JWTs (alg, then typ); opaque stores issue UUIDs. */
const JWTS = {
  '/access_token': { header: 'jwt.header', headerOrder: ['alg', 'typ'], claims: 'access-token.claims', onlyIfJwt: true },
  '/refresh_token': { header: 'jwt.header', headerOrder: ['alg', 'typ'], claims: 'refresh-token.claims', onlyIfJwt: true },
};
const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="oauth2/client"' };

/** Spring Security OAuth2 `/oauth/token` and `/oauth/check_token`; it has no revocation endpoint. */
function checks(o: ScriptOptions): Check[] {
  // BasicAuthenticationFilter decodes UTF-8 and does not URL-decode.
  const basic = basicAuth(o.clientId, o.clientSecret, false);
  const token = (form: Record<string, string>, authorization = basic): ContractRequest => ({ method: 'POST', path: '/oauth/token', headers: { authorization }, form });
  const checkToken = (form: Record<string, string>, authorization: string | null = basic): ContractRequest => ({
    method: 'POST',
    path: '/oauth/check_token',
    headers: authorization ? { authorization } : {},
    form,
  });
  const oauthError = (status: number, code: string): Expectation => ({ status, headers: NO_STORE, schema: 'error.response', values: { '/error': code } });
  const containerError = (status: number): Expectation => ({ status, headers: BASIC_CHALLENGE, schema: 'container-error.response', values: { '/status': status } });
  return [
    ...grantSequence(o, {
      token,
      ok: { status: 200, headers: NO_STORE, schema: 'token.response', jwts: JWTS },
      passwordOk: { status: 200, headers: NO_STORE, schema: 'token.response', values: { '/token_type': 'bearer' }, jwts: JWTS },
    }),
    {
      name: 'check_token of an active token',
      request: (c) => checkToken({ token: c.access_token }),
      expect: { status: 200, schema: 'check_token.response', values: { '/active': true, '/client_id': o.clientId } },
    },
    {
      name: 'check_token of an unknown token',
      request: checkToken({ token: 'not-a-token' }),
      // JWT token stores cannot decode it; opaque stores do not know it.
      expect: [
        { status: 400, schema: 'error.response', values: { '/error': 'invalid_token', '/error_description': 'Token was not recognised' } },
        { status: 400, schema: 'error.response', values: { '/error': 'invalid_token', '/error_description': 'Cannot convert access token to JSON' } },
      ],
    },
    { name: 'wrong client secret', request: token({ grant_type: 'client_credentials' }, basicAuth(o.clientId, `${o.clientSecret}-wrong`, false)), expect: containerError(401) },
    { name: 'wrong password', request: token({ grant_type: 'password', username: o.username, password: `${o.password}-wrong` }), expect: oauthError(400, 'invalid_grant') },
    { name: 'unknown grant type', request: token({ grant_type: 'no_such_grant' }), expect: oauthError(400, 'unsupported_grant_type') },
    {
      name: 'bad refresh token',
      request: token({ grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' }),
      // Opaque token stores: 400 invalid_grant; JWT token stores: 401 invalid_token.
      expect: [oauthError(400, 'invalid_grant'), oauthError(401, 'invalid_token')],
    },
    { name: 'missing grant_type', request: token({ username: o.username, password: o.password }), expect: oauthError(400, 'invalid_request') },
    { name: 'missing password', request: token({ grant_type: 'password', username: o.username }), expect: oauthError(400, 'invalid_grant') },
    { name: 'check_token without client authentication', request: (c) => checkToken({ token: c.access_token }, null), expect: containerError(401) },
  ];
}

export const springContract: ContractScript = {
  dialect: 'spring',
  profiles: ['2.3', '2.3.7', '2.4'],
  defaultProfile: '2.3',
  mountPoints: ['', '/authorization-server'],
  defaults: { clientId: '你的客户端id', clientSecret: '你的客户端密码', username: 'admin', password: 'admin' },
  checks,
};
