import type { TokenStore } from '../store/token-store';
import type { ServerSecret } from './crypto/server-secret';
import type { Directory } from './directory';
import type { KeyRing } from './keys/key-ring';
import type { SecretVerifier } from './secrets/secret-verifier';

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
  directory: Directory;
  secrets: SecretVerifier;
  serverSecret: ServerSecret;
  keys: KeyRing;
  settings: EngineSettings;
  /** Epoch seconds. */
  now(): number;
}
