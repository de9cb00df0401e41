/**
 * Single requests around the load, so a fast wrong answer cannot pass as a measurement: every
 * target answers right before the runs, and the introspected tokens are still active after.
 */
import type Redis from 'ioredis';
import type { Target } from './load';
import { introspectionBody } from './targets';

export interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown>;
}

export async function send(target: Target, body = target.body): Promise<Answer> {
  const response = await fetch(target.url, { method: target.method, headers: target.headers, body, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // reported through the check that fails
  }
  return { status: response.status, text, json };
}

/** Sends the target's request once; it must answer 2xx with a body its check accepts. */
export async function requireGoodAnswer(target: Target): Promise<Answer> {
  const answer = await send(target);
  if (answer.status < 200 || answer.status > 299 || !target.verify(answer.text)) {
    throw new Error(`${target.label} (${target.method} ${target.url}) answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  return answer;
}

/** The access token of a token target's answer (iform nests it under `data`). */
export async function obtainToken(target: Target): Promise<string> {
  const { json, text } = await requireGoodAnswer(target);
  const data = json.data as Record<string, unknown> | undefined;
  const token = json.access_token ?? data?.access_token;
  if (typeof token !== 'string' || token === '') throw new Error(`${target.label}: no access_token in ${text.slice(0, 300)}`);
  return token;
}

/** Introspects `token` through an introspection target (its request, another token). */
export async function requireActive(introspection: Target, token: string, what: string): Promise<void> {
  const answer = await send(introspection, introspectionBody(token));
  if (answer.status !== 200 || answer.json.active !== true) {
    throw new Error(`${what}: introspection through ${introspection.label} says HTTP ${answer.status} ${answer.text.slice(0, 300)}, not active`);
  }
}

/** The floor must really have written its record, under its prefix, with a TTL. */
export async function requireStoredByFloor(redis: Redis, keyPrefix: string, token: string): Promise<void> {
  const key = `${keyPrefix}${token}`;
  const [stored, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
  if (stored === null || ttl <= 0) throw new Error(`the floor did not store ${key} with a TTL (value ${stored}, ttl ${ttl})`);
}

/** oidc-provider's adapter must have written the ClientCredentials record under its prefix. */
export async function requireStoredByOidcProvider(redis: Redis, keyPrefix: string, token: string): Promise<void> {
  const key = `${keyPrefix}ClientCredentials:${token}`;
  if ((await redis.exists(key)) !== 1) throw new Error(`oidc-provider did not store ${key}`);
}
