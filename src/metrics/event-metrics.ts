import { Counter, type Registry } from 'prom-client';
import type { CoreEventBus } from '../core/events';
import { NO_DIALECT } from './request-metrics';

/** Issuance, failures, lock-outs and reuse, counted from the engine's events (never from inside the flows). */
export function countCoreEvents(events: CoreEventBus, registry: Registry): void {
  const issued = new Counter({
    name: 'oauthd_tokens_issued_total',
    help: 'Token issuances (an access token, with a refresh token when the grant gives one), by the dialect whose endpoint asked and the grant type',
    labelNames: ['dialect', 'grant_type'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'oauthd_authentication_failures_total',
    help: 'Failed client or user authentications, by subject and the core error code and reason',
    labelNames: ['subject', 'code', 'reason'],
    registers: [registry],
  });
  const lockouts = new Counter({
    name: 'oauthd_lockouts_total',
    help: 'Locks put on an account, a client or an address after repeated failures',
    labelNames: ['subject'],
    registers: [registry],
  });
  const reuse = new Counter({
    name: 'oauthd_reuse_detected_total',
    help: 'Spent refresh tokens or authorization codes presented again (each revoked its whole grant), by kind and dialect',
    labelNames: ['kind', 'dialect'],
    registers: [registry],
  });
  const upstreamVerified = new Counter({
    name: 'oauthd_upstream_verifications_total',
    help: 'Tokens the store did not hold, asked of the legacy upstreams: accepted (by which upstream) or unknown, and whether the answer came from the cache',
    labelNames: ['upstream', 'result', 'cached'],
    registers: [registry],
  });
  const adoptions = new Counter({
    name: 'oauthd_refresh_adoptions_total',
    help: 'Refresh tokens the store did not hold, redeemed at the dialect\'s upstream: adopted (a grant of the gateway\'s own), relayed, or refused and why',
    labelNames: ['dialect', 'outcome', 'reason'],
    registers: [registry],
  });
  events.on('upstream_verified', (event) => upstreamVerified.inc({ upstream: event.upstream ?? 'none', result: event.accepted ? 'accepted' : 'unknown', cached: String(event.cached) }));
  events.on('refresh_adoption', (event) => adoptions.inc({ dialect: event.dialect, outcome: event.outcome, reason: event.reason ?? 'none' }));
  events.on('token_issued', (event) => issued.inc({ dialect: event.dialect ?? NO_DIALECT, grant_type: event.grantType }));
  events.on('token_refreshed', (event) => issued.inc({ dialect: event.dialect ?? NO_DIALECT, grant_type: 'refresh_token' }));
  events.on('authentication_failed', (event) => failures.inc({ subject: event.subject, code: event.code, reason: event.reason ?? 'none' }));
  events.on('locked_out', (event) => lockouts.inc({ subject: event.subject }));
  events.on('reuse_detected', (event) => reuse.inc({ kind: event.kind, dialect: event.dialect ?? NO_DIALECT }));
}
