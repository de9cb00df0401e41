import { DEFAULT_LOCKOUT, type LockoutRules } from './lockout';

/** The configuration's `signin.lockout` (it governs every door, not only the sign-in page). */
export interface RawLockout {
  user_failures?: number;
  address_failures?: number;
  window?: number;
  duration?: number;
  refusal_delay_ms?: number;
}

export function lockoutRules(raw: RawLockout | undefined): LockoutRules {
  return {
    userFailures: raw?.user_failures ?? DEFAULT_LOCKOUT.userFailures,
    addressFailures: raw?.address_failures ?? DEFAULT_LOCKOUT.addressFailures,
    windowSeconds: raw?.window ?? DEFAULT_LOCKOUT.windowSeconds,
    lockSeconds: raw?.duration ?? DEFAULT_LOCKOUT.lockSeconds,
    refusalDelayMs: raw?.refusal_delay_ms ?? DEFAULT_LOCKOUT.refusalDelayMs,
  };
}
