/** What each target sends, and what a good answer looks like. */
import { SPRING_BASE_PATH, type BenchCredentials, type DialectName, type GatewaySetup } from './gateway-config';
import type { Target } from './load';

export interface ServerUrls {
  hello: string;
  floor: string;
  oidcProvider: string;
  gateway: string;
}

/** The tokens the introspection targets ask about, obtained (and checked) before the runs. */
export interface IntrospectedTokens {
  floor: string;
  oidcProvider: string;
  gateway: string;
}

const FORM = 'application/x-www-form-urlencoded';

export const isHello = (body: string) => body === 'hello';
export const hasAccessToken = (body: string) => body.includes('"access_token"');
export const isActive = (body: string) => body.includes('"active":true');

export function formTarget(id: string, label: string, url: string, body: string, authorization?: string, verify = hasAccessToken): Target {
  return { id, label, method: 'POST', url, headers: { 'content-type': FORM, ...(authorization ? { authorization } : {}) }, body, verify };
}

export function introspectionBody(token: string): string {
  return `token=${encodeURIComponent(token)}`;
}

export function clientCredentialsBody(scope?: string): string {
  return `grant_type=client_credentials${scope ? `&scope=${encodeURIComponent(scope)}` : ''}`;
}

/** Each dialect's client_credentials request, as that vendor's clients send it. */
export function dialectTokenTarget(dialect: DialectName, gatewayUrl: string, setup: GatewaySetup): Target {
  const client: BenchCredentials = setup.clients[dialect];
  const { scope } = setup;
  switch (dialect) {
    case 'standard':
      return formTarget('gateway.client_credentials', 'gateway standard opaque', `${gatewayUrl}/std/token`, clientCredentialsBody(scope), client.authorization);
    case 'cas':
      return formTarget('gateway.cas.client_credentials', 'gateway CAS (AT-n ticket)', `${gatewayUrl}/oauth2.0/accessToken`, clientCredentialsBody(), client.authorization);
    case 'spring':
      return formTarget('gateway.spring.client_credentials', 'gateway Spring (HS256 JWT)', `${gatewayUrl}${SPRING_BASE_PATH}/oauth/token`, clientCredentialsBody(scope), client.authorization);
    case 'maxkey':
      return formTarget('gateway.maxkey.client_credentials', 'gateway MaxKey (live token reused)', `${gatewayUrl}/sign/authz/oauth/v20/token`, clientCredentialsBody(scope), client.authorization);
    case 'ciam':
      return formTarget('gateway.ciam.client_credentials', 'gateway CIAM (RS256 JWT)', `${gatewayUrl}/oauth2/token`, clientCredentialsBody(scope), client.authorization);
    case 'iform':
      return {
        id: 'gateway.iform.client_credentials',
        label: 'gateway iform apply (token pair)',
        method: 'POST',
        url: `${gatewayUrl}/iform/oauth2/v3/authentication/apply`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: client.clientId, client_secret: client.secret, grant_type: 'client_credentials' }),
        verify: (body) => body.includes('"state":200') && hasAccessToken(body),
      };
  }
}

export const DIALECTS_COMPARED: DialectName[] = ['cas', 'spring', 'maxkey', 'ciam', 'iform'];

export function tokenTargets(urls: ServerUrls, setup: GatewaySetup, oidcClient: BenchCredentials): Record<'floor' | 'oidcProvider' | 'gateway', Target> {
  return {
    floor: formTarget('floor.client_credentials', 'floor (express + SET EX)', `${urls.floor}/token`, clientCredentialsBody(setup.scope)),
    oidcProvider: formTarget('oidc-provider.client_credentials', 'oidc-provider 9', `${urls.oidcProvider}/token`, clientCredentialsBody(setup.scope), oidcClient.authorization),
    gateway: dialectTokenTarget('standard', urls.gateway, setup),
  };
}

export function introspectionTargets(urls: ServerUrls, setup: GatewaySetup, oidcClient: BenchCredentials, tokens: IntrospectedTokens): Record<keyof IntrospectedTokens, Target> {
  return {
    floor: formTarget('floor.introspection', 'floor (express + GET)', `${urls.floor}/introspect`, introspectionBody(tokens.floor), undefined, isActive),
    oidcProvider: formTarget('oidc-provider.introspection', 'oidc-provider 9', `${urls.oidcProvider}/token/introspection`, introspectionBody(tokens.oidcProvider), oidcClient.authorization, isActive),
    gateway: formTarget('gateway.introspection', 'gateway standard opaque', `${urls.gateway}/std/introspect`, introspectionBody(tokens.gateway), setup.clients.standard.authorization, isActive),
  };
}

export function helloTarget(urls: ServerUrls): Target {
  return { id: 'express.hello', label: 'express 5 hello', method: 'GET', url: `${urls.hello}/hello`, verify: isHello };
}
