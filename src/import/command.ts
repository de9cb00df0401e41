import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { RawClient, RawUser } from '../config/types';
import { importCasServices } from './cas-services';
import { formatNote, ImportReport } from './report';
import { importSpringClients } from './spring-client-details';
import { importUsers } from './users-csv';

export interface ImportCommandOptions {
  springClients?: string;
  casServices?: string;
  users?: string;
  out?: string;
  format: 'yaml' | 'json';
}

/** A client id or user name given twice, across all the sources, is refused at its second place. */
function refuseRepeats<T>(items: { item: T; where: string }[], key: (item: T) => string, what: string, report: ImportReport): T[] {
  const seen = new Map<string, string>();
  const kept: T[] = [];
  for (const { item, where } of items) {
    const name = key(item);
    const first = seen.get(name);
    if (first) report.refuse(where, undefined, `${what} ${name} is already imported from ${first}`);
    else {
      seen.set(name, where);
      kept.push(item);
    }
  }
  return kept;
}

/**
 * `oauth-dialects import`: the sources' clients and users as a configuration fragment. Any refused
 * entry fails the whole import (exit 1, every refusal listed, nothing written), so a fragment is
 * only ever complete.
 */
export function importCommand(options: ImportCommandOptions, out: (text: string) => void, err: (line: string) => void): number {
  if (!options.springClients && !options.casServices && !options.users) throw new Error('nothing to import: give --spring-clients, --cas-services and/or --users');
  const report = new ImportReport();
  const sourced: { item: RawClient; where: string }[] = [];
  if (options.springClients) sourced.push(...importSpringClients(options.springClients, report).map((item) => ({ item, where: options.springClients as string })));
  if (options.casServices) sourced.push(...importCasServices(options.casServices, report).map((item) => ({ item, where: options.casServices as string })));
  const clients = refuseRepeats(sourced, (c) => c.client_id, 'client', report);
  const users: RawUser[] | undefined = options.users ? refuseRepeats(importUsers(options.users, report).map((item) => ({ item, where: options.users as string })), (u) => u.username, 'user', report) : undefined;
  for (const note of report.warnings) err(formatNote(note, 'warning'));
  for (const note of report.refused) err(formatNote(note));
  if (report.refused.length > 0) {
    err(`import refused: ${report.refused.length} ${report.refused.length === 1 ? 'entry' : 'entries'}; nothing written`);
    return 1;
  }
  const fragment = { ...(options.springClients || options.casServices ? { clients } : {}), ...(users ? { users } : {}) };
  const text = options.format === 'json' ? `${JSON.stringify(fragment, null, 2)}\n` : stringify(fragment);
  if (options.out) writeFileSync(options.out, text, { mode: 0o600 });
  else out(text);
  err(`imported ${clients.length} client(s) and ${users?.length ?? 0} user(s)${options.out ? ` into ${options.out}` : ''}`);
  return 0;
}
