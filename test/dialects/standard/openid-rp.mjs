// A relying party built on openid-client (ESM only, so it runs in a process of its own), driven
// by oidc-client.test.ts: one JSON request per line on stdin, one JSON answer per line on stdout.
import { createInterface } from 'node:readline';
import { URL } from 'node:url';
import * as client from 'openid-client';

let config;
const flows = new Map();

const tokensOf = (response) => ({ ...response, claims: response.claims() ?? null });

const operations = {
  async discover({ issuer, clientId, clientSecret }) {
    config = await client.discovery(new URL(issuer), clientId, { require_auth_time: true }, client.ClientSecretBasic(clientSecret), {
      // Plain http on the loopback; ID token signatures checked against the provider's JWKS.
      execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks],
    });
    return config.serverMetadata();
  },
  /** A new authorization request: PKCE S256, a nonce and a state, remembered under `flow`. */
  async authorizationUrl({ flow, redirectUri, scope }) {
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const state = client.randomState();
    flows.set(flow, { verifier, nonce, state });
    const parameters = { redirect_uri: redirectUri, scope, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', nonce, state };
    return { url: client.buildAuthorizationUrl(config, parameters).href, nonce, state };
  },
  async callback({ flow, url, expectedNonce }) {
    const { verifier, nonce, state } = flows.get(flow);
    const checks = { pkceCodeVerifier: verifier, expectedNonce: expectedNonce ?? nonce, expectedState: state, idTokenExpected: true, maxAge: 3600 };
    return tokensOf(await client.authorizationCodeGrant(config, new URL(url), checks));
  },
  async userinfo({ accessToken, subject }) {
    return client.fetchUserInfo(config, accessToken, subject);
  },
  async refresh({ refreshToken }) {
    return tokensOf(await client.refreshTokenGrant(config, refreshToken));
  },
  async introspect({ token }) {
    return client.tokenIntrospection(config, token);
  },
  async revoke({ token }) {
    await client.tokenRevocation(config, token);
    return null;
  },
};

const out = (answer) => process.stdout.write(`${JSON.stringify(answer)}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const { id, op, args } = JSON.parse(line);
  try {
    out({ id, value: await operations[op](args) });
  } catch (error) {
    out({ id, error: { name: error.name, code: error.code, message: error.message, error: error.error, cause: error.cause?.message } });
  }
}
