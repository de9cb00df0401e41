/**
 * Fills the store with live client_credentials tokens through the engine, as the standard
 * token endpoint mints them (same call, same policy), without HTTP. Bounded concurrency: with
 * ioredis auto-pipelining the calls in flight leave as pipelines.
 */
import { standardPolicy } from '../../dialects/standard/config';
import type { TokenEngine } from '../../src/core/engine';

export interface PreloadRequest {
  clientId: string;
  clientSecret: string;
  scope: string[];
  count: number;
  concurrency: number;
  /** Every n-th token is returned, so later requests can use tokens spread over the whole store. */
  sampleEvery: number;
}

export interface PreloadResult {
  issued: number;
  seconds: number;
  sample: string[];
}

export async function preloadTokens(engine: TokenEngine, request: PreloadRequest): Promise<PreloadResult> {
  const started = process.hrtime.bigint();
  const client = await engine.authenticateClient({ clientId: request.clientId, clientSecret: request.clientSecret, method: 'client_secret_basic' });
  const policy = engine.usePolicy(standardPolicy({ enabled: true }));
  const sample: string[] = [];
  let next = 0;
  let issued = 0;
  const worker = async () => {
    while (next < request.count) {
      const index = next++;
      const result = await engine.token({ grantType: 'client_credentials', client, scope: request.scope }, policy);
      issued++;
      if (index % request.sampleEvery === 0) sample.push(result.accessToken.value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(request.concurrency, request.count) }, worker));
  return { issued, seconds: Number(process.hrtime.bigint() - started) / 1e9, sample };
}
