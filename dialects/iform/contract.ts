import { type Check, type ContractScript, type Expectation, type ScriptOptions } from '../kit';

const V3 = '/oauth2/v3';
const ENVELOPE_ORDER = ['state', 'request', 'message', 'cause', 'variables', 'data'];
const TOKEN = 'X-Authorization-access_token';

/** IBPS OAuth2 v3 (`<context path>/oauth2/v3/…`); business failures are HTTP 200 with a vendor state. */
function checks(o: ScriptOptions): Check[] {
  const client = { client_id: o.clientId, client_secret: o.clientSecret };
  const apply = (json: Record<string, unknown>) => ({ method: 'POST' as const, path: `${V3}/authentication/apply`, json: { ...client, ...json } });
  const ok = (schema: string, values: Record<string, unknown> = {}): Expectation => ({
    status: 200,
    headers: { 'cache-control': 'no-store' },
    schema,
    keyOrder: ENVELOPE_ORDER,
    values: { '/state': 200, ...values },
  });
  const failure = (state: number): Expectation => ({ status: 200, schema: 'error.response', keyOrder: ENVELOPE_ORDER, values: { '/state': state } });
  const verify = (token: string) => ({ method: 'GET' as const, path: `${V3}/authentication/verify`, query: { access_token: token } });
  return [
    {
      name: 'password_credentials grant',
      request: apply({ grant_type: 'password_credentials', username: o.username, password: o.password }),
      expect: ok('apply.response'),
      capture: { refresh_token: '/data/refresh_token' },
    },
    {
      name: 'client_credentials grant',
      request: apply({ grant_type: 'client_credentials' }),
      expect: ok('apply.response'),
      capture: { client_token: '/data/access_token' },
    },
    {
      name: 'refresh_token grant',
      request: (c) => apply({ grant_type: 'refresh_token', refresh_token: c.refresh_token }),
      expect: ok('apply.response'),
      capture: { access_token: '/data/access_token' },
    },
    {
      name: 'verify an access token',
      request: (c) => verify(c.access_token),
      expect: ok('verify.response', { '/data': o.username }),
    },
    {
      name: 'remove a token (revoke)',
      request: (c) => ({
        method: 'POST',
        path: `${V3}/authentication/remove`,
        headers: { [TOKEN]: c.access_token },
        json: { type: 'token', tokens: [c.client_token] },
      }),
      expect: ok('remove.response'),
    },
    { name: 'verify a removed token', request: (c) => verify(c.client_token), expect: failure(6020201) },
    { name: 'wrong client secret', request: apply({ grant_type: 'client_credentials', client_secret: `${o.clientSecret}-wrong` }), expect: failure(6010101) },
    {
      name: 'wrong password',
      request: apply({ grant_type: 'password_credentials', username: o.username, password: `${o.password}-wrong` }),
      expect: failure(6020101),
    },
    { name: 'unknown grant type', request: apply({ grant_type: 'no_such_grant' }), expect: failure(6010101) },
    { name: 'bad refresh token', request: apply({ grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' }), expect: failure(6020201) },
    { name: 'missing username', request: apply({ grant_type: 'password_credentials', password: o.password }), expect: failure(6010101) },
    { name: 'verify without a token', request: { method: 'GET', path: `${V3}/authentication/verify` }, expect: failure(6020201) },
  ];
}

export const iformContract: ContractScript = {
  dialect: 'iform',
  profiles: ['ibps-v3'],
  mountPoints: ['/ibps', '/iform'],
  defaults: { clientId: 'iform', clientSecret: '58b65297-3467-0859-8337-8cbaf81ef68a', username: 'iform', password: '123456' },
  checks,
};
