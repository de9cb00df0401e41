/**
 * The JSON body of Spring Boot's `/error` page (`DefaultErrorAttributes`), which CAS and Spring
 * Security OAuth2 deployments answer with when the servlet container sends an error. What each
 * Boot generation writes is a row of `BOOT_ERROR_PROFILES`.
 */
import { STATUS_CODES } from 'node:http';

/** `timestamp`: epoch millis, or ISO-8601 in UTC with a `+0000` or `+00:00` offset. */
export type BootTimestampStyle = 'epoch_ms' | 'iso_hhmm' | 'iso_colon';

export interface BootErrorProfile {
  timestamp: BootTimestampStyle;
  /** `exception`: the exception's class name, when the failure carries one. */
  exception: boolean;
  /**
   * `message`: the one the container was handed (`sendError`'s, Boot 1.x), the one Boot
   * resolves, or hidden (`server.error.include-message=never`, Boot 2.3 on).
   */
  message: 'container' | 'resolved' | 'hidden';
  /** How a hidden message is written: `""`, or the key left out. */
  hiddenMessage: 'blank' | 'absent';
}

export type BootVersion = '1.x' | '2.0' | '2.3' | '2.5' | '3.x';

/** Keyed by the Boot generation that changed the body: 1.x, 2.0–2.2, 2.3–2.4, 2.5, 3.x. */
export const BOOT_ERROR_PROFILES: Record<BootVersion, BootErrorProfile> = {
  '1.x': { timestamp: 'epoch_ms', exception: true, message: 'container', hiddenMessage: 'blank' },
  '2.0': { timestamp: 'iso_hhmm', exception: false, message: 'resolved', hiddenMessage: 'blank' },
  '2.3': { timestamp: 'iso_colon', exception: false, message: 'hidden', hiddenMessage: 'blank' },
  '2.5': { timestamp: 'iso_colon', exception: false, message: 'hidden', hiddenMessage: 'absent' },
  '3.x': { timestamp: 'iso_colon', exception: false, message: 'hidden', hiddenMessage: 'absent' },
};

const ISO_OFFSET: Record<Exclude<BootTimestampStyle, 'epoch_ms'>, string> = { iso_hhmm: '+0000', iso_colon: '+00:00' };

export function bootTimestamp(style: BootTimestampStyle, millis: number): number | string {
  if (style === 'epoch_ms') return millis;
  return new Date(millis).toISOString().replace('Z', ISO_OFFSET[style]);
}

/** `HttpStatus.getReasonPhrase()` for the statuses the gateways send through the error page. */
export const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

// Boot's DefaultErrorAttributes.addStatus: HttpStatus.valueOf(status).getReasonPhrase(), or
// "Http Status <n>" for a code HttpStatus lacks; Spring's phrases are the IANA registry's, as Node's.
function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status === 418 ? "I'm a teapot" : STATUS_CODES[status]) ?? `Http Status ${status}`;
}

export interface BootFailure {
  status: number;
  /** The path without its query string, context path included. */
  path: string;
  /** The message Boot resolves; without one, "No message available". */
  message?: string;
  /** The message the container was handed, where it differs from the resolved one. */
  containerMessage?: string;
  /** The exception's class name, for the profiles that show it. */
  exception?: string;
}

/** The request path as Boot's error page reports it: the context path included, no query string. */
export function bootErrorPath(req: { originalUrl: string }): string {
  return req.originalUrl.split('?')[0];
}

/** The `/error` body in `DefaultErrorAttributes` key order: timestamp, status, error, exception, message, path. */
/** `nowMs`: the engine's clock (epoch milliseconds), so a test's clock shows in the timestamp too. */
export function bootErrorBody(profile: BootErrorProfile, failure: BootFailure, nowMs: number): Record<string, unknown> {
  const body: Record<string, unknown> = {
    timestamp: bootTimestamp(profile.timestamp, nowMs),
    status: failure.status,
    error: reasonPhrase(failure.status),
  };
  if (profile.exception && failure.exception) body.exception = failure.exception;
  const resolved = failure.message ?? 'No message available';
  if (profile.message === 'container') body.message = failure.containerMessage ?? resolved;
  else if (profile.message === 'resolved') body.message = resolved;
  else if (profile.hiddenMessage === 'blank') body.message = '';
  body.path = failure.path;
  return body;
}
