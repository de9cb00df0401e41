/**
 * Child process: panva's oidc-provider (ESM-only, hence this .mjs file), the peer baseline.
 * One confidential client (`client_secret_basic`, plain secret), client_credentials and
 * introspection enabled, records in Redis through the example-layout adapter under its own
 * key prefix. Opaque access tokens, as the gateway's standard dialect issues them.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import Provider from 'oidc-provider';
import { childOptions, failStart, serveParent } from './child-protocol.js';
import { listenOnLoopback } from './listen.js';
import { redisAdapter } from './oidc-redis-adapter.mjs';

async function main() {
  const { redisUrl, keyPrefix, issuer, clientId, clientSecret, scope, ttlSeconds } = childOptions();
  const redis = new Redis(redisUrl, { keyPrefix, maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    adapter: redisAdapter(redis),
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope,
      },
    ],
    scopes: scope.split(' '),
    features: {
      clientCredentials: { enabled: true },
      // Only the client a token was issued to may introspect it (the gateway's standard endpoint only authenticates the caller).
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => client.clientId === token.clientId },
      devInteractions: { enabled: false },
    },
    ttl: { ClientCredentials: ttlSeconds },
    jwks: { keys: [{ ...signingKey, kid: 'bench', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
  });
  provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider server_error: ${error.message}\n`));

  const { url, close } = await listenOnLoopback(provider.callback());
  serveParent(url, async () => {
    await close();
    redis.disconnect();
  });
}

main().catch(failStart);
