import type { RawUser } from '../config/types';
import { readCsv } from './csv';
import type { ImportReport } from './report';
import { readStoredSecret } from './secrets';

const STATUSES = ['active', 'locked', 'disabled'];
const ATTRIBUTES = ['email', 'phone_number', 'name'];

/**
 * Users from a CSV with the header `username,password_hash[,uid,email,phone_number,name,roles,status]`
 * (any order). Only bcrypt hashes are kept, `{bcrypt}` prefix or not: users keep their passwords
 * only if their hash does, and the gateway verifies bcrypt only. roles are separated by `;` or `,`.
 */
export function importUsers(file: string, report: ImportReport): RawUser[] {
  const users: RawUser[] = [];
  for (const { line, fields } of readCsv(file, ['username', 'password_hash'])) {
    const { username } = fields;
    if (!username) {
      report.refuse(file, line, 'empty username');
      continue;
    }
    if (!fields.password_hash) {
      report.refuse(file, line, `user ${username}: empty password_hash`);
      continue;
    }
    const hash = readStoredSecret(fields.password_hash, false);
    if (hash.kind !== 'hash') {
      report.refuse(file, line, `user ${username}: password_hash: ${hash.kind === 'refused' ? hash.reason : 'not a hash'}`);
      continue;
    }
    const status = fields.status?.toLowerCase();
    if (status && !STATUSES.includes(status)) {
      report.refuse(file, line, `user ${username}: status "${fields.status}" is not one of ${STATUSES.join(', ')}`);
      continue;
    }
    const user: RawUser = { username, password: hash.value };
    if (fields.uid) user.uid = fields.uid;
    const attributes = Object.fromEntries(ATTRIBUTES.filter((name) => fields[name]).map((name) => [name, fields[name]]));
    if (Object.keys(attributes).length > 0) user.attributes = attributes;
    const roles = [...new Set((fields.roles ?? '').split(/[;,]/).map((r) => r.trim()).filter((r) => r !== ''))];
    if (roles.length > 0) user.roles = roles;
    if (status) user.status = status as RawUser['status'];
    users.push(user);
  }
  return users;
}
