import type { Redis } from 'ioredis';
import type { SessionLiveness, SharedSessionRecord, SharedSessions } from '../http/mcp-route.js';
import type { RedisLink } from './redis-link.js';

/** What a closed session's key holds until it expires, so no bridge sets it up again. */
const CLOSED = 'closed';

/** Extends a live session's record; tells a closed session from one Redis no longer knows. */
const TOUCH = `
local value = redis.call('GET', KEYS[1])
if not value then return 'missing' end
if value == ARGV[2] then return 'closed' end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 'alive'
`;

type WithTouch = Redis & {
  touchSession(key: string, idleMs: number, closed: string): Promise<SessionLiveness>;
};

/**
 * Where a cluster's bridges find each other's sessions (what another bridge needs to serve one it
 * did not open); every record expires after the idle limit unless some bridge uses the session.
 */
export class SessionDirectory implements SharedSessions {
  constructor(
    private readonly link: RedisLink,
    private readonly idleMs: number,
  ) {
    link.commands.defineCommand('touchSession', { numberOfKeys: 1, lua: TOUCH });
  }

  private key(sessionId: string): string {
    return this.link.key('session', sessionId);
  }

  async put(sessionId: string, record: SharedSessionRecord): Promise<void> {
    await this.link.commands.set(this.key(sessionId), JSON.stringify(record), 'PX', this.idleMs);
  }

  async get(sessionId: string): Promise<SharedSessionRecord | undefined> {
    const raw = await this.link.commands.get(this.key(sessionId));
    return raw && raw !== CLOSED ? (JSON.parse(raw) as SharedSessionRecord) : undefined;
  }

  async touch(sessionId: string): Promise<SessionLiveness> {
    return (this.link.commands as WithTouch).touchSession(this.key(sessionId), this.idleMs, CLOSED);
  }

  async setSubscriptions(sessionId: string, subscriptions: string[]): Promise<void> {
    const record = await this.get(sessionId);
    if (record) await this.put(sessionId, { ...record, subscriptions });
  }

  async delete(sessionId: string): Promise<void> {
    await this.link.commands.set(this.key(sessionId), CLOSED, 'PX', this.idleMs);
  }
}
