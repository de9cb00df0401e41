import type { RawClient } from '../config/types';
import { readCsv } from './csv';
import { commaList, isAbsoluteUri, KNOWN_GRANTS, SCOPE } from './grants';
import type { ImportReport } from './report';
import { readStoredSecret } from './secrets';

const MAX_TTL = 31536000;

/** A validity column (seconds). Spring reads zero or less as "never expires", which the gateway has no way to say. */
function lifetime(value: string, column: string, at: (message: string, refuse: boolean) => undefined): number | undefined {
  if (value === '') return undefined;
  if (!/^-?\d+$/.test(value)) return at(`${column} "${value}" is not a whole number of seconds`, true);
  const seconds = Number(value);
  if (seconds <= 0) return at(`${column} ${seconds} (tokens that never expire) has no equivalent; left to the dialect's default lifetime`, false);
  if (seconds > MAX_TTL) return at(`${column} ${seconds} is above ${MAX_TTL} s (a year), the most the gateway allows`, true);
  return seconds;
}

/**
 * Spring Security OAuth's `oauth_client_details` table exported as CSV with its column names as
 * the header. resource_ids, authorities, additional_information and autoapprove have no
 * counterpart in the gateway's clients and are not imported.
 */
export function importSpringClients(file: string, report: ImportReport): RawClient[] {
  const clients: RawClient[] = [];
  for (const { line, fields } of readCsv(file, ['client_id'])) {
    const refusedBefore = report.refused.length;
    const refuse = (message: string) => report.refuse(file, line, message);
    const clientId = fields.client_id;
    if (!clientId) {
      refuse('empty client_id');
      continue;
    }
    const client: RawClient = { client_id: clientId };
    if (fields.client_secret) {
      const secret = readStoredSecret(fields.client_secret, true);
      if (secret.kind === 'refused') refuse(`client ${clientId}: client_secret: ${secret.reason}`);
      else client.client_secret = secret.value;
    }
    const grants = commaList(fields.authorized_grant_types ?? '');
    const unknown = grants.filter((g) => !KNOWN_GRANTS.includes(g));
    if (unknown.length > 0) report.warn(file, line, `client ${clientId}: grant types the gateway does not have, left out: ${unknown.join(', ')}`);
    if (grants.length > 0) client.grant_types = grants.filter((g) => KNOWN_GRANTS.includes(g));
    const scopes = commaList(fields.scope ?? '');
    const badScope = scopes.find((s) => !SCOPE.test(s));
    if (badScope !== undefined) refuse(`client ${clientId}: scope "${badScope}" has characters a scope cannot hold`);
    if (scopes.length > 0) client.scopes = scopes;
    const uris = commaList(fields.web_server_redirect_uri ?? '');
    const badUri = uris.find((u) => !isAbsoluteUri(u));
    if (badUri !== undefined) refuse(`client ${clientId}: web_server_redirect_uri "${badUri}" is not an absolute URI`);
    if (uris.length > 0) client.redirect_uris = uris;
    const note = (message: string, refused: boolean): undefined => {
      if (refused) refuse(`client ${clientId}: ${message}`);
      else report.warn(file, line, `client ${clientId}: ${message}`);
      return undefined;
    };
    const access = lifetime(fields.access_token_validity ?? '', 'access_token_validity', note);
    const refresh = lifetime(fields.refresh_token_validity ?? '', 'refresh_token_validity', note);
    if (access !== undefined) client.access_token_ttl = access;
    if (refresh !== undefined) client.refresh_token_ttl = refresh;
    if (report.refused.length === refusedBefore) clients.push(client);
  }
  return clients;
}
