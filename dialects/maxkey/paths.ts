/** MaxKey endpoint paths (`OAuth2Constants.ENDPOINT_BASE = /authz/oauth/v20`), relative to `base_path` (`/sign`). */
export const MAXKEY_PATHS = {
  token: '/authz/oauth/v20/token',
  /** Alias kept for Tencent iOA. */
  tokenAlias: '/oauth2/token',
  authorize: '/authz/oauth/v20/authorize',
  authorizeAlias: '/oauth2/authorize',
  checkToken: '/authz/oauth/v20/check_token',
  introspect: '/authz/oauth/v20/introspect',
  jwks: '/authz/oauth/v20/jwks',
  discovery: '/authz/oauth/v20/.well-known/openid-configuration',
  rootDiscovery: '/.well-known/openid-configuration',
  me: '/api/oauth/v20/me',
  userinfo: '/api/connect/v10/userinfo',
} as const;
