import type { Request } from 'express';
import type { TokenEngine, Client } from '../../src/core';
import type { AccessRule } from './config';
import { ACCESS_DENIED, basicChallenge } from './errors';
import { springClient } from './client-auth';

/**
 * `checkTokenAccess` / `tokenKeyAccess`: only HTTP Basic authenticates here (form credentials
 * work at /oauth/token alone). An anonymous caller refused gets the Basic challenge; an
 * authenticated one under denyAll gets OAuth2AccessDeniedHandler's 403.
 */
export async function enforceAccess(req: Request, engine: TokenEngine, rule: AccessRule): Promise<Client | undefined> {
  const caller = await springClient(req, {}, engine, false);
  if (rule === 'permitAll') return caller;
  if (!caller) throw basicChallenge('Full authentication is required to access this resource');
  if (rule === 'denyAll') throw ACCESS_DENIED();
  return caller;
}
