import type { ContractRequest } from './types';

export interface ContractResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text (undefined when empty). */
  body: unknown;
}

export function requestUrl(baseUrl: string, request: ContractRequest): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.append(key, value);
  return url.toString();
}

/** Sends one check's request; redirects are not followed (they are part of the contract). */
export async function sendRequest(baseUrl: string, request: ContractRequest, timeoutMs: number): Promise<ContractResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.form) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(request.json);
  }
  const response = await fetch(requestUrl(baseUrl, request), {
    method: request.method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseBody(text, response.headers.get('content-type')) };
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (/[/+]json\b/i.test(contentType ?? '')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** RFC 6749 §2.3.1: id and secret form-encoded, then Basic (`formEncoded: false` for servers that do not decode). */
export function basicAuth(id: string, secret: string, formEncoded = true): string {
  const encode = (value: string) => (formEncoded ? encodeURIComponent(value).replace(/%20/g, '+') : value);
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}
