import request from 'supertest';
import type { DialectSection } from '../../../src/config/types';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { BASE, BASE64URL_27, SEED, UUID, basic, expectContainerError, expectOAuth2Error, springConfig, tokenRequest } from './helpers';

const TOKEN_PATH = `${BASE}/oauth/token`;

async function withRuntime(spring: DialectSection, run: (runtime: Runtime) => Promise<void>, clock?: TestClock): Promise<void> {
  const runtime = await startRuntime({ config: springConfig(spring), now: clock?.now });
  try {
    await run(runtime);
  } finally {
    await runtime.close();
  }
}

describe('spring opaque tokens (the default format, profile 2.3)', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  beforeAll(async () => {
    runtime = await startRuntime({ config: springConfig({ access_token_validity: 7200 }), now: clock.now });
  });
  afterAll(() => runtime.close());

  it('issues UUID tokens without jti: access_token, token_type, refresh_token, expires_in, scope', async () => {
    const res = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
    expect(res.status).toBe(200);
    expectSchema('spring', 'token.response', res.body);
    expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope']);
    expect(res.body.access_token).toMatch(UUID);
    expect(res.body.refresh_token).toMatch(UUID);
    expect(res.body.expires_in).toBe(7199);
  });

  it('hands back the live token for the same user, client and scope, its expires_in counting down', async () => {
    const first = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' });
    clock.advance(50);
    const second = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder' });
    expect(second.body.access_token).toBe(first.body.access_token);
    expect(second.body.refresh_token).toBe(first.body.refresh_token);
    expect(second.body.expires_in).toBe(7149);
    const narrower = await tokenRequest(runtime, { grant_type: 'password', username: 'bob', password: 'builder', scope: 'read' });
    expect(narrower.body.access_token).not.toBe(first.body.access_token);
    const cc1 = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    const cc2 = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    expect(cc2.body.access_token).toBe(cc1.body.access_token);
  });

  it('refreshes with the same refresh token', async () => {
    const login = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'write' });
    const refreshed = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBe(login.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(login.body.access_token);
  });

  it('refuses an unknown refresh token with 400 invalid_grant, echoing it', async () => {
    const res = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: 'nope' });
    expectOAuth2Error(res, 400, { error: 'invalid_grant', error_description: 'Invalid refresh token: nope' });
  });

  it('without form authentication, a client_id parameter other than the Basic client is a 401', async () => {
    const description = 'Given client ID does not match authenticated client';
    for (const clientId of ['', ` ${SEED.id}`, 'cc-only']) {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials', client_id: clientId });
      expectOAuth2Error(res, 401, { error: 'invalid_client', error_description: description }, `Bearer error="invalid_client", error_description="${description}"`);
    }
  });

  it('does not serve /oauth/token_key without JWT tokens', async () => {
    expect((await request(runtime.app).get(`${BASE}/oauth/token_key`)).status).toBe(404);
  });

  it('takes no form credentials unless allow_form_authentication is on: the Basic challenge', async () => {
    const res = await tokenRequest(runtime, { grant_type: 'client_credentials', client_id: SEED.id, client_secret: SEED.secret }, null);
    expectContainerError(res, 401, 'Unauthorized', 'Unauthorized', TOKEN_PATH);
    expect(res.headers['www-authenticate']).toBe('Basic realm="oauth2/client"');
  });
});

describe('spring profiles', () => {
  it('2.4: 27-character base64url tokens, new messages, check_token POST-only', async () => {
    await withRuntime({ profile: '2.4', check_token_access: 'isAuthenticated' }, async (runtime) => {
      const res = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
      expect(res.body.access_token).toMatch(BASE64URL_27);
      expect(res.body.refresh_token).toMatch(BASE64URL_27);
      expectOAuth2Error(await tokenRequest(runtime, { grant_type: 'foo' }), 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
      expectOAuth2Error(await tokenRequest(runtime, { grant_type: 'refresh_token' }), 400, { error: 'invalid_request', error_description: 'refresh_token parameter not provided' });
      const get = await request(runtime.app).get(`${BASE}/oauth/check_token`).set('Authorization', basic(SEED.id, SEED.secret)).query({ token: res.body.access_token });
      expect(get.status).toBe(405);
    });
  });

  it('2.3.7: UUID tokens, "Unsupported grant type" without echo, check_token POST-only, 500 for a missing refresh token', async () => {
    await withRuntime({ profile: '2.3.7', check_token_access: 'isAuthenticated' }, async (runtime) => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials' });
      expect(res.body.access_token).toMatch(UUID);
      expectOAuth2Error(await tokenRequest(runtime, { grant_type: 'foo' }), 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
      expectOAuth2Error(await tokenRequest(runtime, { grant_type: 'refresh_token' }), 500, { error: 'server_error', error_description: 'Internal Server Error' });
      const get = await request(runtime.app).get(`${BASE}/oauth/check_token`).set('Authorization', basic(SEED.id, SEED.secret)).query({ token: res.body.access_token });
      expect(get.status).toBe(405);
    });
  });

  it('token_endpoint_methods [GET, POST]: GET with query parameters issues a token', async () => {
    await withRuntime({ token_endpoint_methods: ['GET', 'POST'], allow_form_authentication: true }, async (runtime) => {
      const res = await request(runtime.app).get(TOKEN_PATH).query({ grant_type: 'client_credentials', client_id: SEED.id, client_secret: SEED.secret });
      expect(res.status).toBe(200);
      expectSchema('spring', 'token.response', res.body);
    });
  });

  it('password_grant: false (no AuthenticationManager) makes password unsupported', async () => {
    await withRuntime({ password_grant: false }, async (runtime) => {
      const res = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
      expectOAuth2Error(res, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: password' });
    });
  });

  it('reuse_refresh_token: false rotates the refresh token', async () => {
    await withRuntime({ reuse_refresh_token: false }, async (runtime) => {
      const login = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
      const refreshed = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
      const old = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
      expectOAuth2Error(old, 400, { error: 'invalid_grant', error_description: `Invalid refresh token: ${login.body.refresh_token}` });
    });
  });

  it.each([
    ['1.x', 'number', 'Bad credentials'],
    ['2.3', 'string', ''],
    ['2.5', 'string', undefined],
  ] as const)('boot_error_format %s writes the Boot error page of that generation', async (format, timestampType, message) => {
    await withRuntime({ boot_error_format: format }, async (runtime) => {
      const res = await tokenRequest(runtime, { grant_type: 'client_credentials' }, basic(SEED.id, 'wrong'));
      expectContainerError(res, 401, 'Unauthorized', message, TOKEN_PATH);
      expect(typeof res.body.timestamp).toBe(timestampType);
    });
  });
});
