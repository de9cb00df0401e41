/**
 * The request and response examples of the IBPS v3 document (the iform seed), verbatim, in
 * the document's order. Token values in requests are placeholders the replay replaces with
 * the ones the gateway issued; responses are compared by shape (keys, key order, JSON types).
 */
export const SEED = {
  applyCode: {
    request: { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', authorize_code: '6173f3c0f9fa11e906ee9dff8b7b5da8', grant_type: 'authorization_code' },
    response: {
      state: 200,
      request: null,
      message: '',
      cause: '',
      variables: { code: '086670360d004dd78b681d602e50741d', redirect_uri: null },
      data: {
        access_token: '61797200f9fa11e906ee9dff8b7b5da8',
        refresh_token: '61797201f9fa11e906ee9dff8b7b5da8',
        primary_refresh_token: null,
        uid: '626353848415420416',
        publisher: null,
        applicant: null,
        expires_in: 28800,
        remind_in: 259200,
      },
    },
  },
  applyClientCredentials: { request: { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', grant_type: 'client_credentials' } },
  applyPassword: {
    request: { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', username: 'iform', password: '123456', grant_type: 'password_credentials' },
  },
  applyRefresh: { request: { refresh_token: '58b65297-3467-0859-8337-8cbaf81ef68a', grant_type: 'refresh_token' } },
  query: {
    request: { requestPage: { pageNo: 1, limit: 15 } },
    response: {
      state: 200,
      request: null,
      message: '',
      cause: '',
      variables: {},
      data: {
        dataResult: [
          {
            accessToken: '7d9a03d0fa1a11e9c9869cf7db4dca77',
            refreshToken: '7d9a03d1fa1a11e9c9869cf7db4dca77',
            identity: 'ccc',
            identityType: 'user',
            accessTokenTtlSeconds: 26348,
            refreshTokenTtlSeconds: 256748,
            accessTokenTtlDate: '2019-10-29 23:05:29',
            refreshTokenTtlDate: '2019-11-01 15:05:29',
          },
        ],
        pageResult: { limit: 15, page: 1, totalCount: 2, totalPages: 1 },
      },
    },
  },
  switch: {
    request: { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', grant_type: 'authorization_code', access_token: '0d732c20fa2011e9c9869cf7db4dca77', username: 'admin' },
    response: {
      state: 200,
      request: null,
      message: '',
      cause: '',
      variables: {},
      data: {
        access_token: 'caf536c0fa2611e9c9869cf7db4dca77',
        refresh_token: 'caf55dd0fa2611e9c9869cf7db4dca77',
        primary_refresh_token: '0d732c21fa2011e9c9869cf7db4dca77',
        uid: null,
        publisher: null,
        applicant: null,
        expires_in: 28800,
        remind_in: 259200,
      },
    },
  },
  switchExit: {
    request: { client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', grant_type: 'authorization_code', access_token: 'caf536c0fa2611e9c9869cf7db4dca77', username: 'admin' },
    response: {
      state: 200,
      request: null,
      message: '',
      cause: '',
      variables: {},
      data: {
        access_token: '84f395b0fa2911e9c9869cf7db4dca77',
        refresh_token: '84f395b1fa2911e9c9869cf7db4dca77',
        primary_refresh_token: null,
        uid: '626353848415420416',
        publisher: null,
        applicant: null,
        expires_in: 28800,
        remind_in: 259200,
      },
    },
  },
  verify: {
    query: { access_token: '84f395b0fa2911e9c9869cf7db4dca77' },
    response: { state: 200, request: null, message: '', cause: '', variables: { clientId: 'iform', 'grant.type': 'authorization_code' }, data: 'zjh' },
  },
};

/** A JSON value's shape: object keys in order with their shapes, an array's first item, a primitive's JSON type. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]);
  return Number.isInteger(value) ? 'integer' : typeof value;
}
