import request from 'supertest';
import type { RawConfig } from '../../src/config/types';
import { DIALECTS } from '../../dialects';
import { redirectDialect } from '../fixtures/redirect-dialect';
import { testConfig } from './gateway';

/** The registered dialects plus the redirect fixture on `/fx`. */
export const SIGNIN_DIALECTS = [...DIALECTS, redirectDialect()];

/** Clients and users for the browser sign-in: two dialects, consent, a public client, locked users. */
export function signInConfig(overrides: Partial<RawConfig> = {}): RawConfig {
  return testConfig({
    clients: [
      {
        client_id: 'portal',
        client_name: 'Staff portal',
        client_secret: 'portal-secret',
        grant_types: ['authorization_code', 'refresh_token'],
        scopes: ['openid', 'profile', 'read'],
        redirect_uris: ['http://portal.test/callback', 'http://portal.test/other'],
      },
      {
        client_id: 'expenses',
        client_name: '报销系统',
        client_secret: 'expenses-secret',
        grant_types: ['authorization_code'],
        scopes: [],
        redirect_uris: ['http://expenses.test/cb'],
      },
      {
        client_id: 'asks-consent',
        client_name: 'Photo printer',
        client_secret: 'consent-secret',
        grant_types: ['authorization_code'],
        scopes: ['read', 'write'],
        redirect_uris: ['http://consent.test/cb'],
        require_consent: true,
      },
      { client_id: 'spa', client_name: 'Single-page app', grant_types: ['authorization_code'], scopes: ['read'], redirect_uris: ['http://spa.test/cb'] },
      { client_id: 'machine', client_secret: 'machine-secret', grant_types: ['client_credentials'], redirect_uris: ['http://machine.test/cb'] },
    ],
    users: [
      { username: 'alice', password: 'wonderland', uid: '1001', attributes: { email: 'alice@example.com', phone_number: '+8613800000000', name: 'Alice' } },
      { username: 'bob', password: 'builder', uid: '1002' },
      { username: 'mallory', password: 'locked-out', status: 'locked' },
      { username: 'dave', password: 'disabled-pw', status: 'disabled' },
    ],
    dialects: { standard: { enabled: true }, fixture: { enabled: true } },
    signin: { lockout: { user_failures: 3, address_failures: 30, window: 300, duration: 120 } },
    ...overrides,
  });
}

/** The hidden fields of the page's sign-in (or consent, or sign-out) form. */
export function formFields(html: string): { csrf: string; flow: string } {
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  return { csrf: value('csrf'), flow: value('flow') };
}

/** The text of the page's alert box, if any. */
export function alertText(html: string): string | undefined {
  return /<div class="alert" role="alert">([^<]*)<\/div>/.exec(html)?.[1];
}

/** Query parameters of a redirect's Location, in order. */
export function queryOf(location: string): Record<string, string> {
  return Object.fromEntries(new URL(location).searchParams.entries());
}

export function authorizePath(params: Record<string, string>, base = '/std/authorize'): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

/** The portal client's code request used by dialects' authorize tests. */
export const PORTAL_CODE_REQUEST = { response_type: 'code', client_id: 'portal', redirect_uri: 'http://portal.test/callback', state: 'xyz' };

/**
 * Opens an authorize URL in a fresh browser-like agent, signs in on the page it shows, and
 * follows the sign-in back to the authorize step: returns that step's answer (the client redirect).
 */
export async function signInThrough(app: Parameters<typeof request.agent>[0], path: string, username: string, password: string) {
  const agent = request.agent(app);
  const page = await agent.get(path);
  expect(page.status).toBe(200);
  expect(page.text).toContain('<form method="post" action="/signin"');
  const posted = await agent.post('/signin').type('form').send({ ...formFields(page.text), username, password });
  expect(posted.status).toBe(303);
  return { page, back: await agent.get(posted.headers.location) };
}
