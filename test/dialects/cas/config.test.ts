import { ConfigError } from '../../../src/config/validate';
import { demoConfig } from '../../../src/config/demo';
import { loadConfig } from '../../../src/config/load';
import { DIALECTS } from '../../../dialects';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { serveCli } from '../../helpers/cli';
import { casConfig, SEED_QUERY, seedRequest, TICKET } from './cas-gateway';

describe('CAS dialect configuration', () => {
  it('fails start-up naming the path of a bad per-client setting', async () => {
    const config = casConfig('cas5');
    const index = config.clients!.findIndex((c) => c.client_id === 'xxx');
    config.clients![index] = { ...config.clients![index], settings: { cas: { json_format: 'yes', colour: 'red' } } };
    const attempt = startRuntime({ config });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(`/clients/${index}/settings/cas`);
  });

  it.each([
    [{ user_profile_view_type: 'sideways' }, '/user_profile_view_type'],
    [{ generate_refresh_token: 1 }, '/generate_refresh_token'],
    [{ colour: 'red' }, 'unknown key "colour"'],
  ])('rejects settings.cas %j', async (cas, message) => {
    const config = casConfig('cas6');
    config.clients = [...config.clients!, { client_id: 'odd', client_secret: 'odd-secret', settings: { cas } }];
    await expect(startRuntime({ config })).rejects.toThrow(message);
  });

  it('rejects an unknown profile and unknown section keys at load', () => {
    expect(() => loadConfig(casConfig('cas5', { profile: 'cas4' }), DIALECTS)).toThrow('/dialects/cas/profile');
    expect(() => loadConfig(casConfig('cas5', { jsonFormat: true }), DIALECTS)).toThrow('unknown key "jsonFormat"');
  });

  it('describes the requests the tests send in the request schemas', () => {
    expectSchema('cas', 'token.request', SEED_QUERY);
    expectSchema('cas', 'token.request', { grant_type: 'authorization_code', code: 'OC-1-x', redirect_uri: 'https://my_server_url', code_verifier: 'v'.repeat(43) });
    expectSchema('cas', 'token.request', { grant_type: 'refresh_token', refresh_token: 'RT-1-x', client_id: 'public-app' });
    expectSchema('cas', 'profile.request', { access_token: 'AT-1-x' });
    expectSchema('cas', 'introspect.request', { token: 'AT-1-x' });
    expectSchema('cas', 'revoke.request', { token: 'AT-1-x', client_id: 'rt-app', client_secret: 'rt-secret' });
    expect(() => expectSchema('cas', 'token.request', { grant_type: 'authorization_code', code: 'OC-1-x' })).toThrow('redirect_uri');
    expect(() => expectSchema('cas', 'revoke.request', {})).toThrow('token');
  });

  it('defaults to the cas5 profile at the root path', async () => {
    const config = casConfig('cas5');
    delete config.dialects!.cas.profile;
    const runtime = await startRuntime({ config });
    try {
      const res = await seedRequest(runtime, SEED_QUERY);
      expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'expires_in']);
      const error = await seedRequest(runtime, { ...SEED_QUERY, password: 'x' });
      expect(typeof error.body.timestamp).toBe('number');
    } finally {
      await runtime.close();
    }
  });

  it('answers the seed request on the demo configuration', async () => {
    const runtime = await startRuntime({ config: { ...demoConfig('http://127.0.0.1:8080'), bcrypt: { cost: 4 } } });
    try {
      const res = await seedRequest(runtime, SEED_QUERY);
      expect(res.status).toBe(200);
      expectSchema('cas', 'token.cas5.response', res.body);
      expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'expires_in']);
      expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 28800 });
      const denied = await seedRequest(runtime, { ...SEED_QUERY, password: 'wrong' });
      expect(denied.status).toBe(401);
      expect(Object.keys(denied.body)).toEqual(['timestamp', 'status', 'error', 'message', 'path']);
      expect(denied.body).toMatchObject({ status: 401, error: 'Unauthorized', message: 'No message available', path: '/oauth2.0/accessToken' });
    } finally {
      await runtime.close();
    }
  });

  it('answers the seed request from the command line gateway', async () => {
    const server = await serveCli(['--port', '0']);
    try {
      const url = `${server.url}/oauth2.0/accessToken?grant_type=password&client_secret=xxx=&username=xxx&password=xxx&client_id=xxx`;
      const res = await fetch(url, { method: 'POST', headers: { service: 'https://my_server_url', 'Content-Type': 'application/json' } });
      expect(res.status).toBe(200);
      const text = await res.text();
      const body = JSON.parse(text);
      expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in']);
      expect(body.access_token).toMatch(TICKET('AT'));
      expect(text).toBe(JSON.stringify(body));
      expect(server.output()).toContain('/oauth2.0/accessToken');
    } finally {
      await server.stop();
    }
  });
});
