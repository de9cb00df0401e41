import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DialectSection } from '../config/types';
import type { Dialect, RouteSpec } from '../http/dialect';
import { joinPath } from '../http/mount';
import { projectRoot } from '../project-root';
import { DIALECT_DOCS, type DialectDocs } from './endpoint-names';

type Schema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Every `schemas/<dialect>/*.json`, by file name without `.json`, as OpenAPI 3.1 components. */
function loadComponents(dialect: string): Record<string, Schema> {
  const dir = path.join(projectRoot(), 'schemas', dialect);
  const components: Record<string, Schema> = {};
  if (!existsSync(dir)) return components;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    // `$schema` (draft-07) and `$id` would re-base the embedded schema; the document's own dialect applies.
    const schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Schema;
    delete schema.$schema;
    delete schema.$id;
    components[file.slice(0, -'.json'.length)] = schema;
  }
  return components;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const isText = (name: string, components: Record<string, Schema>) => components[name].type === 'string';

function endpointName(route: RouteSpec, docs: DialectDocs): string {
  return docs.names?.[route.path] ?? route.path.split('/').filter(Boolean).at(-1) ?? route.path;
}

/** `<name>.response` and its variants `<name>.<variant>.response`, JSON first. */
function responseSchemas(name: string, components: Record<string, Schema>): string[] {
  return Object.keys(components).filter((key) => key === `${name}.response` || (key.startsWith(`${name}.`) && key.endsWith('.response')));
}

function errorSchemas(name: string, docs: DialectDocs, components: Record<string, Schema>): string[] {
  const listed = docs.errors?.[name];
  if (listed) return listed.filter((key) => key in components);
  const own = Object.keys(components).filter((key) => key.startsWith(`${name}-error.`) && key.endsWith('.response'));
  if (own.length > 0) return own;
  return Object.keys(components).filter((key) => (key === 'error.response' || key.startsWith('error.')) && key.endsWith('.response'));
}

/** JSON variants under application/json (oneOf when several), text ones under text/plain. */
function content(names: string[], components: Record<string, Schema>): Record<string, unknown> | undefined {
  const json = names.filter((n) => !isText(n, components));
  const text = names.filter((n) => isText(n, components));
  const one = (list: string[]) => (list.length === 1 ? ref(list[0]) : { oneOf: list.map(ref) });
  const media: Record<string, unknown> = {};
  if (json.length > 0) media[JSON_TYPE] = { schema: one(json) };
  if (text.length > 0) media['text/plain'] = { schema: one(text) };
  return Object.keys(media).length > 0 ? media : undefined;
}

function queryParameters(schema: Schema | undefined): unknown[] {
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: property }));
}

function operation(dialect: Dialect, route: RouteSpec, docs: DialectDocs, components: Record<string, Schema>): Record<string, unknown> {
  const name = endpointName(route, docs);
  const request = `${name}.request`;
  const op: Record<string, unknown> = { operationId: `${route.method.toLowerCase()}_${name}`, summary: `${name} endpoint`, tags: [dialect.name] };
  if (request in components) {
    if (route.method === 'GET') op.parameters = queryParameters(components[request]);
    else {
      const bodies = docs.bodies ?? dialect.bodies ?? ['form', 'json'];
      op.requestBody = { required: true, content: Object.fromEntries(bodies.map((b) => [b === 'form' ? FORM : JSON_TYPE, { schema: ref(request) }])) };
    }
  }
  const success = content(responseSchemas(name, components), components);
  const failure = content(errorSchemas(name, docs, components), components);
  op.responses = {
    '200': { description: 'Success', ...(success ? { content: success } : {}) },
    ...(failure ? { '4XX': { description: 'Failure in the dialect\'s own error shape', content: failure } } : {}),
  };
  return op;
}

/** The OpenAPI 3.1 document of one mounted dialect, built from its routes and its JSON Schemas. */
export function buildOpenApi(dialect: Dialect, section: DialectSection, basePath: string, routes: RouteSpec[], version: string): OpenApiDocument {
  const docs = DIALECT_DOCS[dialect.name] ?? {};
  const components = loadComponents(dialect.name);
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const full = joinPath(basePath, route.path);
    (paths[full] ??= {})[route.method.toLowerCase()] = operation(dialect, route, docs, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: dialect.title,
      version,
      description: `The \`${dialect.name}\` dialect${section.profile ? ` (profile ${section.profile})` : ''}. Generated from the JSON Schemas in \`schemas/${dialect.name}/\`, which are also what \`oauth-dialects contract\` checks; where a response has profile variants, each is listed.`,
    },
    servers: [{ url: '/' }],
    tags: [{ name: dialect.name, description: dialect.title }],
    paths,
    components: { schemas: components },
  };
}
