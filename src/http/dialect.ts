import type { Request, Router } from 'express';
import type { Logger } from 'pino';
import type { CoreError, CoreErrorCode, CoreErrorReason } from '../core/errors';
import type { TokenEngine } from '../core/engine';
import type { DialectSection } from '../config/types';
import type { SignIn } from './signin';
import type { ContractScript } from '../contract/types';

/** What a dialect sends: status, headers and a body (JSON unless `text` is given). */
export interface WireResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** A non-JSON body, sent as is with the given content type. */
  text?: { contentType: string; content: string };
}

/**
 * A vendor failure a test can script by name (`faults.next(…, { failure })`): the core error the
 * dialect's own `renderError` answers, as data, or built by the dialect when only its own error
 * type picks the vendor's answer.
 */
export type NamedFailure =
  | { code: CoreErrorCode; reason?: CoreErrorReason; parameter?: string; message?: string; retryAfter?: number }
  | { error: () => CoreError };

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
}

export interface DialectContext {
  engine: TokenEngine;
  section: DialectSection;
  /** The mount point (`base_path`, or the dialect's default). */
  basePath: string;
  logger: Logger;
  bodyLimit: string;
  /** The shared browser sign-in, for authorize endpoints (`signIn.flow(...)` at mount). */
  signIn: SignIn;
}

/**
 * A vendor dialect: routes + parse + render. It imports the core's public surface only,
 * and adding one is a folder under `dialects/` and a line in the registry.
 */
export interface Dialect {
  name: string;
  title: string;
  defaultBasePath: string;
  /** Request bodies the dialect reads (default both); others are left unparsed, not refused. */
  bodies?: ReadonlyArray<'form' | 'json'>;
  /** JSON Schema of the dialect's own keys under `dialects.<name>` (enabled/base_path/profile are common). */
  configSchema: Record<string, unknown>;
  /** Every route, relative to the base path: used for the banner, collisions and 405s. */
  routes(section: DialectSection): RouteSpec[];
  /** Called once at start-up: compile schemas, build policies, register routes. */
  mount(router: Router, context: DialectContext): void | Promise<void>;
  /** The dialect's wire shape for any core error. */
  renderError(error: CoreError, request: Request, context: DialectContext): WireResponse;
  /** Its named vendor failures for scripted faults; every core error code is a name as well. */
  faults?: Readonly<Record<string, NamedFailure>>;
  /** Its contract script (`oauth-dialects contract --dialect <name>`), from the dialect's `contract.ts`. */
  contract?: ContractScript;
}
