import type { Client, User } from './model';
import { CoreError } from './errors';

export type UserIdentifier = 'username' | 'email' | 'phone_number';

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+?[0-9][0-9 -]{5,}$/;

function normalisePhone(value: string): string {
  return value.replace(/[ -]/g, '');
}

/** Clients and users, as loaded from the configuration. Read-only at run time. */
export class Directory {
  private readonly clients: Map<string, Client>;
  private readonly users: User[];
  private readonly byUsername: Map<string, User>;
  private readonly byUid: Map<string, User>;

  constructor(clients: Client[], users: User[]) {
    this.clients = new Map(clients.map((c) => [c.clientId, c]));
    this.users = users;
    this.byUsername = new Map(users.map((u) => [u.username, u]));
    this.byUid = new Map(users.map((u) => [u.uid, u]));
  }

  client(clientId: string): Client | undefined {
    return this.clients.get(clientId);
  }

  allClients(): Client[] {
    return [...this.clients.values()];
  }

  userByUid(uid: string): User | undefined {
    return this.byUid.get(uid);
  }

  userByUsername(username: string): User | undefined {
    return this.byUsername.get(username);
  }

  /**
   * Finds a user by whichever identifier the caller allows. A user found only through an
   * identifier the caller does not allow is `unsupported_identifier` (CIAM auth sources).
   */
  findUser(identifier: string, allowed: readonly UserIdentifier[] = ['username']): User | undefined {
    const candidates: Array<[UserIdentifier, User | undefined]> = [
      ['username', this.byUsername.get(identifier)],
      ['email', EMAIL.test(identifier) ? this.users.find((u) => u.attributes.email?.toLowerCase() === identifier.toLowerCase()) : undefined],
      [
        'phone_number',
        PHONE.test(identifier)
          ? this.users.find((u) => u.attributes.phone_number && normalisePhone(u.attributes.phone_number) === normalisePhone(identifier))
          : undefined,
      ],
    ];
    for (const [kind, user] of candidates) if (user && allowed.includes(kind)) return user;
    if (candidates.some(([, user]) => user)) {
      throw new CoreError('invalid_grant', 'this kind of user identifier is not accepted here', {
        reason: 'unsupported_identifier',
        parameter: 'username',
      });
    }
    return undefined;
  }
}
