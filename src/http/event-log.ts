import type { Logger } from 'pino';
import type { CoreEventBus } from '../core/events';

/** The log lines the engine's events deserve: what an operator must see (reuse, lock-outs) at warn. */
export function subscribeLog(events: CoreEventBus, logger: Logger): void {
  events.on('reuse_detected', (event) => logger.warn(event, `a spent ${event.kind === 'refresh_token' ? 'refresh token' : 'authorization code'} was presented again: its grant was revoked`));
  events.on('refresh_adoption', (event) => {
    if (event.outcome === 'adopted') logger.info(event, `a refresh token of the ${event.dialect} upstream was adopted: client ${event.clientId} now holds the gateway's tokens`);
    else if (event.reason === 'unknown_user' || event.reason === 'inactive_user') logger.warn(event, `a refresh token of the ${event.dialect} upstream names a user who is not here (or not active): import the upstream's users`);
  });
  events.on('locked_out', (event) => logger.warn(event, `an ${event.subject === 'user' ? 'account' : 'address'} was locked out after repeated failures`));
}
