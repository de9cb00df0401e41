import type { Request } from 'express';
import { CoreError, type Client, type TokenKind, type TokenRequest } from '../../src/core';
import { readParams } from '../kit';
import { requireAdmin } from './support/admin';
import { parseApiRequest, type ApiQuery, type ApiRequestBody } from './support/api-request';
import type { IformContext } from './support/context';
import { coreGrantType } from './support/grant-names';
import { DATE_FIELDS, ROW_FIELDS } from './support/token-rows';

/** IBPS sends its token in this header (front-end `VUE_APP_TOKEN_KEY`). */
export const TOKEN_HEADER = 'x-authorization-access_token';

/**
 * The JSON object body of an IBPS call (`@RequestBody`). No body reads as `{}`; a body of
 * another media type is a transport failure (415), a JSON value that is not an object an
 * illegal request.
 */
export function jsonBody(req: Request): Record<string, unknown> {
  if (isEmpty(req)) return {};
  const type = req.is(['application/json', '+json']);
  if (type === null) return {};
  if (type === false) throw new CoreError('unsupported_media_type', 'the body must be application/json');
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CoreError('invalid_request', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function isEmpty(req: Request): boolean {
  return req.headers['transfer-encoding'] === undefined && Number(req.headers['content-length'] ?? 0) === 0;
}

/** The caller's access token: the header IBPS clients send, else the `access_token` query parameter. */
export function headerToken(req: Request): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header !== '') return header.trim();
  const query = req.query.access_token;
  return typeof query === 'string' && query !== '' ? query : undefined;
}

