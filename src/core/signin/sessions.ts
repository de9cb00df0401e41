import { createHmac, randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../store';

/** What the store keeps for a signed-in browser. Times are epoch seconds. */
export interface SignInSession {
  uid: string;
  authTime: number;
  /** The user's session epoch when it began: ending the user's sessions starts a new one. */
  epoch?: string;
  expiresAt: number;
  /** Scopes the user approved during this session, by client id. */
  consents: Record<string, string[]>;
  /** A client whose consent request the user just declined: reported once, then forgotten. */
  declined?: string;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sign-in sessions in the token store's generic values, so they work on memory and Redis alike
 * and every process sees the same ones. The session id is a bearer secret: it is stored only
 * as an HMAC, like tokens are.
 */
export class SessionStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  static newId(): string {
    return randomBytes(32).toString('base64url');
  }

  static isWellFormed(id: string | undefined): id is string {
    return id !== undefined && SESSION_ID.test(id);
  }

  async create(uid: string): Promise<{ id: string; session: SignInSession }> {
    const id = SessionStore.newId();
    const now = this.now();
    const session: SignInSession = { uid, authTime: now, expiresAt: now + this.ttlSeconds, consents: {} };
    const epoch = await this.store.getValue(this.epochKeyOf(uid));
    if (epoch !== null) {
      session.epoch = epoch;
      // The epoch must outlive the sessions begun in it, or they would all look ended.
      await this.store.putValue(this.epochKeyOf(uid), epoch, this.ttlSeconds);
    }
    await this.store.putValue(this.keyOf(id), JSON.stringify(session), this.ttlSeconds);
    return { id, session };
  }

  async get(id: string | undefined): Promise<SignInSession | null> {
    if (!SessionStore.isWellFormed(id)) return null;
    const json = await this.store.getValue(this.keyOf(id));
    if (!json) return null;
    const session = JSON.parse(json) as SignInSession;
    if (session.expiresAt <= this.now()) return null;
    const epoch = await this.store.getValue(this.epochKeyOf(session.uid));
    if ((epoch ?? undefined) !== session.epoch) {
      await this.store.deleteValue(this.keyOf(id));
      return null;
    }
    return session;
  }

  /**
   * Ends every session of a user at once, on every process: sessions are not listed per user,
   * so the user gets a new epoch and a session of an earlier one is ended when next read.
   * No clock decides it, so a sign-in right after (or under a test's stopped clock) lives.
   */
  async endAllOf(uid: string): Promise<void> {
    await this.store.putValue(this.epochKeyOf(uid), randomBytes(12).toString('base64url'), this.ttlSeconds);
  }

  /** Writes a changed session back; its expiry does not move. */
  async save(id: string, session: SignInSession): Promise<void> {
    const remaining = session.expiresAt - this.now();
    if (remaining <= 0) return this.delete(id);
    await this.store.putValue(this.keyOf(id), JSON.stringify(session), remaining);
  }

  async delete(id: string | undefined): Promise<void> {
    if (SessionStore.isWellFormed(id)) await this.store.deleteValue(this.keyOf(id));
  }

  private keyOf(id: string): string {
    return `signin:session:${createHmac('sha256', this.key).update(id).digest('base64url')}`;
  }

  private epochKeyOf(uid: string): string {
    return `signin:epoch:${createHmac('sha256', this.key).update(`uid:${uid}`).digest('base64url')}`;
  }
}
