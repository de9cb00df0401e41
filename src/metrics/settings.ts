import type { RawMetrics } from '../config/types';

/** What `metrics:` asks for, once enabled. */
export interface MetricsSettings {
  path: string;
  /** A listener of their own; absent: the public port, behind `bearerToken`. */
  port?: number;
  bearerToken?: string;
}

/** The settings of enabled metrics, or undefined when they are off. */
export function metricsSettings(raw: RawMetrics | undefined): MetricsSettings | undefined {
  if (!raw?.enabled) return undefined;
  if (raw.port === undefined && raw.bearer_token === undefined) {
    // The schema refuses this too; an embedding application may skip the schema.
    throw new Error('metrics.enabled needs metrics.port (a listener of their own) or metrics.bearer_token (the public port, behind a bearer token)');
  }
  return { path: raw.path ?? '/metrics', port: raw.port, bearerToken: raw.bearer_token };
}
