import type { CoreErrorCode, CoreErrorReason } from './errors';
import type { TokenKind } from './model';

/** What the engine reports as it works; logs and metrics subscribe, the flows never call them. */
export interface CoreEvents {
  /** `dialect`: the dialect whose endpoint asked (absent when none did, e.g. the shared sign-in's implicit grant). */
  token_issued: { grantType: string; clientId: string; grantId: string; tokens: TokenKind[]; dialect?: string };
  token_refreshed: { clientId: string; grantId: string; rotated: boolean; dialect?: string };
  token_revoked: { clientId: string; grantId: string; what: 'token' | 'grant' };
  /** A spent refresh token or code presented again: its whole grant was killed. */
  reuse_detected: { clientId: string; grantId: string; kind: 'refresh_token' | 'authorization_code'; dialect?: string };
  authentication_failed: { subject: 'client' | 'user'; code: CoreErrorCode; reason?: CoreErrorReason; clientId?: string };
  locked_out: { subject: 'user' | 'client' | 'address'; seconds: number };
  /** A token the store does not hold, asked of the legacy upstreams (`upstream`: the one that knew it). */
  upstream_verified: { upstream?: string; accepted: boolean; cached: boolean };
  /** A refresh token the store does not hold, redeemed at the dialect's upstream: `adopted` with the new grant, `relayed`, or refused and why. */
  refresh_adoption: { dialect: string; outcome: 'adopted' | 'relayed' | 'refused'; reason?: AdoptionRefusal; clientId: string; grantId?: string };
}

export type AdoptionRefusal = 'unknown_upstream' | 'upstream_unavailable' | 'unknown_user' | 'inactive_user' | 'client_mismatch' | 'replayed';

export type CoreEventName = keyof CoreEvents;
type Listener<K extends CoreEventName> = (event: CoreEvents[K]) => void;

/**
 * Typed, synchronous events. A listener that throws is reported to `onListenerError` and never
 * fails the request that emitted the event.
 */
export class CoreEventBus {
  private readonly listeners = new Map<CoreEventName, Array<Listener<CoreEventName>>>();

  constructor(private readonly onListenerError: (error: unknown, name: CoreEventName) => void = () => undefined) {}

  on<K extends CoreEventName>(name: K, listener: Listener<K>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<CoreEventName>);
    this.listeners.set(name, list);
    return () => {
      const at = list.indexOf(listener as Listener<CoreEventName>);
      if (at >= 0) list.splice(at, 1);
    };
  }

  emit<K extends CoreEventName>(name: K, event: CoreEvents[K]): void {
    const list = this.listeners.get(name);
    if (!list) return;
    for (const listener of list) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, name);
      }
    }
  }
}
