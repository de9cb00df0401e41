import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import { runCli, serveCli } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'oauthd-import-'));
const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
const hash = (secret: string) => bcrypt.hashSync(secret, 4);
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};

const SPRING_HEADER = 'client_id,resource_ids,client_secret,scope,authorized_grant_types,web_server_redirect_uri,authorities,access_token_validity,refresh_token_validity,additional_information,autoapprove';
const springRows = [
  `spring-web,api,{bcrypt}${hash('spring-old-secret')},"read,write","client_credentials,password,refresh_token",https://app.example.com/cb,ROLE_CLIENT,120,3600,{},true`,
  `spring-batch,,{noop}batch-plain,read,client_credentials,,,NULL,NULL,,`,
];
const springSha = `spring-sha,,{sha256}97ba7ac6e1b8c5e2f5a1c7e6d5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6,read,client_credentials,,,,,,`;

const USERS_HEADER = 'username,password_hash,uid,email,phone_number,name,roles,status';
const userRows = [
  `ann,${hash('ann-old-password')},u-1,ann@example.com,+15550100,Ann,"ROLE_USER;ROLE_ADMIN",active`,
  `ben,{bcrypt}${hash('ben-old-password')},u-2,,,,ROLE_USER,`,
];

function casDir(name: string, services: Record<string, string>): string {
  const at = path.join(dir, name);
  mkdirSync(at);
  for (const [file, text] of Object.entries(services)) writeFileSync(path.join(at, file), text);
  return at;
}

const CAS_SERVICES = {
  // Hjson, as CAS reads its registry: a comment, an unquoted key, Jackson's typed collections.
  'cas-portal-1.json': `{
  # the portal
  "@class" : "org.apereo.cas.support.oauth.services.OAuthRegisteredService",
  clientId: "cas-portal",
  "clientSecret" : "cas-old-secret",
  "serviceId" : "^https://portal\\\\.example\\\\.com/callback$",
  "name" : "Portal",
  "id" : 1,
  "supportedGrantTypes" : [ "java.util.HashSet", [ "client_credentials", "password", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code" ] ],
  "jsonFormat" : true,
  "generateRefreshToken" : true,
  "renewRefreshToken" : false
}`,
  'cas-oidc-2.json': `{
  "@class" : "org.apereo.cas.services.OidcRegisteredService",
  "clientId" : "cas-oidc",
  "clientSecret" : "oidc-old-secret",
  "serviceId" : "^https://rp\\\\.example\\\\.com/.*",
  "id" : 2,
  "supportedGrantTypes" : [ "java.util.HashSet", [ "authorization_code", "client_credentials" ] ],
  "supportedResponseTypes" : [ "java.util.HashSet", [ "code" ] ],
  "scopes" : [ "java.util.HashSet", [ "openid", "profile" ] ]
}`,
  'cas-app-3.json': `{
  "@class" : "org.apereo.cas.services.RegexRegisteredService",
  "serviceId" : "^https://.*",
  "id" : 3
}`,
};

