import { createHash } from 'node:crypto';
import request from 'supertest';
import { CoreError } from '../../../src/core/errors';
import type { Runtime } from '../../../src/runtime';
import { MemoryStore } from '../../../src/store/memory';
import type { TokenStore } from '../../../src/core/store';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import {
  basic,
  casConfig,
  casPolicyOf,
  expectRequestError,
  expectSpringError,
  PROFILE_NAMES,
  SEED_QUERY,
  seedRequest,
  startCas,
  TICKET,
  tokenSchema,
  type ProfileName,
} from './cas-gateway';

const TOKEN = '/oauth2.0/accessToken';
const sequenceOf = (ticket: string) => Number(ticket.split('-')[1]);

describe.each(PROFILE_NAMES)('CAS token endpoint, profile %s', (profile: ProfileName) => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startCas(profile);
  });
  afterAll(() => runtime.close());

  const form = (body: Record<string, string>, auth?: string, path = TOKEN) => {
    const req = request(runtime.app).post(path).type('form');
    return (auth ? req.set('Authorization', auth) : req).send(body);
  };
  const successKeys = (withRefresh: boolean) =>
    profile === 'cas5'
      ? ['access_token', 'token_type', 'expires_in', ...(withRefresh ? ['refresh_token'] : [])]
      : ['access_token', ...(withRefresh ? ['refresh_token'] : []), 'token_type', 'expires_in', 'scope'];

  const expectToken = (res: request.Response, withRefresh = false) => {
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expectSchema('cas', tokenSchema(profile), res.body);
    expect(Object.keys(res.body)).toEqual(successKeys(withRefresh));
    expect(res.body.access_token).toMatch(TICKET('AT'));
    expect(res.body.token_type).toBe('bearer');
    expect(res.body.expires_in).toBe(28800);
    if (withRefresh) expect(res.body.refresh_token).toMatch(TICKET('RT'));
  };

  describe('successes', () => {
    it('answers the seed request (POST, query string only, service header, JSON content type, empty body)', async () => {
      const res = await seedRequest(runtime, SEED_QUERY);
      expectToken(res);
      if (profile !== 'cas5') expect(res.body.scope).toBe('');
    });

    it('answers the same request by GET, and at /oauth2.0/token', async () => {
      expectToken(await seedRequest(runtime, SEED_QUERY, 'get'));
      const alias = await request(runtime.app).get(`/oauth2.0/token?${new URLSearchParams(SEED_QUERY)}`);
      expectToken(alias);
    });

    it('counts access tokens one by one, refresh tokens on their own counter', async () => {
      const first = await seedRequest(runtime, SEED_QUERY);
      const second = await seedRequest(runtime, SEED_QUERY);
      expect(sequenceOf(second.body.access_token)).toBe(sequenceOf(first.body.access_token) + 1);
      const withRt = await form({ grant_type: 'password', username: 'xxx', password: 'xxx' }, basic('rt-app', 'rt-secret'));
      const again = await form({ grant_type: 'password', username: 'xxx', password: 'xxx' }, basic('rt-app', 'rt-secret'));
      expect(sequenceOf(again.body.refresh_token)).toBe(sequenceOf(withRt.body.refresh_token) + 1);
      expect(sequenceOf(withRt.body.refresh_token)).toBeLessThan(sequenceOf(withRt.body.access_token));
    });

    it('merges query string and form body, takes HTTP Basic, and compares grant_type case-insensitively', async () => {
      const res = await request(runtime.app)
        .post(`${TOKEN}?grant_type=PASSWORD`)
        .set('Authorization', basic('xxx', 'xxx='))
        .type('form')
        .send({ username: 'xxx', password: 'xxx' });
      expectToken(res);
    });

    it('authenticates a user whose password has reserved characters in a form body', async () => {
      expectToken(await form({ grant_type: 'password', client_id: 'xxx', client_secret: 'xxx=', username: 'p@ss', password: 'p&ss=word+1' }));
    });

    it('issues a client_credentials token; with generate_refresh_token a refresh token too', async () => {
      expectToken(await form({ grant_type: 'client_credentials', client_id: 'xxx', client_secret: 'xxx=' }));
      const withRt = await form({ grant_type: 'client_credentials' }, basic('rt-app', 'rt-secret'));
      expectToken(withRt, true);
      if (profile !== 'cas5') expect(withRt.body.scope).toBe('read write');
    });

    it('gives a refresh token only to clients set to generate one, and keeps the requested scope', async () => {
      const res = await form({ grant_type: 'password', username: 'xxx', password: 'xxx', scope: 'read' }, basic('rt-app', 'rt-secret'));
      expectToken(res, true);
      if (profile !== 'cas5') expect(res.body.scope).toBe('read');
    });

    it('refreshes without a new refresh token unless the client renews; the old one keeps working', async () => {
      const login = await form({ grant_type: 'password', username: 'xxx', password: 'xxx' }, basic('rt-app', 'rt-secret'));
      const refreshed = await form({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token, client_id: 'rt-app', client_secret: 'rt-secret' });
      expectToken(refreshed);
      expect(refreshed.body.access_token).not.toBe(login.body.access_token);
      expectToken(await form({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token }, basic('rt-app', 'rt-secret')));
    });

    it('renews refresh tokens for a renewing client from CAS 6 on, expiring the old one', async () => {
      const login = await form({ grant_type: 'password', username: 'xxx', password: 'xxx' }, basic('renew-app', 'renew-secret'));
      expectToken(login, true);
      const refreshed = await form({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token }, basic('renew-app', 'renew-secret'));
      const again = await form({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token }, basic('renew-app', 'renew-secret'));
      if (profile === 'cas5') {
        expectToken(refreshed);
        expectToken(again);
      } else {
        expectToken(refreshed, true);
        expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
        expectRequestError(profile, again, profile === 'cas7' ? 'invalid_grant' : 'invalid_request');
      }
    });

    it('answers text for a json_format:false client in cas5, JSON later', async () => {
      const res = await form({ grant_type: 'password', username: 'xxx', password: 'xxx' }, basic('text-app', 'text-secret'));
      expect(res.status).toBe(200);
      if (profile === 'cas5') {
        expect(res.headers['content-type']).toMatch(/^text\/plain/);
        expectSchema('cas', 'token.text.response', res.text);
        expect(res.text).toMatch(/^access_token=AT-[0-9]+-[A-Za-z0-9-]{32}&expires_in=28800&refresh_token=RT-[0-9]+-[A-Za-z0-9-]{32}$/);
      } else {
        expectToken(res, true);
      }
    });

    it('exchanges an authorization code (OC-…) once, with the redirect URI', async () => {
      const client = runtime.engine.directory.client('rt-app')!;
      const user = runtime.engine.directory.userByUsername('xxx')!;
      const redirect = 'https://app.example.org/callback';
      const code = await runtime.engine.issueAuthorizationCode({ client, user, redirectUri: redirect, scope: ['read'] }, casPolicyOf(runtime, 'rt-app'));
      expect(code.value).toMatch(TICKET('OC'));
      const res = await form({ grant_type: 'authorization_code', code: code.value, redirect_uri: redirect }, basic('rt-app', 'rt-secret'));
      expectToken(res, true);
      if (profile !== 'cas5') expect(res.body.scope).toBe('read');
      const me = await request(runtime.app).get(`/oauth2.0/profile?access_token=${res.body.access_token}`);
      expect(JSON.parse(me.text)).toMatchObject({ service: redirect, id: 'xxx', client_id: 'rt-app' });
      const replay = await form({ grant_type: 'authorization_code', code: code.value, redirect_uri: redirect }, basic('rt-app', 'rt-secret'));
      expectRequestError(profile, replay, profile === 'cas7' ? 'invalid_grant' : 'invalid_request');
    });

    it('exchanges a PKCE code for a public client authenticated by client_id alone', async () => {
      const verifier = 'v'.repeat(43) + 'erifier-0123456789';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const client = runtime.engine.directory.client('public-app')!;
      const user = runtime.engine.directory.userByUsername('xxx')!;
      const redirect = 'https://spa.example.org/cb';
      const policy = casPolicyOf(runtime, 'public-app');
      const code = await runtime.engine.issueAuthorizationCode({ client, user, redirectUri: redirect, codeChallenge: challenge, codeChallengeMethod: 'S256' }, policy);
      const res = await form({ grant_type: 'authorization_code', client_id: 'public-app', code: code.value, redirect_uri: redirect, code_verifier: verifier });
      expectToken(res, true);
      // A public client refreshes with its client_id alone.
      expectToken(await form({ grant_type: 'refresh_token', client_id: 'public-app', refresh_token: res.body.refresh_token }));

      const other = await runtime.engine.issueAuthorizationCode({ client, user, redirectUri: redirect, codeChallenge: challenge, codeChallengeMethod: 'S256' }, policy);
      const wrong = await form({ grant_type: 'authorization_code', client_id: 'public-app', code: other.value, redirect_uri: redirect, code_verifier: 'w'.repeat(43) });
      expectSpringError(profile, wrong, 401, TOKEN);
    });

    it('answers a POST that asks for JSON as JSON, whatever its Accept header', async () => {
      const res = await seedRequest(runtime, SEED_QUERY).set('Accept', 'application/json');
      expectToken(res);
    });
  });

  describe('authentication failures: 401 Spring Boot error body', () => {
    const cases: Array<[string, () => request.Test]> = [
      ['wrong user password (seed)', () => seedRequest(runtime, { ...SEED_QUERY, password: 'nope' })],
      ['unknown user', () => seedRequest(runtime, { ...SEED_QUERY, username: 'ghost' })],
      ['locked user', () => form({ grant_type: 'password', client_id: 'xxx', client_secret: 'xxx=', username: 'mallory', password: 'locked-out' })],
      ['password grant without username', () => form({ grant_type: 'password', client_id: 'xxx', client_secret: 'xxx=', password: 'xxx' })],
      ['password grant without password', () => form({ grant_type: 'password', client_id: 'xxx', client_secret: 'xxx=', username: 'xxx' })],
      ['password grant with a wrong client secret', () => seedRequest(runtime, { ...SEED_QUERY, client_secret: 'xxx' })],
      ['password grant without client_id', () => form({ grant_type: 'password', username: 'xxx', password: 'xxx' })],
      ['password grant without client_secret for a confidential client', () => form({ grant_type: 'password', client_id: 'xxx', username: 'xxx', password: 'xxx' })],
      ['wrong client secret (client_credentials, form)', () => form({ grant_type: 'client_credentials', client_id: 'xxx', client_secret: 'nope' })],
      ['wrong client secret (Basic)', () => form({ grant_type: 'client_credentials' }, basic('xxx', 'nope'))],
      ['unknown client', () => form({ grant_type: 'client_credentials', client_id: 'ghost', client_secret: 'x' })],
      ['no client credentials', () => form({ grant_type: 'client_credentials' })],
      ['authorization_code without client credentials', () => form({ grant_type: 'authorization_code', client_id: 'xxx', code: 'OC-1-x', redirect_uri: 'https://my_server_url' })],
      ['unknown refresh token of a public client', () => form({ grant_type: 'refresh_token', client_id: 'public-app', refresh_token: 'RT-9-nope' })],
      ['refresh grant of a public client without a refresh token', () => form({ grant_type: 'refresh_token', client_id: 'public-app' })],
      ['malformed Basic header', () => form({ grant_type: 'client_credentials' }, 'Basic !!!')],
      ['grant not allowed and wrong user password (user checked first)', () => form({ grant_type: 'password', username: 'xxx', password: 'nope' }, basic('narrow-app', 'narrow-secret'))],
    ];
    it.each(cases)('%s', async (_name, send) => {
      const res = await send();
      expectSpringError(profile, res, 401, TOKEN);
      expect(res.body).toMatchObject({ status: 401, error: 'Unauthorized', message: 'No message available' });
    });
  });

  describe('rejected requests: 400 from the OAuth controller', () => {
    const later = (cas5and6: string, cas7: string) => (profile === 'cas7' ? cas7 : cas5and6);
    const cases: Array<[string, () => request.Test, () => string, string?]> = [
      ['missing grant_type', () => form({}, basic('xxx', 'xxx=')), () => 'invalid_request'],
      ['unsupported grant_type', () => form({ grant_type: 'foo' }, basic('xxx', 'xxx=')), () => 'invalid_request'],
      ['device code grant (not emulated)', () => form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code' }, basic('xxx', 'xxx=')), () => 'invalid_request'],
      ['grant type not allowed for the client', () => form({ grant_type: 'password', username: 'xxx', password: 'xxx' }, basic('narrow-app', 'narrow-secret')), () => later('invalid_request', 'invalid_grant')],
      ['missing code', () => form({ grant_type: 'authorization_code', redirect_uri: 'https://my_server_url' }, basic('xxx', 'xxx=')), () => later('invalid_request', 'invalid_grant')],
      ['missing redirect_uri', () => form({ grant_type: 'authorization_code', code: 'OC-1-abc' }, basic('xxx', 'xxx=')), () => later('invalid_request', 'invalid_grant')],
      ['unknown code', () => form({ grant_type: 'authorization_code', code: 'OC-1-abc', redirect_uri: 'https://my_server_url' }, basic('xxx', 'xxx=')), () => later('invalid_request', 'invalid_grant')],
      ['unknown refresh token (confidential client)', () => form({ grant_type: 'refresh_token', refresh_token: 'RT-9-nope' }, basic('rt-app', 'rt-secret')), () => later('invalid_request', 'invalid_grant')],
      ['missing refresh token (confidential client)', () => form({ grant_type: 'refresh_token' }, basic('rt-app', 'rt-secret')), () => later('invalid_request', 'invalid_grant')],
      ['client_credentials for a public client', () => form({ grant_type: 'client_credentials', client_id: 'public-app' }), () => later('invalid_request', 'invalid_grant')],
    ];
    it.each(cases)('%s', async (_name, send, error) => {
      expectRequestError(profile, await send(), error());
    });

    it('ignores a JSON body, even a malformed one, and reads the query string (CAS reads no JSON)', async () => {
      const res = await request(runtime.app)
        .post(`${TOKEN}?grant_type=client_credentials`)
        .set('Authorization', basic('xxx', 'xxx='))
        .set('Content-Type', 'application/json')
        .send('{"grant_type":"password","oops');
      expect(res.status).toBe(200);
      expect(res.body.access_token).toMatch(/^AT-\d+-[A-Za-z0-9-]{32}$/);
    });

    it('a code presented with another redirect_uri', async () => {
      const client = runtime.engine.directory.client('rt-app')!;
      const user = runtime.engine.directory.userByUsername('xxx')!;
      const code = await runtime.engine.issueAuthorizationCode({ client, user, redirectUri: 'https://app.example.org/callback' }, casPolicyOf(runtime, 'rt-app'));
      const res = await form({ grant_type: 'authorization_code', code: code.value, redirect_uri: 'https://evil.example.org/' }, basic('rt-app', 'rt-secret'));
      expectRequestError(profile, res, later('invalid_request', 'invalid_grant'));
    });

    it('a refresh that asks for more scope than was granted', async () => {
      const login = await form({ grant_type: 'password', username: 'xxx', password: 'xxx', scope: 'read' }, basic('rt-app', 'rt-secret'));
      const res = await form({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token, scope: 'read write' }, basic('rt-app', 'rt-secret'));
      expectRequestError(profile, res, profile === 'cas5' ? 'invalid_grant' : 'invalid_scope', 'Invalid or unauthorized scope');
    });

    it('another client\'s refresh token', async () => {
      const login = await form({ grant_type: 'password', username: 'xxx', password: 'xxx' }, basic('rt-app', 'rt-secret'));
      const res = await form({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token }, basic('renew-app', 'renew-secret'));
      expectRequestError(profile, res, later('invalid_request', 'invalid_grant'));
    });
  });

  describe('other failures in Spring Boot\'s shape', () => {
    it('405 for a method CAS does not map', async () => {
      const res = await request(runtime.app).put(TOKEN).type('form').send({ grant_type: 'password' });
      expectSpringError(profile, res, 405, TOKEN);
      expect(res.body.message).toBe("Request method 'PUT' not supported");
      if (profile === 'cas5') expect(res.body.exception).toBe('org.springframework.web.HttpRequestMethodNotSupportedException');
    });

    it('413 for a huge body', async () => {
      const res = await form({ grant_type: 'client_credentials', padding: 'x'.repeat(200_000) }, basic('xxx', 'xxx='));
      expectSpringError(profile, res, 413, TOKEN);
    });
  });
});

