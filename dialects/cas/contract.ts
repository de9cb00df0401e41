import { basicAuth, type Check, type ContractRequest, type ContractScript, type Expectation, type ScriptOptions, grantSequence } from '../kit';

/** What differs between CAS versions on the wire, as data (see `dialects/cas/README.md`). */
interface CasWire {
  tokenSchema: string;
  tokenKeyOrder: readonly string[];
  /** Controller errors: `error=…` text (5.x) or JSON (6.x+). */
  textErrors: boolean;
  springErrorSchema: string;
  profileErrorSchema: string;
  /** `{"error":["…"]}` (≤ 6.0) or `{"error":"…"}`. */
  profileErrorAsList: boolean;
  badRefreshToken: string;
  introspectAndRevoke: boolean;
}

const CAS5: CasWire = {
  tokenSchema: 'token.cas5.response',
  tokenKeyOrder: ['access_token', 'token_type', 'expires_in', 'refresh_token'],
  textErrors: true,
  springErrorSchema: 'spring-error.cas5.response',
  profileErrorSchema: 'profile-error.cas5.response',
  profileErrorAsList: true,
  badRefreshToken: 'invalid_request',
  introspectAndRevoke: false,
};
const CAS6: CasWire = {
  tokenSchema: 'token.response',
  tokenKeyOrder: ['access_token', 'refresh_token', 'token_type', 'expires_in', 'scope'],
  textErrors: false,
  springErrorSchema: 'spring-error.response',
  profileErrorSchema: 'profile-error.response',
  profileErrorAsList: false,
  badRefreshToken: 'invalid_request',
  introspectAndRevoke: true,
};
const WIRE: Record<string, CasWire> = { cas5: CAS5, cas6: CAS6, cas7: { ...CAS6, badRefreshToken: 'invalid_grant' } };

const NO_STORE = { 'cache-control': 'no-store' };
const SPRING_ERROR_ORDER = ['timestamp', 'status', 'error', 'exception', 'message', 'path'];
const INTROSPECT_ORDER = ['token', 'active', 'sub', 'scope', 'iat', 'exp', 'realmName', 'uniqueSecurityName', 'tokenType', 'aud', 'client_id', 'grant_type'];
const PROFILE_ORDER = ['service', 'attributes', 'id', 'client_id'];

/** Apereo CAS `/oauth2.0/*`; the base URL is the CAS server's (e.g. `https://sso.example.org/cas`). */
function checks(o: ScriptOptions): Check[] {
  const wire = WIRE[o.profile];
  const client = { client_id: o.clientId, client_secret: o.clientSecret };
  // CAS 5.x does not URL-decode Basic secrets: send them as they are.
  const basic = basicAuth(o.clientId, o.clientSecret, false);
  const token = (form: Record<string, string>) => ({ method: 'POST' as const, path: '/oauth2.0/accessToken', form: { ...client, ...form } });
  const controllerError = (code: string): Expectation =>
    wire.textErrors
      ? { status: 400, headers: { 'content-type': /^text\/plain/ }, schema: 'error.text.response', values: { '': `error=${code}` } }
      : { status: 400, headers: NO_STORE, schema: 'error.response', values: { '/error': code } };
  const springError = (status: number): Expectation => ({ status, schema: wire.springErrorSchema, keyOrder: SPRING_ERROR_ORDER, values: { '/status': status } });
  const profileError = (code: string): Expectation => ({
    status: 401,
    schema: wire.profileErrorSchema,
    values: { '/error': wire.profileErrorAsList ? [code] : code },
  });
  const profile = (token?: string): ContractRequest => ({ method: 'GET', path: '/oauth2.0/profile', query: token ? { access_token: token } : {} });
  const introspect = (token: string) => ({ method: 'POST' as const, path: '/oauth2.0/introspect', headers: { authorization: basic }, form: { token } });

  const list: Check[] = [
    ...grantSequence(o, {
      token,
      ok: { status: 200, headers: NO_STORE, schema: wire.tokenSchema, keyOrder: wire.tokenKeyOrder },
      refreshSkipWithout: 'no refresh token was issued to this client (CAS generateRefreshToken is off)',
    }),
    {
      name: 'profile of the access token',
      request: (c) => profile(c.password_access_token),
      expect: { status: 200, schema: 'profile.response', keyOrder: PROFILE_ORDER, values: { '/id': o.username } },
    },
  ];
  if (wire.introspectAndRevoke) {
    list.push(
      {
        name: 'introspect an active token',
        request: (c) => introspect(c.password_access_token),
        expect: { status: 200, schema: 'introspect.response', keyOrder: INTROSPECT_ORDER, values: { '/active': true, '/sub': o.username } },
      },
      {
        name: 'revoke',
        request: (c) => ({ method: 'POST', path: '/oauth2.0/revoke', form: { ...client, token: c.password_access_token } }),
        expect: { status: 200, schema: 'revoke.response' },
      },
      {
        name: 'introspect a revoked token',
        request: (c) => introspect(c.password_access_token),
        expect: { status: 200, schema: 'introspect.response', values: { '/active': false } },
      },
      {
        name: 'profile of a revoked token',
        request: (c) => profile(c.password_access_token),
        expect: profileError('expired_accessToken'),
      },
      {
        name: 'introspect without client authentication',
        request: (c) => ({ method: 'POST', path: '/oauth2.0/introspect', form: { token: c.password_access_token } }),
        expect: { status: 401, headers: { 'www-authenticate': 'Basic realm="CAS"' }, schema: 'introspect-error.response', values: { '/error': 'invalid_client' } },
      },
    );
  }
  list.push(
    { name: 'wrong client secret', request: token({ grant_type: 'client_credentials', client_secret: `${o.clientSecret}-wrong` }), expect: springError(401) },
    { name: 'wrong password', request: token({ grant_type: 'password', username: o.username, password: `${o.password}-wrong` }), expect: springError(401) },
    { name: 'unknown grant type', request: token({ grant_type: 'no_such_grant' }), expect: controllerError('invalid_request') },
    { name: 'bad refresh token', request: token({ grant_type: 'refresh_token', refresh_token: 'RT-1-not-a-refresh-token' }), expect: controllerError(wire.badRefreshToken) },
    { name: 'missing grant_type', request: token({ username: o.username, password: o.password }), expect: controllerError('invalid_request') },
    { name: 'profile without a token', request: profile(), expect: profileError('missing_accessToken') },
  );
  return list;
}

export const casContract: ContractScript = {
  dialect: 'cas',
  profiles: Object.keys(WIRE),
  defaultProfile: 'cas5',
  mountPoints: ['/cas', ''],
  defaults: { clientId: 'xxx', clientSecret: 'xxx=', username: 'xxx', password: 'xxx' },
  checks,
};
