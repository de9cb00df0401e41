/**
 * The package's entry: `startGateway` for a test suite, and what an embedding application
 * builds a gateway from (`loadConfig`, `createRuntime`, `listen`, the dialects, the core's surface).
 */
export { startGateway, type Gateway, type GatewayConfig, type StartGatewayOptions, type LogLevel } from './testing/start-gateway';
export { GatewayClock, type Instant } from './testing/clock';
export type { RecordedRequest } from './testing/request-log';
export type { Faults, Fault, FaultMatch, FaultOptions } from './testing/faults';
export type { ClaimsControl, ClaimsMatch } from './testing/claims';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime';
export { listen, type RunningServer } from './server';
export { loadConfig, readConfigFile, type Environment } from './config/load';
export { ConfigError } from './config/validate';
export { demoConfig } from './config/demo';
export type { RawConfig, RawClient, RawUser, RawStore, DialectSection } from './config/types';
export { DIALECTS } from '../dialects';
export type { Dialect, DialectContext, RouteSpec, WireResponse } from './http/dialect';
export * from './core';
