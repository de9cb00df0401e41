import type { Answer, CapturedRequest } from './capture';

/** Why an upstream gave no answer, in words the report can carry (never the URL: its query may hold a credential). */
export class NoAnswer extends Error {}

/**
 * The same request at the upstream: `base_url` + the same relative path and query, the same
 * method, body and replayed headers. Redirects are not followed: they are compared as answers.
 */
export async function replay(baseUrl: string, request: CapturedRequest, timeoutMs: number): Promise<Answer> {
  const url = `${baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`;
  const withBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: withBody ? request.body : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const name = (error as Error).name;
    throw new NoAnswer(name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : 'unreachable');
  }
}
