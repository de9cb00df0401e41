import type { OpenApiDocument } from '../docs/openapi';
import { DEFAULT_LIMIT, MAX_LIMIT } from './params';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const epoch = (description: string) => ({ type: 'integer', description });

/** What the admin API answers, as JSON Schemas (the tests validate its answers against them). */
export const ADMIN_SCHEMAS: Record<string, Schema> = {
  Token: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'issued_at', 'expires_at', 'expires_in'],
    properties: {
      kind: { enum: ['access_token', 'refresh_token'] },
      issued_at: epoch('epoch seconds'),
      expires_at: epoch('epoch seconds'),
      expires_in: { type: 'integer', minimum: 0, description: 'seconds left' },
    },
  },
  Grant: {
    type: 'object',
    additionalProperties: false,
    required: ['grant_id', 'dialect', 'client_id', 'subject', 'scope', 'grant_type', 'tokens'],
    properties: {
      grant_id: { type: 'string', description: 'a keyed hash (the grant\'s first token\'s storage id), never a token' },
      dialect: { type: ['string', 'null'], description: 'the dialect the grant was minted through' },
      client_id: { type: 'string' },
      subject: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'id'],
        properties: { type: { enum: ['user', 'client'] }, id: { type: 'string' }, username: { type: 'string' } },
      },
      scope: { type: 'string', description: 'space-separated, as granted' },
      grant_type: { type: 'string' },
      impersonated_by: { type: 'string', description: 'the administrator acting as the subject, for an impersonation grant' },
      tokens: { type: 'array', items: ref('Token'), description: 'live access and refresh tokens, newest first; never their values' },
    },
  },
  GrantListing: {
    type: 'object',
    additionalProperties: false,
    required: ['total', 'page', 'limit', 'grants'],
    properties: {
      total: { type: 'integer', minimum: 0, description: 'live grants matching, across all pages' },
      page: { type: 'integer', minimum: 1 },
      limit: { type: 'integer', minimum: 1 },
      grants: { type: 'array', items: ref('Grant'), description: 'newest expiry first' },
    },
  },
  Revocation: {
    type: 'object',
    additionalProperties: false,
    required: ['revoked', 'tokens'],
    properties: {
      revoked: { type: 'integer', minimum: 0, description: 'grants revoked' },
      tokens: { type: 'integer', minimum: 0, description: 'live tokens they still held' },
    },
  },
  Counts: {
    type: 'object',
    additionalProperties: false,
    required: ['live_grants'],
    properties: {
      live_grants: { type: 'integer', minimum: 0 },
      by_client: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'per configured client, when no filter is given' },
    },
  },
  Error: {
    type: 'object',
    additionalProperties: false,
    required: ['error', 'error_description'],
    properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  },
};

const failure = (description: string) => ({ description, content: json(ref('Error')) });
const FAILURES = {
  '400': failure('A bad parameter (`invalid_request`)'),
  '401': failure('No bearer token (`unauthorized`), or an unknown, expired or revoked one (`invalid_token`); with `WWW-Authenticate: Bearer`'),
  '403': failure('The access token lacks the admin scope (`insufficient_scope`)'),
  '503': failure('The token store is unavailable (`server_unavailable`), with `Retry-After`'),
};

const pathParameter = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string', minLength: 1 } });
const queryParameter = (name: string, description: string, schema: Schema = { type: 'string', minLength: 1 }) => ({ name, in: 'query', required: false, description, schema });
const PAGING = [
  queryParameter('page', 'page number, from 1', { type: 'integer', minimum: 1, default: 1 }),
  queryParameter('limit', `grants per page, at most ${MAX_LIMIT}`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
];

function operation(id: string, summary: string, success: string, parameters: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { operationId: id, summary, tags: ['admin'], parameters, responses: { '200': { description: 'Success', content: json(ref(success)) }, ...FAILURES, ...extra } };
}

/** The admin API's OpenAPI 3.1 document, for the `/docs` page. */
export function adminOpenApi(adminPath: string, scope: string, version: string): OpenApiDocument {
  const user = pathParameter('username', 'the user\'s username (the user need not be configured any more)');
  const client = pathParameter('client_id', 'the client\'s id');
  const grant = pathParameter('grant_id', 'a grant id from a listing');
  const unknownGrant = { '404': failure('No grant has this id (`not_found`)') };
  return {
    openapi: '3.1.0',
    info: {
      title: 'oauth-dialects admin API',
      version,
      description: `Grants of every dialect, by user or by client: listed without token values, revoked at once on every process sharing the store. Authenticate with a bearer access token (any dialect's) granted the \`${scope}\` scope, or with the configured admin token.`,
    },
    servers: [{ url: '/' }],
    tags: [{ name: 'admin', description: 'grants, revocation, counts' }],
    security: [{ bearer: [] }],
    paths: {
      [`${adminPath}/users/{username}/grants`]: {
        get: operation('list_user_grants', 'A user\'s live grants, every client and dialect', 'GrantListing', [user, queryParameter('client_id', 'only this client\'s'), ...PAGING]),
        delete: operation('revoke_user_grants', 'Revoke every grant of a user, in every dialect, and end the user\'s browser sign-in sessions', 'Revocation', [user]),
      },
      [`${adminPath}/clients/{client_id}/grants`]: {
        get: operation('list_client_grants', 'A client\'s live grants', 'GrantListing', [client, ...PAGING]),
        delete: operation('revoke_client_grants', 'Revoke every grant of a client', 'Revocation', [client]),
      },
      [`${adminPath}/grants/{grant_id}`]: {
        get: operation('get_grant', 'One live grant', 'Grant', [grant], unknownGrant),
        delete: operation('revoke_grant', 'Revoke one grant and every token in it', 'Revocation', [grant], unknownGrant),
      },
      [`${adminPath}/counts`]: {
        get: operation('count_grants', 'Live grants: in total and per configured client, or of one user or client', 'Counts', [
          queryParameter('username', 'count this user\'s'),
          queryParameter('client_id', 'count this client\'s (with username: that user\'s of this client)'),
        ]),
      },
    },
    components: { schemas: ADMIN_SCHEMAS, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
