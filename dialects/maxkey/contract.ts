import { type Check, type ContractRequest, type ContractScript, type Expectation, type ScriptOptions, grantSequence } from '../kit';

const AUTHZ = '/authz/oauth/v20';
const NO_STORE = { 'cache-control': 'no-store' };
const STANDARD_ORDER = ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'id_token'];
const NO_CLIENT_AUTHENTICATION = 'There is no client authentication. Try adding an appropriate authentication.';

/** Where each profile's token body keeps its values. */
const TOKEN_BODY = {
  standard: { schema: 'token.response', keyOrder: STANDARD_ORDER, accessToken: '/access_token', refreshToken: '/refresh_token', idToken: '/id_token' },
  bean: { schema: 'token.bean.response', keyOrder: undefined, accessToken: '/value', refreshToken: '/refreshToken', idToken: '/additionalInformation/id_token' },
} as const;

/**
 * MaxKey (`<context path /sign>/authz/oauth/v20/*`, `/api/oauth/v20/me`): nearly every refusal is HTTP 200,
 * told apart by its body, as MaxKey's own clients do. It has no revocation endpoint.
 */
function checks(o: ScriptOptions): Check[] {
  const body = TOKEN_BODY[o.profile as keyof typeof TOKEN_BODY];
  const client = { client_id: o.clientId, client_secret: o.clientSecret };
  const token = (form: Record<string, string>): ContractRequest => ({ method: 'POST', path: `${AUTHZ}/token`, form });
  const tokenOk: Expectation = {
    status: 200,
    headers: NO_STORE,
    schema: body.schema,
    ...(body.keyOrder ? { keyOrder: body.keyOrder } : {}),
    jwts: { [body.idToken]: { claims: 'id-token.claims' } },
  };
  const oauthError = (error: string, description: string): Expectation => ({
    status: 200,
    schema: 'error.response',
    keyOrder: ['error', 'error_description'],
    values: { '/error': error, '/error_description': description },
  });
  const meError = (error: string, description: string): Expectation => ({
    status: 200,
    schema: 'me-error.response',
    keyOrder: ['error_description', 'error'],
    values: { '/error': error, '/error_description': description },
  });
  const me = (accessToken?: string): ContractRequest => ({ method: 'GET', path: '/api/oauth/v20/me', query: accessToken ? { access_token: accessToken } : {} });
  const badRefresh = 'c3d1e2f3-0000-4000-8000-000000000000';
  return [
    ...grantSequence(o, {
      token: (form) => token({ ...client, ...form }),
      ok: tokenOk,
      accessTokenAt: body.accessToken,
      refreshTokenAt: body.refreshToken,
    }),
    {
      name: 'me of the access token',
      request: (c) => me(c.access_token),
      expect: { status: 200, schema: 'me.response', values: { '/username': o.username } },
    },
    {
      name: 'introspect an active token',
      request: (c) => ({ method: 'POST', path: `${AUTHZ}/introspect`, form: { token: c.access_token } }),
      expect: { status: 200, schema: 'introspect.response', keyOrder: ['token', 'active', 'sub'], values: { '/active': true, '/sub': o.username } },
    },
    {
      name: 'introspect an unknown token',
      request: { method: 'POST', path: `${AUTHZ}/introspect`, form: { token: badRefresh } },
      expect: { status: 200, schema: 'introspect.response', values: { '/active': false } },
    },
    {
      name: 'check_token of a client token',
      request: (c) => ({ method: 'POST', path: `${AUTHZ}/check_token`, form: { token: c.client_token } }),
      expect: { status: 200, schema: 'check_token.response', values: { '/active': true, '/client_id': o.clientId } },
    },
    {
      name: 'check_token of an unknown token',
      request: { method: 'POST', path: `${AUTHZ}/check_token`, form: { token: 'not-a-token' } },
      expect: { status: 200, schema: 'envelope.response', keyOrder: ['code', 'message', 'data'], values: { '/message': 'Token was not recognised' } },
    },
    { name: 'JWKS', request: { method: 'GET', path: `${AUTHZ}/jwks`, query: { client_id: o.clientId } }, expect: { status: 200, schema: 'jwks.response' } },
    {
      name: 'wrong client secret',
      request: token({ ...client, client_secret: `${o.clientSecret}-wrong`, grant_type: 'client_credentials' }),
      expect: { status: 200, emptyBody: true },
    },
    {
      name: 'wrong password',
      request: token({ ...client, grant_type: 'password', username: o.username, password: `${o.password}-wrong` }),
      expect: oauthError('invalid_request', NO_CLIENT_AUTHENTICATION),
    },
    { name: 'unknown grant type', request: token({ ...client, grant_type: 'no_such_grant' }), expect: oauthError('unsupported_grant_type', 'Unsupported grant type: no_such_grant') },
    {
      name: 'bad refresh token',
      request: token({ ...client, grant_type: 'refresh_token', refresh_token: badRefresh }),
      // The message depends on MaxKey's token persistence (redis / memory).
      expect: [oauthError('invalid_grant', `Invalid refresh token: ${badRefresh}`), oauthError('invalid_token', `Invalid refresh token (expired): ${badRefresh}`)],
    },
    { name: 'missing refresh token', request: token({ ...client, grant_type: 'refresh_token' }), expect: oauthError('invalid_grant', 'Invalid refresh token: null') },
    { name: 'me without a token', request: me(), expect: meError('token Format Invalid', 'access Token Format Invalid , access_token : null') },
    { name: 'me of an unknown token', request: me(badRefresh), expect: meError('invalid_token', `Invalid access token: ${badRefresh}`) },
  ];
}

export const maxkeyContract: ContractScript = {
  dialect: 'maxkey',
  profiles: Object.keys(TOKEN_BODY),
  defaultProfile: 'standard',
  mountPoints: ['/sign'],
  defaults: { clientId: '856237911190798336', clientSecret: 'maxkey-demo-secret', username: 'zhangsan', password: 'maxkey' },
  checks,
};
