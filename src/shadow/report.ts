import { appendFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { isSecretName, REDACTED } from '../testing/redact';
import type { Difference } from './compare';

/** One line of the shadow report. */
export interface ReportLine {
  time: string;
  dialect: string;
  /** The route as the dialect declares it (`/oauth2.0/accessToken`). */
  endpoint: string;
  method: string;
  status: { gateway: number; upstream: number | null };
  differences: Difference[];
  /** Why the upstream gave no answer (the comparison then failed). */
  failure?: string;
}

/** The shortest value scrubbed from a line: shorter ones would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * Every credential a request or an answer carries: values of parameters and keys the request
 * log redacts (secrets, passwords, tokens, codes), and the Authorization header, whole and decoded.
 */
export function credentialsIn(params: Record<string, unknown>, authorization: string | undefined, bodies: unknown[]): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, secret: boolean) => {
    if (typeof value === 'string' || typeof value === 'number') {
      if (secret) found.add(String(value));
    } else if (Array.isArray(value)) value.forEach((item) => visit(item, secret));
    else if (value !== null && typeof value === 'object') for (const [name, inner] of Object.entries(value)) visit(inner, secret || isSecretName(name));
  };
  visit(params, false);
  bodies.forEach((body) => visit(body, false));
  if (authorization) {
    const [scheme, credentials = ''] = authorization.trim().split(/\s+/, 2);
    found.add(authorization);
    found.add(credentials);
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      if (at >= 0) {
        const secret = decoded.slice(at + 1);
        found.add(secret);
        try {
          found.add(decodeURIComponent(secret.replace(/\+/g, ' ')));
        } catch {
          // Not form-encoded: the secret as sent is scrubbed already.
        }
      }
    }
  }
  return [...found].filter((value) => value.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** The line as JSON with every listed credential replaced, in whatever form it was serialised. */
export function scrubbed(line: ReportLine, credentials: readonly string[]): string {
  let text = JSON.stringify(line);
  for (const value of credentials) {
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])) text = text.split(form).join(REDACTED);
  }
  return text;
}

/** Appends lines to one JSON-lines file, in order; a failing write is logged once, never thrown. */
export class ReportFile {
  private tail: Promise<void> = Promise.resolve();
  private failing = false;

  constructor(
    readonly path: string,
    private readonly logger: Logger,
  ) {}

  append(text: string): void {
    this.tail = this.tail.then(() =>
      appendFile(this.path, `${text}\n`).then(
        () => {
          this.failing = false;
        },
        (error: unknown) => {
          if (!this.failing) this.logger.warn({ file: this.path, err: error }, 'the shadow report cannot be written: comparisons are counted in the metrics only');
          this.failing = true;
        },
      ),
    );
  }

  /** Resolves once every appended line is written (or has failed). */
  flushed(): Promise<void> {
    return this.tail;
  }
}
