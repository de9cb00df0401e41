import { compareResponse } from '../contract/compare';
import type { ContractResponse } from '../contract/http';
import type { Expectation } from '../contract/types';
import { isSecretName } from '../testing/redact';
import type { Answer } from './capture';
import { schemaOfAnswer, type ContractView } from './expectations';
import { normaliseLocation, normaliseText, normaliseValue, sameExpiry } from './normalise';

export type DifferenceKind = 'status' | 'header' | 'content_type' | 'schema' | 'key_order' | 'error_code' | 'error_message' | 'body_value';

/** One way the upstream's answer differs from the gateway's: `detail` reads `upstream ≠ gateway`, values normalised. */
export interface Difference {
  kind: DifferenceKind;
  detail: string;
}

/** One side of a comparison: the answer, and where that server is (its own URLs and paths are normalised). */
export interface Side {
  answer: Answer;
  origin: string;
  fullPath: string;
}

const ERROR_CODE_KEYS = ['error', 'error_code', 'errcode', 'code', 'state', 'status'];
const ERROR_MESSAGE_KEYS = ['error_description', 'message', 'msg', 'errmsg', 'error_msg'];
const FORM_TEXT = /^[A-Za-z_][\w.-]*=[^&\s]*(&[A-Za-z_][\w.-]*=[^&\s]*)*$/;
const MAX_DIFFERENCES = 20;

/** The body as the contract kit reads it: JSON when the type says so, else the text; undefined when empty. */
function contractBody(answer: Answer): unknown {
  if (answer.text === '') return undefined;
  if (/[/+]json\b/i.test(answer.headers.get('content-type') ?? '')) {
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      return answer.text;
    }
  }
  return answer.text;
}

/** The body with `a=1&b=2` texts (CAS 5 errors and text tokens) read as parameters, in their order. */
function structured(body: unknown): unknown {
  if (typeof body !== 'string' || !FORM_TEXT.test(body.trim())) return body;
  return Object.fromEntries(new URLSearchParams(body.trim()));
}

