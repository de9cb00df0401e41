/**
 * Where a route's schema files are not named after its last path segment: route path →
 * endpoint name (`schemas/<dialect>/<name>.request.json`, `<name>.response.json`,
 * `<name>.<variant>.response.json`). Error schemas: `<name>-error.*.response.json` when the
 * dialect has them, else `error.*.response.json`, unless listed under `errors`.
 */
export interface DialectDocs {
  names?: Record<string, string>;
  errors?: Record<string, readonly string[]>;
  /** Request body media types, where the dialect's `bodies` does not say (it reads both by default). */
  bodies?: ReadonlyArray<'form' | 'json'>;
}

const CAS_TOKEN_ERRORS = ['error.response', 'error.text.response', 'spring-error.response', 'spring-error.cas5.response'];

export const DIALECT_DOCS: Record<string, DialectDocs> = {
  cas: {
    names: { '/oauth2.0/accessToken': 'token' },
    errors: { token: CAS_TOKEN_ERRORS, revoke: ['error.response', 'spring-error.response'] },
  },
  iform: {
    names: {
      '/oauth2/v3/authentication/apply': 'apply',
      '/oauth2/v3/user/login/apply': 'login',
      '/oauth2/v3/authorize/apply': 'authorize',
      '/oauth2/v3/authentication/switch/exit': 'switch-exit',
    },
    bodies: ['json'],
  },
  spring: { errors: { token: ['error.response', 'container-error.response'], check_token: ['error.response', 'container-error.response'] } },
  ciam: { names: { '/.well-known/openid-configuration': 'discovery' } },
  standard: { names: { '/.well-known/openid-configuration': 'discovery' } },
};
