import type { RawConfig } from './types';

/**
 * The built-in demo: the clients and users of the vendors' own documented examples, so a
 * request pasted from a vendor's document works against the gateway with only the host changed.
 * Every secret here is public; never run it in production.
 */
export function demoConfig(issuer: string): RawConfig {
  return {
    issuer,
    store: 'memory',
    // A fixed demo secret: tokens minted before a restart of the demo stay meaningful to logs.
    secret: 'demo-only-server-secret-0123456789abcdef',
    clients: [
      {
        client_id: 'web-app',
        client_name: 'Demo web app',
        client_secret: 's3cret',
        grant_types: ['password', 'client_credentials', 'refresh_token', 'authorization_code'],
        scopes: ['read', 'write', 'openid', 'profile', 'email'],
        redirect_uris: ['http://localhost:3000/callback'],
      },
      {
        // CAS seed: `client_id=xxx&client_secret=xxx=` (the `=` belongs to the secret).
        client_id: 'xxx',
        client_name: 'CAS documented example',
        client_secret: 'xxx=',
        grant_types: ['password', 'client_credentials', 'refresh_token', 'authorization_code'],
        scopes: [],
        redirect_uris: ['https://my_server_url'],
      },
      {
        // Spring seed: placeholders "你的客户端id" / "你的客户端密码", scope "read write".
        client_id: '你的客户端id',
        client_name: 'Spring documented example',
        client_secret: '你的客户端密码',
        grant_types: ['client_credentials', 'password', 'refresh_token', 'authorization_code'],
        scopes: ['read', 'write'],
        redirect_uris: ['http://localhost:8080/login'],
      },
      {
        // Tencent CIAM seed.
        client_id: 'TENANT_CLIENT_ID',
        client_name: 'CIAM documented example',
        client_secret: 'TENANT_CLIENT_SECRET',
        grant_types: ['password', 'authorization_code', 'refresh_token', 'client_credentials'],
        // CIAM docs' other examples: client_credentials with scope identity_proofing, callback and logout on example.com.
        scopes: ['openid', 'identity_proofing'],
        redirect_uris: ['https://sample.portal.tencentciam.com/callback', 'https://example.com/callback'],
        settings: { ciam: { logout_redirect_uris: ['https://example.com/logout'] } },
      },
      {
        // IBPS iform seed.
        client_id: 'iform',
        client_name: 'iform documented example',
        client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a',
        grant_types: ['authorization_code', 'password', 'client_credentials', 'refresh_token'],
        scopes: [],
        redirect_uris: [],
      },
      {
        // MaxKey: a numeric app id as the admin UI creates it; userinfo as plain JSON (NORMAL).
        client_id: '856237911190798336',
        client_name: 'MaxKey style app',
        client_secret: 'maxkey-demo-secret',
        grant_types: ['authorization_code', 'implicit', 'refresh_token', 'password', 'client_credentials'],
        scopes: ['read', 'openid', 'profile', 'email', 'phone'],
        redirect_uris: ['http://localhost:8080/callback'],
        settings: { maxkey: { userinfo_response: 'NORMAL' } },
      },
      {
        client_id: 'spa',
        client_name: 'Demo single-page app (public client, PKCE)',
        grant_types: ['authorization_code', 'refresh_token'],
        scopes: ['openid', 'profile'],
        redirect_uris: ['http://localhost:3000/callback'],
      },
    ],
    users: [
      {
        username: 'alice',
        password: 'wonderland',
        uid: '626353848415420417',
        attributes: { email: 'alice@example.com', phone_number: '+8613800000000', name: 'Alice' },
        roles: ['admin'],
      },
      { username: 'bob', password: 'builder', attributes: { email: 'bob@example.com', name: 'Bob' }, roles: ['user'] },
      { username: 'mallory', password: 'locked-out', status: 'locked', attributes: { name: 'Mallory' } },
      // CAS seed: username=xxx&password=xxx.
      { username: 'xxx', password: 'xxx', attributes: { name: 'CAS example user' } },
      // Spring seed's JWT principal: admin, 平台管理员.
      { username: 'admin', password: 'admin', uid: '1', attributes: { name: '平台管理员' }, roles: ['admin'] },
      // CIAM seed: MOCK_USERNAME / MOCK_PASSWORD, subject MOCK_USER_ID; attributes of the CIAM userinfo example.
      {
        username: 'MOCK_USERNAME',
        password: 'MOCK_PASSWORD',
        uid: 'MOCK_USER_ID',
        attributes: { email: 'MOCK_USERNAME@example.com', name: 'MOCK_NAME', nickname: 'MOCK_NICKNAME', zoneinfo: 'Asia/Shanghai', locale: 'zh-CN' },
      },
      // MaxKey reference's /me example user.
      {
        username: 'zhangsan',
        password: 'maxkey',
        uid: '1782301842817249280',
        attributes: { displayName: '张三', realname: '张三', email: 'z@x.com', gender: '2', birthday: '1990-01-01', departmentId: '1', department: '研发部', title: '工程师', employeeNumber: 'E001' },
      },
      // iform seed: username iform / 123456, uid 626353848415420416.
      { username: 'iform', password: '123456', uid: '626353848415420416', attributes: { name: 'iform' }, roles: ['admin'] },
    ],
    dialects: {
      standard: { enabled: true },
      cas: { enabled: true },
      // CIAM seed: auth source MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID of application TENANT_CLIENT_ID.
      ciam: { enabled: true, auth_sources: [{ id: 'MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID', identifiers: ['username', 'phone_number', 'email'], clients: ['TENANT_CLIENT_ID'] }] },
      // iform seed: client iform / 58b65297-…, user iform / 123456 (admin).
      iform: { enabled: true },
      // MaxKey: /sign/authz/oauth/v20/* (standard JSON profile, 300 s tokens).
      maxkey: { enabled: true },
      // Spring seed: POST /authorization-server/oauth/token with form client_id/client_secret; HS256 JWTs, 7199 s left.
      spring: {
        enabled: true,
        base_path: '/authorization-server',
        profile: '2.3',
        token_format: 'jwt',
        jwt: { alg: 'HS256', signing_key: 'demo-only-spring-signing-key-0123456789abcdef' },
        access_token_validity: 7200,
        allow_form_authentication: true,
        check_token_access: 'isAuthenticated',
        token_key_access: 'isAuthenticated',
      },
    },
  };
}
