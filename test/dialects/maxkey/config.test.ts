import request from 'supertest';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { APP, APP_SECRET, maxkeyConfig, passwordForm, tokenPost } from './helpers';

describe('MaxKey configuration', () => {
  it('refuses an unknown profile at start-up', async () => {
    await expect(startRuntime({ config: maxkeyConfig({ profile: 'jackson3' }) })).rejects.toThrow(/maxkey/);
  });

  it('moves every endpoint with base_path and takes the token validity from the section, an app TTL winning', async () => {
    const runtime = await startRuntime({
      config: maxkeyConfig(
        { base_path: '/maxkey', access_token_validity: 7200 },
        {
          clients: [
            { client_id: APP, client_secret: APP_SECRET, grant_types: ['client_credentials'], scopes: ['read'] },
            { client_id: 'short', client_secret: 'short-secret', grant_types: ['client_credentials'], scopes: ['read'], access_token_ttl: 60 },
          ],
        },
      ),
    });
    try {
      const res = await request(runtime.app).post('/maxkey/authz/oauth/v20/token').type('form').send({ client_id: APP, client_secret: APP_SECRET });
      expect(res.body.expires_in).toBe(7199);
      const short = await request(runtime.app).post('/maxkey/oauth2/token').type('form').send({ client_id: 'short', client_secret: 'short-secret' });
      expect(short.body.expires_in).toBe(59);
      expect((await request(runtime.app).post('/sign/authz/oauth/v20/token').type('form').send({ client_id: APP, client_secret: APP_SECRET })).status).toBe(404);
      const discovery = await request(runtime.app).get('/maxkey/.well-known/openid-configuration');
      expect(discovery.body.token_endpoint).toBe('http://gateway.test/maxkey/authz/oauth/v20/token');
    } finally {
      await runtime.close();
    }
  });

  it('/me for a token of an app removed since: "Client not valid" (HTTP 200)', async () => {
    const config = maxkeyConfig();
    const runtime = await startRuntime({ config });
    try {
      const token = (await tokenPost(runtime, passwordForm())).body.access_token;
      await runtime.reload({ ...config, clients: config.clients!.filter((c) => c.client_id !== APP) });
      const res = await request(runtime.app).get(`/sign/api/oauth/v20/me?access_token=${token}`);
      expect(res.status).toBe(200);
      expectSchema('maxkey', 'me-error.response', res.body);
      expect(res.body).toEqual({ error_description: `Client not valid: ${APP}`, error: 'invalid_token' });
    } finally {
      await runtime.close();
    }
  });
});
