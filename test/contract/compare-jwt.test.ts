import { compareResponse } from '../../src/contract/compare';
import type { ContractResponse } from '../../src/contract/http';
import type { Expectation } from '../../src/contract/types';

const NOW = 1_800_000_000;
const ACCESS_CLAIMS = { sub: 'MOCK_USER_ID', aud: 'TENANT_CLIENT_ID', nbf: NOW, scope: ['openid'], iss: 'https://tenant.example', exp: NOW + 300, iat: NOW, jti: '0b6a0c4e-4d1f-4c55-9a7a-1e0d1cf2b0a1' };

/** A CIAM-shaped token (header kid, typ, alg, in that order); the kit checks shapes, so the signature is a placeholder. */
function ciamToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ kid: 'k1', typ: 'JWT', alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const response = (body: unknown): ContractResponse => ({ status: 200, headers: new Headers(), body });
const EXPECT: Expectation = {
  status: 200,
  jwts: { '/access_token': { header: 'jwt.header', headerOrder: ['kid', 'typ', 'alg'], claims: 'access-token.claims', claimOrder: Object.keys(ACCESS_CLAIMS) } },
};

describe('the contract kit on tokens that are JWTs', () => {
  it('accepts a token whose header and claims match their schemas and order', () => {
    expect(compareResponse('ciam', EXPECT, response({ access_token: ciamToken(ACCESS_CLAIMS) }))).toEqual([]);
  });

  it('names the claim that is missing, a claim out of order, and a token that is not a JWT', () => {
    const { sub, ...withoutSub } = ACCESS_CLAIMS;
    expect(compareResponse('ciam', EXPECT, response({ access_token: ciamToken({ subject: sub, ...withoutSub }) }))).toEqual([
      "/access_token claims/sub: must have required property 'sub' (required)",
    ]);
    const { jti, ...rest } = ACCESS_CLAIMS;
    expect(compareResponse('ciam', EXPECT, response({ access_token: ciamToken({ jti, ...rest }) }))).toEqual([
      '/access_token claim order jti, sub, aud, nbf, scope, iss, exp, iat ≠ sub, aud, nbf, scope, iss, exp, iat, jti',
    ]);
    expect(compareResponse('ciam', EXPECT, response({ access_token: 'opaque-value' }))).toEqual(['/access_token: not a JWT']);
  });

  it('leaves an opaque token alone where the server may issue either', () => {
    const either: Expectation = { status: 200, jwts: { '/access_token': { claims: 'access-token.claims', onlyIfJwt: true } } };
    expect(compareResponse('spring', either, response({ access_token: '1f6e0a5c-8b9d-4a11-9d0e-3c0b9f3f2a10' }))).toEqual([]);
    expect(compareResponse('spring', either, response({ access_token: ciamToken({ nothing: 'like spring' }) }))).not.toEqual([]);
  });
});
