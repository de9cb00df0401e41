/**
 * The dialect kit: what every dialect may import besides the core's surface (`src/core`).
 * The wire side of a dialect — its routes, parameters, schemas, sending — comes from here;
 * what the Java vendors share is in `./jvm`.
 */
export type { Dialect, DialectContext, NamedFailure, RouteSpec, WireResponse } from '../../src/http/dialect';
export { send, NO_STORE } from '../../src/http/wire';
export { readParams, stringParam, basicCredentials, bearerToken, type ParamSources, type BasicCredentials } from '../../src/http/params';
export { compileSchema, requestValidator, readSchema, schemaFile } from '../../src/http/schemas';
export { rfcGrantFields } from '../../src/http/token-request';
export { RFC_STATUS, rfcErrorCode } from '../../src/http/rfc-errors';
export { RFC_CLIENT_AUTH, readClientCredentials, type ClientAuthRules } from '../../src/http/client-credentials';
export {
  parseRfcAuthorization,
  rfc6749ErrorRedirect,
  rfc6749Redirect,
  withQuery,
  authorizationErrorCode,
  type AuthorizationRequest,
  type AuthorizeFlow,
  type AuthorizeHandler,
  type RedirectTarget,
  type SignIn,
} from '../../src/http/signin';
export type { DialectSection } from '../../src/config/types';
export { ConfigError } from '../../src/config/validate';
export type { Check, ContractRequest, ContractScript, Expectation, ScriptOptions } from '../../src/contract/types';
export { basicAuth } from '../../src/contract/http';
export { grantSequence, type GrantSequence } from '../../src/contract/grant-sequence';
export { causedBy, endpointByPath, settingsPerContext } from './dialect-helpers';
export {
  upstreamConfigSchema,
  upstreamSettings,
  upstreamCaller,
  upstreamFallback,
  attributeString,
  formPost,
  presentedClientFields,
  configuredClientBasic,
  rfcRefreshExchange,
  scopeList,
  type UpstreamSettings,
  type UpstreamAnswer,
  type UpstreamCall,
  type RefreshExchange,
} from './upstream';
