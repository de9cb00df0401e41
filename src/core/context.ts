import type { ServerSecret } from './crypto/server-secret';
import type { Directory } from './directory';
import type { CoreEventBus } from './events';
import type { KeyRing } from './keys/key-ring';
import type { Lockout } from './lockout/lockout';
import type { SecretVerifier } from './secrets/secret-verifier';
import type { SequenceBlocks } from './sequences';
import type { TokenStore } from './store';
import type { ClaimsSource } from './claims/issuance';

export interface EngineSettings {
  issuer: string;
  /** Role that may list every token and impersonate other users. */
  adminRole: string;
  /** How long an expired token is remembered, so it is reported as expired rather than unknown. */
  expiredTokenMemorySeconds: number;
}

/** Everything the engine's parts share. Built once at start-up. */
export interface EngineContext {
  store: TokenStore;
  /** Where the engine reports what it did (issued, refreshed, revoked, reuse, failures). */
  events: CoreEventBus;
  /** Counter values reserved from the store in blocks (one round trip per block, not per token). */
  sequences: SequenceBlocks;
  directory: Directory;
  secrets: SecretVerifier;
  serverSecret: ServerSecret;
  keys: KeyRing;
  /** Failure counters and locks shared by every door: the sign-in page and every password or secret check. */
  lockout: Lockout;
  settings: EngineSettings;
  /** Epoch seconds. */
  now(): number;
  /** Epoch milliseconds, where a wire format shows them (error-page timestamps); `now() * 1000` without it. */
  nowMs?(): number;
  /** Per-call claims (test mode); absent unless asked for, so issuing costs nothing extra. */
  claims?: ClaimsSource;
}
