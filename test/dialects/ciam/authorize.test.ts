import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { formFields, queryOf } from '../../helpers/signin';
import { CALLBACK, ciamConfig, decodeJwt, EMAIL_AUTH_SOURCE, expectCiamTokens, pkcePair, SPA_CALLBACK, tokenRequest } from './ciam-helpers';

const authorizePath = (params: Record<string, string>) => {
  expectSchema('ciam', 'authorize.request', params);
  return `/oauth2/authorize?${new URLSearchParams(params).toString()}`;
};

describe('CIAM /oauth2/authorize on the shared browser sign-in', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: ciamConfig() });
  });
  afterAll(() => runtime.close());

  /** Opens the authorize URL in a browser-like agent, signs in, and follows back to the authorize endpoint. */
  async function signIn(path: string, username: string, password: string) {
    const agent = request.agent(runtime.app);
    const page = await agent.get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const posted = await agent.post('/signin').type('form').send({ ...formFields(page.text), username, password });
    return { agent, posted };
  }

  it('signs a user in and redirects with a 128-character code and the state; the code exchange carries the nonce (PKCE, public client)', async () => {
    const { verifier, challenge } = pkcePair();
    const path = authorizePath({
      scope: 'openid',
      client_id: 'SPA_CLIENT_ID',
      redirect_uri: SPA_CALLBACK,
      response_type: 'code',
      state: 'MOCK_STATE',
      code_challenge_method: 'S256',
      code_challenge: challenge,
      nonce: 'MOCK_NONCE',
    });
    const { agent, posted } = await signIn(path, '13612345678', 'MOCK_PASSWORD');
    expect(posted.status).toBe(303);
    const back = await agent.get(posted.headers.location);
    expect(back.status).toBe(302);
    const location = back.headers.location;
    expect(location.startsWith(`${SPA_CALLBACK}?`)).toBe(true);
    const query = queryOf(location);
    expect(Object.keys(query)).toEqual(['code', 'state']);
    expect(query.code).toMatch(/^[A-Za-z0-9_-]{128}$/);
    expect(query.state).toBe('MOCK_STATE');

    const tokens = await tokenRequest(runtime, { client_id: 'SPA_CLIENT_ID', grant_type: 'authorization_code', code: query.code, redirect_uri: SPA_CALLBACK, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    expectCiamTokens(tokens.body, ['access_token', 'refresh_token', 'scope', 'id_token', 'token_type', 'expires_in']);
    expect(decodeJwt(tokens.body.id_token).payload).toMatchObject({ sub: 'MOCK_USER_ID', aud: 'SPA_CLIENT_ID', nonce: 'MOCK_NONCE' });

    // Signed in once: the next authorization request goes straight back with a code.
    const again = await agent.get(authorizePath({ scope: 'openid', client_id: 'SPA_CLIENT_ID', redirect_uri: SPA_CALLBACK, response_type: 'code', code_challenge_method: 'S256', code_challenge: challenge }));
    expect(again.status).toBe(302);
    expect(queryOf(again.headers.location).code).toMatch(/^[A-Za-z0-9_-]{128}$/);
  });

  it('accepts only the identifiers of the auth source named by auth_source_id', async () => {
    const path = authorizePath({ scope: 'openid', client_id: 'OTHER_CLIENT_ID', redirect_uri: CALLBACK, response_type: 'code', auth_source_id: EMAIL_AUTH_SOURCE });
    const byUsername = await signIn(path, 'MOCK_USERNAME', 'MOCK_PASSWORD');
    expect(byUsername.posted.status).toBe(200);
    const byEmail = await signIn(path, 'MOCK_USERNAME@example.com', 'MOCK_PASSWORD');
    expect(byEmail.posted.status).toBe(303);
  });

  it('ends the portal session at /logout', async () => {
    const path = authorizePath({ scope: 'openid', client_id: 'TENANT_CLIENT_ID', redirect_uri: CALLBACK, response_type: 'code' });
    const { agent, posted } = await signIn(path, 'MOCK_USERNAME', 'MOCK_PASSWORD');
    expect((await agent.get(posted.headers.location)).status).toBe(302);
    const out = await agent.get('/logout?client_id=TENANT_CLIENT_ID&state=S1');
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe('https://example.com/logout?state=S1');
    expect((await agent.get(path)).status).toBe(200);
  });

  describe('errors', () => {
    const base = { scope: 'openid', client_id: 'TENANT_CLIENT_ID', redirect_uri: CALLBACK, response_type: 'code', state: 'MOCK_STATE' };

    it('redirects an unsupported code_challenge_method with the SAS description and RFC 7636 link', async () => {
      const res = await request(runtime.app).get(authorizePath({ ...base, code_challenge_method: 'plain', code_challenge: pkcePair().challenge }));
      expect(res.status).toBe(302);
      expect(res.headers.location.startsWith(`${CALLBACK}?`)).toBe(true);
      const query = queryOf(res.headers.location);
      expect(Object.keys(query)).toEqual(['error', 'error_description', 'error_uri', 'state']);
      expect(query).toEqual({
        error: 'invalid_request',
        error_description: 'OAuth 2.0 Parameter: code_challenge_method',
        error_uri: 'https://datatracker.ietf.org/doc/html/rfc7636#section-4.4.1',
        state: 'MOCK_STATE',
      });
    });

    it('redirects an auth source the application is not associated with', async () => {
      const res = await request(runtime.app).get(authorizePath({ ...base, auth_source_id: EMAIL_AUTH_SOURCE }));
      expect(res.status).toBe(302);
      expect(queryOf(res.headers.location)).toMatchObject({ error: 'invalid_request', error_description: 'OAuth 2.0 Parameter: auth_source_id' });
    });

    it.each([
      ['missing', undefined, 'invalid_request'],
      ['wrong', 'token', 'unsupported_response_type'],
    ])('answers a %s response_type with 400, not a redirect', async (_name, responseType, error) => {
      const params: Record<string, string> = { ...base };
      if (responseType === undefined) delete params.response_type;
      else params.response_type = responseType;
      const res = await request(runtime.app).get(`/oauth2/authorize?${new URLSearchParams(params).toString()}`);
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expectSchema('ciam', 'error.response', res.body);
      expect(res.body).toEqual({ error, error_description: 'OAuth 2.0 Parameter: response_type', error_uri: 'https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1' });
    });

    it.each([
      ['an unknown client_id', { client_id: 'NO_SUCH_CLIENT' }],
      ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example.com/callback' }],
    ])('answers %s with 400 and never redirects', async (_name, change) => {
      const res = await request(runtime.app).get(authorizePath({ ...base, ...change }));
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
    });
  });
});
