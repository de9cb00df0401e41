/** CIAM endpoint paths (Spring Authorization Server defaults), relative to `base_path`. */
export const CIAM_PATHS = {
  authorize: '/oauth2/authorize',
  token: '/oauth2/token',
  revoke: '/oauth2/revoke',
  jwks: '/oauth2/jwks',
  discovery: '/.well-known/openid-configuration',
  userinfo: '/userinfo',
  logout: '/logout',
} as const;