describe('CAS token endpoint configuration', () => {
  it('mounts under a base path, which Spring\'s error path reports', async () => {
    const runtime = await startCas('cas5', { base_path: '/cas' });
    try {
      const ok = await seedRequest(runtime, SEED_QUERY, 'post', '/cas');
      expect(ok.status).toBe(200);
      expect(Object.keys(ok.body)).toEqual(['access_token', 'token_type', 'expires_in']);
      const denied = await seedRequest(runtime, { ...SEED_QUERY, password: 'nope' }, 'post', '/cas');
      expectSpringError('cas5', denied, 401, '/cas/oauth2.0/accessToken');
      expect((await seedRequest(runtime, SEED_QUERY)).status).toBe(404);
    } finally {
      await runtime.close();
    }
  });

  it('takes the TTL from the section and a client override, and a ticket suffix', async () => {
    const config = casConfig('cas6', { access_token_ttl: 7200, ticket_suffix: 'node1' });
    config.clients = config.clients!.map((c) => (c.client_id === 'rt-app' ? { ...c, access_token_ttl: 60 } : c));
    const runtime = await startRuntime({ config });
    try {
      const seed = await seedRequest(runtime, SEED_QUERY);
      expect(seed.body.expires_in).toBe(7200);
      expect(seed.body.access_token).toMatch(/^AT-[0-9]+-[A-Za-z0-9-]{32}-node1$/);
      expectSchema('cas', 'token.response', seed.body);
      const short = await request(runtime.app).post(TOKEN).set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ grant_type: 'client_credentials' });
      expect(short.body.expires_in).toBe(60);
    } finally {
      await runtime.close();
    }
  });

  it('refuses a client_secret in a GET query string when told to (latest CAS 7)', async () => {
    const runtime = await startCas('cas7', { reject_client_secret_in_query: true });
    try {
      expectRequestError('cas7', await seedRequest(runtime, SEED_QUERY, 'get'), 'invalid_grant');
      expect((await seedRequest(runtime, SEED_QUERY, 'post')).status).toBe(200);
    } finally {
      await runtime.close();
    }
  });

  it.each(PROFILE_NAMES)('%s: a grant that fails after authentication (user locked since) is invalid_grant', async (profile) => {
    const store = new MemoryStore();
    const before = await startRuntime({ config: casConfig(profile), store });
    const config = casConfig(profile);
    config.users = config.users!.map((u) => (u.username === 'xxx' ? { ...u, status: 'locked' as const } : u));
    const after = await startRuntime({ config, store });
    try {
      const login = await request(before.app).post(TOKEN).set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ grant_type: 'password', username: 'xxx', password: 'xxx' });
      const res = await request(after.app).post(TOKEN).set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
      expectRequestError(profile, res, 'invalid_grant', 'Invalid or unauthorized grant');
    } finally {
      await before.close();
      await after.close();
      await store.close();
    }
  });

  it.each(PROFILE_NAMES)('%s: a store outage is a 503 in Spring Boot\'s shape', async (profile) => {
    const memory = new MemoryStore();
    const down = new Proxy(memory, {
      get(target, property, receiver) {
        if (property === 'reserveSequence' || property === 'saveTokens') {
          return () => Promise.reject(new CoreError('server_unavailable', 'store unreachable'));
        }
        return Reflect.get(target, property, receiver);
      },
    }) as TokenStore;
    const runtime = await startRuntime({ config: casConfig(profile), store: down });
    try {
      const res = await seedRequest(runtime, SEED_QUERY);
      expectSpringError(profile, res, 503, TOKEN);
      expect(res.body.error).toBe('Service Unavailable');
    } finally {
      await runtime.close();
      await memory.close();
    }
  });
});