export function optionalString(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * An `apply` call: a refresh where the refresh token speaks for its own client (no
 * `client_secret`), or a grant for an authenticated client.
 */
export type ApplyRequest = { grantType: string; redirectUri?: string } & (
  | { kind: 'refresh-for-token-client'; refreshToken?: string; clientId?: string }
  | { kind: 'grant'; request: TokenRequest }
);

/** `POST …/authentication/apply`: a JSON body with IBPS grant names. */
export async function parseApplyRequest(ctx: IformContext, req: Request): Promise<ApplyRequest> {
  const params = jsonBody(req);
  ctx.validate.apply(params);
  const grantType = coreGrantType(params.grant_type as string)!;
  const redirectUri = optionalString(params, 'redirect_uri');
  if (refreshesForTokenClient(ctx, params, grantType)) {
    return { kind: 'refresh-for-token-client', grantType, redirectUri, refreshToken: optionalString(params, 'refresh_token'), clientId: optionalString(params, 'client_id') };
  }
  const request: TokenRequest = {
    grantType,
    client: await applyClient(ctx, req, params, grantType),
    username: optionalString(params, 'username'),
    password: params.password as string | undefined,
    refreshToken: optionalString(params, 'refresh_token'),
    code: optionalString(params, 'authorize_code'),
    redirectUri,
  };
  return { kind: 'grant', grantType, redirectUri, request };
}

function refreshesForTokenClient(ctx: IformContext, params: Record<string, unknown>, coreGrant: string): boolean {
  return coreGrant === 'refresh_token' && ctx.settings.refreshWithoutClientAuth && optionalString(params, 'client_secret') === undefined;
}

/**
 * The client of an `apply` call. With `client_secret` it is authenticated. Without it (older
 * IBPS clients, and the v3 document's refresh example) a refresh token speaks for the client
 * it was issued to (`refreshesForTokenClient`), and a password grant may fall back to
 * `default_client_id`; a public client needs no secret.
 */
async function applyClient(ctx: IformContext, req: Request, params: Record<string, unknown>, coreGrant: string): Promise<Client> {
  const clientId = optionalString(params, 'client_id');
  const clientSecret = optionalString(params, 'client_secret');
  if (clientSecret !== undefined) {
    return ctx.engine.authenticateClient({ clientId, clientSecret, method: 'client_secret_post' }, req);
  }
  if (clientId === undefined && coreGrant === 'password' && ctx.settings.defaultClientId !== undefined) {
    const client = ctx.engine.directory.client(ctx.settings.defaultClientId);
    if (client) return client;
  }
  return ctx.engine.authenticateClient({ clientId, method: 'none' }, req);
}

/** `…/authentication/verify?access_token=…[&uid=…]`, from the query, a form or a JSON body. */
export function parseVerifyRequest(ctx: IformContext, req: Request): { accessToken?: string; uid?: string } {
  // Spring's @RequestParam reads the query and form bodies; JSON is accepted as well.
  const params = readParams(req, { query: true, form: true, json: true, repeated: 'error' });
  ctx.validate.verify(params);
  return { accessToken: optionalString(params, 'access_token'), uid: optionalString(params, 'uid') };
}

/** `POST …/authentication/query` (admin): an APIRequest over the token rows. */
export async function parseQueryRequest(ctx: IformContext, req: Request): Promise<ApiQuery> {
  await requireAdmin(ctx, headerToken(req));
  const body = jsonBody(req);
  ctx.validate.query(body);
  const limits = { defaultLimit: ctx.settings.queryDefaultLimit, maxLimit: ctx.settings.queryMaxLimit };
  return parseApiRequest(body as ApiRequestBody, { all: ROW_FIELDS, dates: DATE_FIELDS }, limits);
}

/** `POST …/authentication/remove` (admin): `type:"token"` names access tokens, `type:"refresh"` refresh tokens. */
export async function parseRemoveRequest(ctx: IformContext, req: Request): Promise<{ kind: TokenKind; tokens: string[] }> {
  await requireAdmin(ctx, headerToken(req));
  const body = jsonBody(req);
  ctx.validate.remove(body);
  const kind: TokenKind = body.type === 'refresh' ? 'refresh_token' : 'access_token';
  return { kind, tokens: [...new Set(body.tokens as string[])] };
}

/**
 * The access token a switch call acts on: the body's `access_token` (the IBPS client sends it
 * there and in the header), else the header. `client_id` / `client_secret`, when sent, must
 * authenticate the token's own client.
 */
async function actingToken(ctx: IformContext, req: Request, params: Record<string, unknown>): Promise<string | undefined> {
  const token = optionalString(params, 'access_token') ?? headerToken(req);
  const clientId = optionalString(params, 'client_id');
  if (clientId !== undefined || params.client_secret !== undefined) {
    const client = await ctx.engine.authenticateClient({ clientId, clientSecret: optionalString(params, 'client_secret'), method: 'client_secret_post' }, req);
    const record = await ctx.engine.verify(token, 'access_token');
    if (record.clientId !== client.clientId) throw new CoreError('invalid_client', 'the access token was issued to another client', { reason: 'bad_credentials' });
  }
  return token;
}

/** `POST …/authentication/switch`: the admin's access token and the user to become. */
export async function parseSwitchRequest(ctx: IformContext, req: Request): Promise<{ accessToken?: string; username?: string }> {
  const params = jsonBody(req);
  ctx.validate.switch(params);
  const accessToken = await actingToken(ctx, req, params);
  return { accessToken, username: optionalString(params, 'username') };
}

/** `POST …/authentication/switch/exit`: the impersonated access token; `username`, when checked, must be the admin. */
export async function parseSwitchExitRequest(ctx: IformContext, req: Request): Promise<string | undefined> {
  const params = jsonBody(req);
  ctx.validate['switch-exit'](params);
  const token = await actingToken(ctx, req, params);
  if (ctx.settings.switchExitChecksUsername) {
    const record = await ctx.engine.verify(token, 'access_token');
    const username = optionalString(params, 'username');
    if (record.impersonation && username !== undefined && username !== record.impersonation.username) {
      throw new CoreError('invalid_request', 'username is not the administrator who switched', { parameter: 'username' });
    }
  }
  return token;
}

/** `POST …/user/login/apply`: `captcha` and `requestId` are accepted and not checked (the gateway has no captcha). */
export function parseLoginRequest(ctx: IformContext, req: Request): { username: string; password: string } {
  const params = jsonBody(req);
  ctx.validate.login(params);
  return { username: params.username as string, password: params.password as string };
}

/** `POST …/authorize/apply {client_id, login_state}`: the client is looked up, not authenticated. */
export function parseAuthorizeRequest(ctx: IformContext, req: Request): { client: Client; loginState: unknown; redirectUri?: string } {
  const params = jsonBody(req);
  ctx.validate.authorize(params);
  const client = ctx.engine.directory.client(params.client_id as string);
  if (!client) throw new CoreError('invalid_client', 'unknown client_id', { reason: 'unknown_client', parameter: 'client_id' });
  return { client, loginState: params.login_state, redirectUri: optionalString(params, 'redirect_uri') };
}
