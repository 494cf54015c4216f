import type { Redis } from 'ioredis';
import type { RedisLink } from './redis-link.js';

/** Extends the lease only while this bridge still holds it. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;
/** Keeps the lease if this bridge holds it, takes it if nobody does; 1 when held after. */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;
/** Ends the lease only if this bridge holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

type WithLeaseCommands = Redis & {
  renewLease(key: string, owner: string, ttlMs: number): Promise<number>;
  releaseLease(key: string, owner: string): Promise<number>;
  claimLease(key: string, owner: string, ttlMs: number): Promise<number>;
};

/**
 * Which bridge of a cluster holds a user's Mattermost WebSocket: a Redis key per user naming the
 * holder, with a short time to live that the holder keeps renewing. When the holder dies the key
 * expires and another bridge with subscribers of that user takes it (and reconnects, resyncing
 * over REST what the gap hid). While Redis is unreachable every bridge answers "yours": a user
 * may then have a socket on several bridges, which costs connections but loses no event.
 */
export class SocketLeases {
  private readonly redis: WithLeaseCommands;

  constructor(
    private readonly link: RedisLink,
    /** This bridge's name in the cluster. */
    readonly owner: string,
    readonly ttlMs: number,
  ) {
    link.commands.defineCommand('renewLease', { numberOfKeys: 1, lua: RENEW });
    link.commands.defineCommand('releaseLease', { numberOfKeys: 1, lua: RELEASE });
    link.commands.defineCommand('claimLease', { numberOfKeys: 1, lua: CLAIM });
    this.redis = link.commands as WithLeaseCommands;
  }

  private key(userId: string): string {
    return this.link.key('socket', userId);
  }

  /** Takes the user's lease if nobody holds it, or keeps it if this bridge does. */
  async acquire(userId: string): Promise<boolean> {
    if (this.link.status === 'down') return true;
    try {
      const key = this.key(userId);
      if ((await this.redis.set(key, this.owner, 'PX', this.ttlMs, 'NX')) === 'OK') return true;
      return (await this.redis.renewLease(key, this.owner, this.ttlMs)) === 1;
    } catch {
      return true;
    }
  }

  /**
   * Keeps or takes the leases of many users in one round trip: which of them this bridge holds
   * now. While Redis does not answer, every user counts as held and `alone` is true: each bridge
   * then keeps sockets of its own, and must not take over another bridge's connection.
   */
  async claim(userIds: string[]): Promise<{ held: Map<string, boolean>; alone: boolean }> {
    const held = new Map(userIds.map((userId) => [userId, true]));
    if (this.link.status === 'down') return { held, alone: true };
    try {
      const pipeline = this.link.commands.pipeline() as unknown as {
        claimLease(key: string, owner: string, ttlMs: number): unknown;
        exec(): Promise<Array<[Error | null, unknown]> | null>;
      };
      for (const userId of userIds) pipeline.claimLease(this.key(userId), this.owner, this.ttlMs);
      const results = (await pipeline.exec()) ?? [];
      if (results.length < userIds.length || results.some(([err]) => err)) {
        return { held, alone: true };
      }
      results.forEach(([, value], n) => held.set(userIds[n]!, value === 1));
      return { held, alone: false };
    } catch {
      return { held, alone: true };
    }
  }

  /** Extends a held lease; false once another bridge holds it. */
  async renew(userId: string): Promise<boolean> {
    if (this.link.status === 'down') return true;
    try {
      return (await this.redis.renewLease(this.key(userId), this.owner, this.ttlMs)) === 1;
    } catch {
      return true;
    }
  }

  async release(userId: string): Promise<void> {
    try {
      await this.redis.releaseLease(this.key(userId), this.owner);
    } catch {
      // Redis away: the lease expires by itself.
    }
  }

  /** The bridge holding the user's socket now, if any. */
  async holder(userId: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(userId))) ?? undefined;
  }
}
