import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Hjson from 'hjson';
import type { RawClient } from '../config/types';
import { isAbsoluteUri, KNOWN_GRANTS, SCOPE } from './grants';
import type { ImportReport } from './report';

const OAUTH = 'org.apereo.cas.support.oauth.services.OAuthRegisteredService';
const OIDC = 'org.apereo.cas.services.OidcRegisteredService';

/** Response types a service allows, as the grant each one stands for. */
const RESPONSE_GRANTS: Record<string, string> = { code: 'authorization_code', token: 'implicit', id_token: 'implicit', 'id_token token': 'implicit' };

/** CAS writes collections Jackson's default-typing way, `["java.util.HashSet", [ … ]]`, or plainly. */
function collection(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Array.isArray(value[1]) ? value[1] : value;
  if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) return undefined;
  return [...new Set(items as string[])];
}

/**
 * serviceId is a Java regular expression over redirect URIs. Kept only when it is one plain URL,
 * anchored or not, its dots escaped or not; any other pattern cannot be a list of URIs.
 */
export function plainUrlOf(serviceId: string): string | undefined {
  const body = serviceId.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
  if (/(?<!\\)[*+?()[\]{}|]/.test(body) || /\\[A-Za-z0-9]/.test(body)) return undefined;
  const url = body.replace(/\\(.)/g, '$1');
  return isAbsoluteUri(url) ? url : undefined;
}

function readService(file: string): Record<string, unknown> {
  const parsed: unknown = Hjson.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * CAS's JSON service registry: every `*.json` file of a directory holds one registered service,
 * read as Hjson as CAS reads it (comments, unquoted keys). OAuth and OIDC services become clients,
 * with their CAS token settings under `settings.cas`; other services are skipped with a note.
 */
export function importCasServices(dir: string, report: ImportReport): RawClient[] {
  const clients: RawClient[] = [];
  const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) report.warn(dir, undefined, 'no *.json service definitions in this directory');
  for (const name of files) {
    const file = path.join(dir, name);
    let service: Record<string, unknown>;
    try {
      service = readService(file);
    } catch (error) {
      report.refuse(file, undefined, `not a readable service definition: ${(error as Error).message}`);
      continue;
    }
    const kind = service['@class'];
    if (kind !== OAUTH && kind !== OIDC) {
      report.warn(file, undefined, `skipped: ${typeof kind === 'string' ? kind : 'a service without @class'} is not an OAuth or OIDC service`);
      continue;
    }
    const clientId = service.clientId;
    if (typeof clientId !== 'string' || clientId === '') {
      report.refuse(file, undefined, 'no clientId');
      continue;
    }
    const client: RawClient = { client_id: clientId };
    if (typeof service.name === 'string' && service.name !== '') client.client_name = service.name;
    const secret = service.clientSecret;
    if (typeof secret === 'string' && secret !== '') {
      if (secret.startsWith('{cipher}')) {
        report.refuse(file, undefined, `client ${clientId}: clientSecret is encrypted with the CAS server's keys ({cipher}); write the decrypted secret`);
        continue;
      }
      client.client_secret = secret;
    }
    if (typeof service.serviceId === 'string') {
      const url = plainUrlOf(service.serviceId);
      if (url) client.redirect_uris = [url];
      else report.warn(file, undefined, `client ${clientId}: serviceId is a pattern, not one URL: no redirect URI imported (add the client's redirect_uris by hand)`);
    }
    const grants = collection(service.supportedGrantTypes) ?? [];
    const responses = collection(service.supportedResponseTypes) ?? [];
    // An empty supportedGrantTypes lets CAS accept every grant; the gateway's default stands for it then.
    if (grants.length > 0) {
      const fromResponses = responses.map((r) => RESPONSE_GRANTS[r]).filter((g) => g !== undefined);
      const all = [...new Set([...grants, ...fromResponses])];
      const unknown = all.filter((g) => !KNOWN_GRANTS.includes(g));
      if (unknown.length > 0) report.warn(file, undefined, `client ${clientId}: grant types the gateway does not have, left out: ${unknown.join(', ')}`);
      client.grant_types = all.filter((g) => KNOWN_GRANTS.includes(g));
    }
    const scopes = collection(service.scopes) ?? [];
    const badScope = scopes.find((s) => !SCOPE.test(s));
    if (badScope !== undefined) {
      report.refuse(file, undefined, `client ${clientId}: scope "${badScope}" has characters a scope cannot hold`);
      continue;
    }
    if (scopes.length > 0) client.scopes = scopes;
    const cas: Record<string, boolean> = {};
    for (const [from, to] of [['jsonFormat', 'json_format'], ['generateRefreshToken', 'generate_refresh_token'], ['renewRefreshToken', 'renew_refresh_token']] as const) {
      if (typeof service[from] === 'boolean') cas[to] = service[from];
    }
    if (Object.keys(cas).length > 0) client.settings = { cas };
    clients.push(client);
  }
  return clients;
}
