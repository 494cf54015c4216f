import type { SessionState, SessionStateStore } from '../mcp/session-state.js';
import type { RedisLink } from './redis-link.js';

/**
 * Session state shared by the bridges of a cluster: the toolsets a session enabled, a Redis set
 * per session under `<prefix>:state:<key>`, expiring after the idle limit unless used. The next
 * request of a 2026-07-28 client, or a 2025-era session taken over by another bridge, finds them
 * on any bridge. When Redis does not answer, this bridge carries on with what it holds itself.
 */
export class SharedSessionState implements SessionStateStore {
  constructor(
    private readonly link: RedisLink,
    private readonly idleMs: number,
    /** What this bridge holds itself: written always, read when Redis does not answer. */
    private readonly local: SessionStateStore,
    private readonly onFallback: () => void,
  ) {}

  private key(key: string): string {
    return this.link.key('state', key);
  }

  async get(key: string): Promise<SessionState | undefined> {
    try {
      const [[, toolsets]] = (await this.link.commands
        .multi()
        .smembers(this.key(key))
        .pexpire(this.key(key), this.idleMs)
        .exec()) as [[Error | null, string[]]];
      if (toolsets.length) return { toolsets: [...toolsets].sort() };
      return this.local.get(key);
    } catch {
      this.onFallback();
      return this.local.get(key);
    }
  }

  async addToolsets(key: string, toolsets: readonly string[]): Promise<void> {
    await this.local.addToolsets(key, toolsets);
    if (toolsets.length === 0) return;
    try {
      await this.link.commands
        .multi()
        .sadd(this.key(key), ...toolsets)
        .pexpire(this.key(key), this.idleMs)
        .exec();
    } catch {
      this.onFallback();
    }
  }
}
