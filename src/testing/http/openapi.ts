import type { OpenApiDocument } from '../../docs/openapi';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const object = (properties: Record<string, Schema>, required: string[] = [], description?: string): Schema => ({
  type: 'object',
  additionalProperties: false,
  ...(required.length > 0 ? { required } : {}),
  ...(description ? { description } : {}),
  properties,
});
const text = (description: string): Schema => ({ type: 'string', minLength: 1, description });
const times = { type: 'integer', minimum: 1, description: 'how many matching requests or responses it applies to (default 1)' };
/** The dates a JavaScript Date holds. */
const EPOCH_MS_RANGE = { minimum: -8.64e15, maximum: 8.64e15 };

/** The bodies the test controls take and give, as JSON Schemas: requests are validated against them. */
export const TEST_MODE_SCHEMAS: Record<string, Schema> = {
  ClockAdvance: object({ seconds: { type: 'number', description: 'seconds to move the clock by; negative moves it back' } }, ['seconds']),
  ClockSet: object(
    {
      date: text('an ISO 8601 date-time, e.g. 2030-01-01T00:00:00Z'),
      epoch_ms: { type: 'number', ...EPOCH_MS_RANGE, description: 'epoch milliseconds' },
    },
    [],
    'exactly one of date and epoch_ms',
  ),
  FaultMatch: object(
    {
      dialect: text('a mounted dialect: standard, cas, spring, maxkey, ciam, iform'),
      route: text("the route as the dialect declares it, without the base path (/token for /std/token); absent: any of the dialect's routes"),
      method: text('absent: any method'),
      times,
    },
    ['dialect'],
  ),
  Fault: object(
    {
      failure: text("a vendor failure named in the dialect's own error table (invalid_grant, iform's 6020101, CAS's expired_accessToken, …)"),
      status: { type: 'integer', minimum: 100, maximum: 599, description: 'or an answer of your own: its status' },
      body: { description: 'its body: JSON, or a string sent as text (text/plain unless headers say otherwise)' },
      headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'its headers' },
    },
    [],
    'exactly one of failure and status',
  ),
  FaultRequest: object({ match: ref('FaultMatch'), fault: ref('Fault'), delay_ms: { type: 'number', minimum: 0, description: 'answer only after this many milliseconds (real time)' } }, ['match', 'fault']),
  StoreDown: object({ ms: { type: 'number', minimum: 0, description: 'milliseconds (real time) every store operation fails, as an outage does' } }, ['ms']),
  ClaimsMatch: object({ dialect: text('the dialect whose endpoint issues'), client_id: text('the client issued to'), username: text('the user issued for'), times }),
  ClaimsRequest: object(
    {
      match: ref('ClaimsMatch'),
      claims: { type: 'object', description: "claims for the next matching response's JWTs: static JSON values or {{user…}} / {{client.client_id}} templates, as in clients[].claims" },
    },
    ['claims'],
  ),
  Clock: object(
    {
      now: { type: 'integer', description: 'epoch seconds, as the gateway counts' },
      epoch_ms: { type: 'number', description: 'epoch milliseconds' },
      date: { type: 'string', description: 'ISO 8601, UTC' },
    },
    ['now', 'epoch_ms', 'date'],
  ),
  Pending: object({ pending: { type: 'integer', minimum: 0, description: 'matching requests the scripted faults still wait for' } }, ['pending']),
  StoreDownUntil: object({ store_down_ms: { type: 'number', minimum: 0 } }, ['store_down_ms']),
  Done: object({ status: { const: 'ok' } }, ['status']),
  RecordedRequest: object(
    {
      dialect: { type: 'string', description: 'the dialect whose route answered; gateway for its own routes; none when no route matched' },
      route: { type: 'string', description: 'the route pattern, base path included, or unmatched' },
      method: { type: 'string' },
      params: { type: 'object', description: 'query and body parameters; secrets, passwords, tokens and codes replaced by "[redacted]"' },
      status: { type: 'integer' },
    },
    ['dialect', 'route', 'method', 'params', 'status'],
  ),
  Requests: object({ requests: { type: 'array', items: ref('RecordedRequest'), description: 'oldest first, since the start or the last reset; the test controls\' own requests are not listed' } }, ['requests']),
  Error: object({ error: { type: 'string' }, error_description: { type: 'string' } }, ['error', 'error_description']),
};

const failure = (description: string) => ({ description, content: json(ref('Error')) });
const BAD_INPUT = { '400': failure('A body that is not JSON or not of the documented shape, or a match naming an unknown dialect, route or failure (`invalid_request`)') };

function operation(id: string, summary: string, answer: string, body?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    operationId: id,
    summary,
    tags: ['test mode'],
    ...(body ? { requestBody: { required: true, content: json(ref(body)) } } : {}),
    responses: { '200': { description: 'Done', content: json(ref(answer)) }, ...(body ? BAD_INPUT : {}), ...extra },
  };
}

/** The test controls' OpenAPI 3.1 document, for the `/docs` page. */
export function testModeOpenApi(base: string, version: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'oauth-dialects test controls',
      version,
      description: `Served only with \`test_mode: true\`, for a test suite in any language: the gateway's clock (it stands still unless moved), scripted vendor failures, claims for particular issuances, the log of requests, and a reset between tests. Bodies are JSON (read as JSON whatever their Content-Type). Never enable it in production.`,
    },
    servers: [{ url: '/' }],
    tags: [{ name: 'test mode', description: 'clock, faults, claims, requests, reset' }],
    paths: {
      [`${base}/clock`]: { get: operation('get_clock', "The gateway's time", 'Clock') },
      [`${base}/clock/advance`]: { post: operation('advance_clock', 'Move the clock by some seconds: every expiry, expires_in, JWT iat/exp/nbf and lock-out window follows', 'Clock', 'ClockAdvance') },
      [`${base}/clock/set`]: { post: operation('set_clock', 'Put the clock at a moment, forwards or backwards', 'Clock', 'ClockSet') },
      [`${base}/faults`]: {
        post: operation('script_fault', "Answer the next matching requests with a named vendor failure, rendered by the dialect's own error table, or an answer of your own", 'Pending', 'FaultRequest'),
        delete: operation('clear_faults', 'Forget every scripted fault and end a store outage', 'Pending'),
      },
      [`${base}/faults/store-down`]: { post: operation('store_down', "Make the store unreachable for a while: every dialect answers its real 503 path", 'StoreDownUntil', 'StoreDown') },
      [`${base}/claims`]: {
        post: operation('script_claims', "Add claims to the next matching response's JWTs, on top of the client's", 'Done', 'ClaimsRequest'),
        delete: operation('clear_claims', 'Forget the scripted claims not yet spent', 'Done'),
      },
      [`${base}/requests`]: {
        get: operation('list_requests', 'Every request answered since the start or the last reset, credentials redacted', 'Requests'),
        delete: operation('clear_requests', 'Empty the request log', 'Done'),
      },
      [`${base}/reset`]: {
        post: operation('reset', 'Forget every token, grant, session and lock-out (the memory store is emptied), the scripted faults and claims, and the request log; the clock stays', 'Done', undefined, {
          '409': failure('The store is Redis, which reset does not empty (`unsupported`): give each test its own store.key_prefix'),
        }),
      },
    },
    components: { schemas: TEST_MODE_SCHEMAS },
  };
}