/** The body as compared: JSON, parameters read from a text, or the text. */
export function answerBody(answer: Answer): unknown {
  return structured(contractBody(answer));
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const describe = (value: unknown) => (value === undefined ? '(empty)' : isObject(value) ? 'object' : Array.isArray(value) ? 'array' : typeof value === 'string' ? 'text' : typeof value);
const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? '(absent)';
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** An error code or message compared as it is, unless it looks like a credential (an authorization code, say). */
function plainErrorValue(key: string, value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return true;
  if (typeof value !== 'string') return false;
  return !isSecretName(key) || (/^[\w.-]{1,40}$/.test(value) && normaliseValue('', value) === value);
}

/** The headers the contract names, as the gateway answered them (a content type by its media type). */
function headerExpectation(view: ContractView, gateway: Answer): Record<string, string | RegExp> {
  const headers: Record<string, string | RegExp> = {};
  for (const name of view.headers) {
    const value = gateway.headers.get(name);
    if (value === null || name === 'location') continue;
    if (name !== 'content-type') {
      headers[name] = value;
      continue;
    }
    const media = value.split(';')[0].trim();
    // The kit prints what it wanted with String(): the media type reads better than the pattern.
    headers[name] = Object.assign(new RegExp(`^${escape(media)}\\s*(;|$)`, 'i'), { toString: () => media });
  }
  return headers;
}

function classified(lines: string[], kind: (line: string) => DifferenceKind): Difference[] {
  return lines.map((detail) => ({ kind: kind(detail), detail }));
}

/**
 * Where the upstream's answer differs from the gateway's, as the contract kit names it: the
 * expectation is the gateway's own answer (its status, the headers the contract names, the
 * contract's schema it satisfies, its key order, its error code and message), then the values.
 */
export function compareAnswers(view: ContractView, path: string, gatewaySide: Side, upstreamSide: Side): Difference[] {
  const gateway = gatewaySide.answer;
  const upstream = upstreamSide.answer;
  const gBody = contractBody(gateway);
  const uBody = contractBody(upstream);
  const response = (body: unknown): ContractResponse => ({ status: upstream.status, headers: upstream.headers, body });
  const check = (expect: Omit<Expectation, 'status'>, body: unknown = uBody) => compareResponse(view.dialect, { status: upstream.status, ...expect }, response(body));
  const out: Difference[] = [];

  out.push(...classified(compareResponse(view.dialect, { status: gateway.status, headers: headerExpectation(view, gateway) }, response(uBody)), (line) => (line.startsWith('status') ? 'status' : line.startsWith('header content-type') ? 'content_type' : 'header')));
  for (const name of view.headers) {
    const [g, u] = [gateway.headers.get(name), upstream.headers.get(name)];
    if (name === 'location' && (g !== null || u !== null)) {
      const [gl, ul] = [g && normaliseLocation(g, gatewaySide.origin), u && normaliseLocation(u, upstreamSide.origin)];
      if (gl !== ul) out.push({ kind: 'header', detail: `header location: ${ul ?? '(absent)'} ≠ ${gl ?? '(absent)'}` });
    } else if (g === null && u !== null) {
      out.push({ kind: name === 'content-type' ? 'content_type' : 'header', detail: `header ${name}: ${show(u)} ≠ (absent)` });
    }
  }

  const schema = schemaOfAnswer(view, path, gateway.status, gBody);
  const schemaDifferences = schema ? check({ schema }) : [];
  out.push(...classified(schemaDifferences, () => 'schema'));

  const [g, u] = [structured(gBody), structured(uBody)];
  const compared = new Set<string>();
  if (isObject(g) && isObject(u)) {
    out.push(...classified(check({ keyOrder: Object.keys(g) }, u), () => 'key_order'));
    const values: Record<string, unknown> = {};
    const upstreamValues: Record<string, unknown> = { ...u };
    for (const key of [...ERROR_CODE_KEYS, ...ERROR_MESSAGE_KEYS]) {
      if (!(key in g || key in u) || !plainErrorValue(key, g[key]) || !plainErrorValue(key, u[key])) continue;
      compared.add(key);
      values[`/${key}`] = typeof g[key] === 'string' ? normaliseText(g[key]) : g[key];
      if (typeof u[key] === 'string') upstreamValues[key] = normaliseText(u[key]);
    }
    out.push(...classified(check({ values }, upstreamValues), (line) => (ERROR_CODE_KEYS.includes(line.slice(1, line.indexOf(':'))) ? 'error_code' : 'error_message')));
  }
  const paths = [gatewaySide.fullPath, upstreamSide.fullPath];
  walk('', g, u, { paths, compared, schemaReported: schemaDifferences.length > 0, out });
  return out.slice(0, MAX_DIFFERENCES);
}

interface Walk {
  paths: string[];
  /** Top-level keys already compared as error codes and messages. */
  compared: Set<string>;
  /** The contract's schema already named the body's first structural difference. */
  schemaReported: boolean;
  out: Difference[];
}

/** Keys present on one side only (structure) and leaf values that differ once normalised. */
function walk(pointer: string, g: unknown, u: unknown, w: Walk, key = ''): void {
  if (w.out.length >= MAX_DIFFERENCES) return;
  if (isObject(g) && isObject(u)) {
    for (const [name, value] of Object.entries(g)) {
      if (pointer === '' && w.compared.has(name)) continue;
      if (!(name in u)) {
        if (!w.schemaReported) w.out.push({ kind: 'schema', detail: `${pointer}/${name}: absent at upstream` });
      } else walk(`${pointer}/${name}`, value, u[name], w, name);
    }
    for (const name of Object.keys(u)) {
      if (!(name in g) && !w.schemaReported) w.out.push({ kind: 'schema', detail: `${pointer}/${name}: only at upstream` });
    }
    return;
  }
  if (Array.isArray(g) && Array.isArray(u)) {
    if (g.length !== u.length) w.out.push({ kind: 'body_value', detail: `${pointer || '/'}: ${u.length} items ≠ ${g.length}` });
    for (let i = 0; i < Math.min(g.length, u.length); i++) walk(`${pointer}/${i}`, g[i], u[i], w, key);
    return;
  }
  if (describe(g) !== describe(u)) {
    if (!w.schemaReported) w.out.push({ kind: pointer === '' ? 'schema' : 'body_value', detail: `${pointer || 'body'}: ${describe(u)} ≠ ${describe(g)}` });
    return;
  }
  if (typeof g === 'string' && typeof u === 'string' && pointer === '') {
    if (normaliseText(g) !== normaliseText(u)) w.out.push({ kind: 'body_value', detail: `body: ${show(normaliseText(u))} ≠ ${show(normaliseText(g))}` });
    return;
  }
  if (sameExpiry(key, g, u)) return;
  const [ng, nu] = [normaliseValue(key, g, w.paths), normaliseValue(key, u, w.paths)];
  if (JSON.stringify(ng) !== JSON.stringify(nu)) w.out.push({ kind: 'body_value', detail: `${pointer}: ${show(nu)} ≠ ${show(ng)}` });
}
