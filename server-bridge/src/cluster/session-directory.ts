import type { SharedSessionRecord, SharedSessions } from '../http/mcp-route.js';
import type { RedisLink } from './redis-link.js';

/**
 * Where a cluster's bridges find each other's sessions (what another bridge needs to serve one it
 * did not open); every record expires after the idle limit unless some bridge uses the session.
 */
export class SessionDirectory implements SharedSessions {
  constructor(
    private readonly link: RedisLink,
    private readonly idleMs: number,
  ) {}

  private key(sessionId: string): string {
    return this.link.key('session', sessionId);
  }

  async put(sessionId: string, record: SharedSessionRecord): Promise<void> {
    await this.link.commands.set(this.key(sessionId), JSON.stringify(record), 'PX', this.idleMs);
  }

  async get(sessionId: string): Promise<SharedSessionRecord | undefined> {
    const raw = await this.link.commands.get(this.key(sessionId));
    return raw ? (JSON.parse(raw) as SharedSessionRecord) : undefined;
  }

  async touch(sessionId: string): Promise<boolean> {
    return (await this.link.commands.pexpire(this.key(sessionId), this.idleMs)) === 1;
  }

  async setSubscriptions(sessionId: string, subscriptions: string[]): Promise<void> {
    const record = await this.get(sessionId);
    if (record) await this.put(sessionId, { ...record, subscriptions });
  }

  async delete(sessionId: string): Promise<void> {
    await this.link.commands.del(this.key(sessionId));
  }
}
