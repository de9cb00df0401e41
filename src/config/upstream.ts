import type { DialectSection } from './types';

/** `dialects.<name>.upstream`: the legacy provider the dialect replaces. */
export const upstreamConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['base_url'],
  properties: {
    base_url: { type: 'string', pattern: '^https?://[^\\s]+$' },
    client_id: { type: 'string', minLength: 1 },
    client_secret: { type: 'string', minLength: 1 },
    timeout_ms: { type: 'integer', minimum: 1, maximum: 60000 },
    cache_ttl: { type: 'integer', minimum: 0, maximum: 86400 },
    negative_cache_ttl: { type: 'integer', minimum: 0, maximum: 3600 },
    refresh: { enum: ['adopt', 'relay'] },
    shadow: { type: 'boolean' },
    shadow_sample_rate: { type: 'number', minimum: 0, maximum: 1 },
    shadow_report: { type: 'string', minLength: 1 },
    shadow_queue: { type: 'integer', minimum: 1, maximum: 10000 },
    jwks_url: { type: 'string', pattern: '^https?://[^\\s]+$' },
    jwks_cache_ttl: { type: 'integer', minimum: 0, maximum: 86400 },
  },
};

export interface UpstreamSettings {
  /** Without a trailing slash. */
  baseUrl: string;
  clientId?: string;
  clientSecret?: string;
  timeoutMs: number;
  cacheTtl: number;
  negativeCacheTtl: number;
  /** A refresh token the gateway does not know: redeemed upstream and replaced by the gateway's own (`adopt`), or the upstream's answer passed through (`relay`). */
  refresh: 'adopt' | 'relay';
  shadow: { enabled: boolean; sampleRate: number; report: string; queue: number };
  /** The upstream's JWKS (CIAM), when not at the vendor's own path under `base_url`. */
  jwksUrl?: string;
  jwksCacheTtl: number;
}

/** The section's `upstream`, with defaults; undefined when none is configured. */
export function upstreamSettings(section: DialectSection): UpstreamSettings | undefined {
  const raw = section.upstream as Record<string, unknown> | undefined;
  if (!raw) return undefined;
  return {
    baseUrl: (raw.base_url as string).replace(/\/+$/, ''),
    clientId: raw.client_id as string | undefined,
    clientSecret: raw.client_secret as string | undefined,
    timeoutMs: (raw.timeout_ms as number | undefined) ?? 2000,
    cacheTtl: (raw.cache_ttl as number | undefined) ?? 300,
    negativeCacheTtl: (raw.negative_cache_ttl as number | undefined) ?? 30,
    refresh: (raw.refresh as 'adopt' | 'relay' | undefined) ?? 'adopt',
    shadow: {
      enabled: (raw.shadow as boolean | undefined) ?? false,
      sampleRate: (raw.shadow_sample_rate as number | undefined) ?? 1,
      report: (raw.shadow_report as string | undefined) ?? 'shadow-report.jsonl',
      queue: (raw.shadow_queue as number | undefined) ?? 100,
    },
    ...(raw.jwks_url !== undefined ? { jwksUrl: raw.jwks_url as string } : {}),
    jwksCacheTtl: (raw.jwks_cache_ttl as number | undefined) ?? 300,
  };
}
