import { basicAuth, type Check, type ContractScript, type ScriptOptions, grantSequence } from '../kit';

const NO_STORE = { 'cache-control': 'no-store' };
const JSON_TYPE = /^application\/json/;

/** RFC 6749 / 7662 / 7009 at `<base>/token`, `/introspect`, `/revoke`. */
function checks(o: ScriptOptions): Check[] {
  const basic = basicAuth(o.clientId, o.clientSecret);
  const token = (form: Record<string, string>, authorization = basic) => ({
    method: 'POST' as const,
    path: '/token',
    headers: { authorization },
    form,
  });
  const error = (status: number, code: string) => ({
    status,
    headers: { ...NO_STORE, 'content-type': JSON_TYPE },
    schema: 'error.response',
    values: { '/error': code },
  });
  const introspect = (form: Record<string, string>) => ({ method: 'POST' as const, path: '/introspect', headers: { authorization: basic }, form });
  return [
    ...grantSequence(o, {
      token,
      ok: { status: 200, headers: NO_STORE, schema: 'token.response' },
      passwordOk: { status: 200, headers: { ...NO_STORE, 'content-type': JSON_TYPE }, schema: 'token.response', values: { '/token_type': 'Bearer' } },
    }),
    {
      name: 'introspect an active token',
      request: (c) => introspect({ token: c.access_token }),
      expect: { status: 200, headers: NO_STORE, schema: 'introspect.response', values: { '/active': true } },
    },
    {
      name: 'revoke',
      request: (c) => ({ method: 'POST', path: '/revoke', headers: { authorization: basic }, form: { token: c.access_token } }),
      expect: { status: 200, headers: NO_STORE },
    },
    {
      name: 'introspect a revoked token',
      request: (c) => introspect({ token: c.access_token }),
      expect: { status: 200, schema: 'introspect.response', values: { '/active': false } },
    },
    {
      name: 'wrong client secret',
      request: token({ grant_type: 'client_credentials' }, basicAuth(o.clientId, `${o.clientSecret}-wrong`)),
      expect: { ...error(401, 'invalid_client'), headers: { ...NO_STORE, 'www-authenticate': /^Basic / } },
    },
    {
      name: 'wrong password',
      request: token({ grant_type: 'password', username: o.username, password: `${o.password}-wrong` }),
      expect: error(400, 'invalid_grant'),
    },
    {
      name: 'unknown grant type',
      request: token({ grant_type: 'urn:example:no-such-grant' }),
      expect: error(400, 'unsupported_grant_type'),
    },
    {
      name: 'bad refresh token',
      request: token({ grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' }),
      expect: error(400, 'invalid_grant'),
    },
    {
      name: 'missing grant_type',
      request: token({ username: o.username, password: o.password }),
      expect: error(400, 'invalid_request'),
    },
    {
      name: 'missing password',
      request: token({ grant_type: 'password', username: o.username }),
      expect: error(400, 'invalid_request'),
    },
    {
      name: 'introspect without a token',
      request: introspect({}),
      expect: error(400, 'invalid_request'),
    },
    {
      name: 'introspect without client authentication',
      request: (c) => ({ method: 'POST', path: '/introspect', form: { token: c.access_token } }),
      expect: error(401, 'invalid_client'),
    },
  ];
}

export const standardContract: ContractScript = {
  dialect: 'standard',
  profiles: ['rfc6749'],
  mountPoints: ['/std'],
  defaults: { clientId: 'web-app', clientSecret: 's3cret', username: 'alice', password: 'wonderland' },
  checks,
};
