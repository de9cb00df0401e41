import type { Request, Response } from 'express';

/** The most of an answer's body kept for comparison; a longer one is not compared. */
const MAX_BODY_BYTES = 256 * 1024;

/** A request as the gateway read it, ready to be sent again elsewhere. */
export interface CapturedRequest {
  method: string;
  /** Relative to the dialect's base path, without the query. */
  path: string;
  /** The raw query string, `?` excluded ('' when none). */
  query: string;
  /** The headers replayed: content type, accept, authorization (when present). */
  headers: Record<string, string>;
  /** The parsed body encoded again the way it came (form or JSON); undefined when there was none. */
  body?: string;
  /** Query and body parameters, by name (for the token check and the report's redaction). */
  params: Record<string, unknown>;
  /** Where the gateway is reached (`http://host:port`), to recognise its own URLs in a Location. */
  origin: string;
  /** The path the client asked for, base path included (Spring Boot's error body names it). */
  fullPath: string;
}

/** An HTTP answer, from the gateway or the upstream. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

const REPLAYED_HEADERS = ['content-type', 'accept', 'authorization'];

function encodeBody(req: Request): string | undefined {
  const body = req.body as unknown;
  if (body === undefined || body === null) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (/json/i.test(type)) return JSON.stringify(body);
  if (typeof body !== 'object' || Array.isArray(body)) return undefined;
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    for (const item of [value].flat()) form.append(name, String(item));
  }
  return form.toString();
}

/** What the shadow replays of a request, read once its body is parsed. */
export function captureRequest(req: Request): CapturedRequest {
  const url = req.url;
  const at = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const body = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  const originalUrl = req.originalUrl ?? url;
  const originalAt = originalUrl.indexOf('?');
  return {
    method: req.method,
    path: at < 0 ? url : url.slice(0, at),
    query: at < 0 ? '' : url.slice(at + 1),
    headers,
    body: encodeBody(req),
    params: { ...(req.query as Record<string, unknown>), ...body },
    origin: `${req.protocol}://${req.get('host') ?? ''}`,
    fullPath: originalAt < 0 ? originalUrl : originalUrl.slice(0, originalAt),
  };
}

type Writer = (chunk: unknown, ...rest: unknown[]) => boolean;
type Ender = (...args: unknown[]) => Response;

function chunkBytes(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return undefined;
}

/**
 * Keeps a copy of what the response writes; `answer()` once it has finished. The writes go
 * through untouched: only a copy of their bytes is taken (up to a bound).
 */
export function recordAnswer(res: Response): { answer(): Answer | undefined } {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const keep = (chunk: unknown, encoding: unknown) => {
    const bytes = typeof chunk === 'function' ? undefined : chunkBytes(chunk, encoding);
    if (!bytes || overflow) return;
    size += bytes.length;
    if (size > MAX_BODY_BYTES) overflow = true;
    else chunks.push(bytes);
  };
  const write = res.write.bind(res) as Writer;
  const end = res.end.bind(res) as Ender;
  (res as unknown as { write: Writer }).write = (chunk, ...rest) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  };
  (res as unknown as { end: Ender }).end = (...args) => {
    keep(args[0], args[1]);
    return end(...args);
  };
  return {
    answer() {
      if (overflow) return undefined;
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value === undefined) continue;
        for (const item of [value].flat()) headers.append(name, String(item));
      }
      return { status: res.statusCode, headers, text: Buffer.concat(chunks).toString('utf8') };
    },
  };
}
