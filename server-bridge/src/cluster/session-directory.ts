import type { RedisLink } from './redis-link.js';

/**
 * What another bridge needs to serve a 2025-era session it did not open: whose it is, the
 * client's own `initialize` request (replayed into a fresh server there, so protocol version and
 * capabilities are the client's), the toolsets it asked for, and what it subscribed to.
 */
export interface SessionRecord {
  userId: string;
  initialize: unknown;
  toolsets?: string[];
  subscriptions: string[];
}

/** Where a cluster's bridges find each other's sessions; every record expires when idle. */
export class SessionDirectory {
  constructor(
    private readonly link: RedisLink,
    private readonly idleMs: number,
  ) {}

  private key(sessionId: string): string {
    return this.link.key('session', sessionId);
  }

  async put(sessionId: string, record: SessionRecord): Promise<void> {
    await this.link.commands.set(this.key(sessionId), JSON.stringify(record), 'PX', this.idleMs);
  }

  async get(sessionId: string): Promise<SessionRecord | undefined> {
    const raw = await this.link.commands.get(this.key(sessionId));
    return raw ? (JSON.parse(raw) as SessionRecord) : undefined;
  }

  /** Keeps a session alive for another idle period (any bridge's use counts). */
  async touch(sessionId: string): Promise<void> {
    await this.link.commands.pexpire(this.key(sessionId), this.idleMs);
  }

  async setSubscriptions(sessionId: string, subscriptions: string[]): Promise<void> {
    const record = await this.get(sessionId);
    if (record) await this.put(sessionId, { ...record, subscriptions });
  }

  async delete(sessionId: string): Promise<void> {
    await this.link.commands.del(this.key(sessionId));
  }
}