describe('oauth-dialects import', () => {
  it('refuses a non-bcrypt secret or password with file:line and the reason, lists every refusal and writes nothing', async () => {
    const spring = file('spring-refused.csv', [SPRING_HEADER, ...springRows, springSha, ''].join('\n'));
    const users = file('users-refused.csv', [USERS_HEADER, ...userRows, 'carl,5f4dcc3b5aa765d61d8327deb882cf99,,,,,,', 'dora,{pbkdf2}aGFzaA==,,,,,,', 'eve,{noop}eve-plain,,,,,,', ''].join('\n'));
    const out = path.join(dir, 'never.yaml');
    const result = await runCli(['import', '--spring-clients', spring, '--users', users, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toContain(`${spring}:4: client spring-sha: client_secret: {sha256} hashes cannot be kept: the gateway verifies bcrypt only, so the old secret would not work; reset it to a bcrypt hash or {noop}SECRET`);
    expect(lines).toContain(`${users}:4: user carl: password_hash: an MD5 hex digest, not a bcrypt hash: the gateway verifies bcrypt only`);
    expect(lines).toContain(`${users}:5: user dora: password_hash: {pbkdf2} hashes cannot be kept: the gateway verifies bcrypt only, so the old password would not work; reset it to a bcrypt hash`);
    expect(lines).toContain(`${users}:6: user eve: password_hash: {noop} (a plain-text password) is not imported: give its bcrypt hash (oauth-dialects hash-secret)`);
    expect(lines[lines.length - 1]).toBe('import refused: 4 entries; nothing written');
    expect(result.stderr).not.toMatch(/eve-plain|batch-plain|5f4dcc3b|97ba7ac6/);
    expect(() => readFileSync(out)).toThrow();

    const noHeader = file('no-header.csv', 'name,secret\nx,y\n');
    const missing = await runCli(['import', '--users', noHeader]);
    expect(missing).toMatchObject({ code: 1, stderr: `oauth-dialects: ${noHeader}:1: the header row has no username, password_hash column\n` });
    expect((await runCli(['import'])).stderr).toContain('nothing to import');
  });

  it('yields a fragment that check-config accepts once merged, on which the clients and users sign in with their old secrets and passwords', async () => {
    const spring = file('spring.csv', [SPRING_HEADER, ...springRows, ''].join('\r\n'));
    const users = file('users.csv', [USERS_HEADER, ...userRows, ''].join('\n'));
    const cas = casDir('services', CAS_SERVICES);
    const fragmentFile = path.join(dir, 'fragment.yaml');
    const result = await runCli(['import', '--spring-clients', spring, '--cas-services', cas, '--users', users, '--out', fragmentFile]);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      `${path.join(cas, 'cas-app-3.json')}: warning: skipped: org.apereo.cas.services.RegexRegisteredService is not an OAuth or OIDC service`,
      `${path.join(cas, 'cas-oidc-2.json')}: warning: client cas-oidc: serviceId is a pattern, not one URL: no redirect URI imported (add the client's redirect_uris by hand)`,
      `${path.join(cas, 'cas-portal-1.json')}: warning: client cas-portal: grant types the gateway does not have, left out: urn:ietf:params:oauth:grant-type:device_code`,
      `imported 4 client(s) and 2 user(s) into ${fragmentFile}`,
    ]);
    expect(result.code).toBe(0);

    const fragment = parse(readFileSync(fragmentFile, 'utf8')) as { clients: Record<string, unknown>[]; users: Record<string, unknown>[] };
    expect(fragment.clients).toEqual([
      {
        client_id: 'spring-web',
        client_secret: expect.stringMatching(/^\$2[ab]\$04\$/),
        grant_types: ['client_credentials', 'password', 'refresh_token'],
        scopes: ['read', 'write'],
        redirect_uris: ['https://app.example.com/cb'],
        access_token_ttl: 120,
        refresh_token_ttl: 3600,
      },
      { client_id: 'spring-batch', client_secret: 'batch-plain', grant_types: ['client_credentials'], scopes: ['read'] },
      {
        client_id: 'cas-oidc',
        client_secret: 'oidc-old-secret',
        grant_types: ['authorization_code', 'client_credentials'],
        scopes: ['openid', 'profile'],
      },
      {
        client_id: 'cas-portal',
        client_name: 'Portal',
        client_secret: 'cas-old-secret',
        redirect_uris: ['https://portal.example.com/callback'],
        grant_types: ['client_credentials', 'password', 'refresh_token'],
        settings: { cas: { json_format: true, generate_refresh_token: true, renew_refresh_token: false } },
      },
    ]);
    expect(fragment.users).toEqual([
      { username: 'ann', password: expect.stringMatching(/^\$2[ab]\$04\$/), uid: 'u-1', attributes: { email: 'ann@example.com', phone_number: '+15550100', name: 'Ann' }, roles: ['ROLE_USER', 'ROLE_ADMIN'], status: 'active' },
      { username: 'ben', password: expect.stringMatching(/^\$2[ab]\$04\$/), uid: 'u-2', roles: ['ROLE_USER'] },
    ]);
    const json = await runCli(['import', '--users', users, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ users: fragment.users });

    const config = path.join(dir, 'merged.yaml');
    writeFileSync(config, stringify({ issuer: 'http://127.0.0.1:8080', store: 'memory', log_level: 'warn', dialects: { cas: { enabled: true }, spring: { enabled: true } }, ...fragment }));
    expect(await runCli(['check-config', config])).toMatchObject({ code: 0, stdout: `${config}: ok\n` });

    const server = await serveCli(['--config', config, '--port', '0']);
    try {
      const springToken = (id: string, secret: string, form: Record<string, string>) => request(server.url).post('/oauth/token').set('Authorization', basic(id, secret)).type('form').send(form);
      const web = await springToken('spring-web', 'spring-old-secret', { grant_type: 'client_credentials' });
      expect(web.status).toBe(200);
      expect(web.body).toMatchObject({ access_token: expect.any(String), expires_in: expect.any(Number) });
      expect(web.body.expires_in).toBeLessThanOrEqual(120);
      expect((await springToken('spring-web', 'wrong', { grant_type: 'client_credentials' })).status).toBe(401);
      expect((await springToken('spring-batch', 'batch-plain', { grant_type: 'client_credentials' })).status).toBe(200);
      const ann = await springToken('spring-web', 'spring-old-secret', { grant_type: 'password', username: 'ann', password: 'ann-old-password' });
      expect(ann.status).toBe(200);
      expect(ann.body.refresh_token).toEqual(expect.any(String));
      expect((await springToken('spring-web', 'spring-old-secret', { grant_type: 'password', username: 'ann', password: 'wrong' })).status).toBe(400);

      const casToken = (id: string, secret: string, form: Record<string, string>) => request(server.url).post('/oauth2.0/accessToken').set('Authorization', basic(id, secret)).type('form').send(form);
      const portal = await casToken('cas-portal', 'cas-old-secret', { grant_type: 'client_credentials' });
      expect(portal.status).toBe(200);
      expect(JSON.parse(portal.text)).toMatchObject({ access_token: expect.any(String) });
      expect((await casToken('cas-oidc', 'oidc-old-secret', { grant_type: 'client_credentials' })).status).toBe(200);
      expect((await casToken('cas-oidc', 'wrong', { grant_type: 'client_credentials' })).status).not.toBe(200);
      const ben = await casToken('cas-portal', 'cas-old-secret', { grant_type: 'password', username: 'ben', password: 'ben-old-password' });
      expect(ben.status).toBe(200);
      expect(JSON.parse(ben.text)).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
      expect((await casToken('cas-portal', 'cas-old-secret', { grant_type: 'password', username: 'ben', password: 'wrong' })).status).not.toBe(200);
    } finally {
      await server.stop();
    }
  });
});
