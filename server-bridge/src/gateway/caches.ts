import { LRUCache } from 'lru-cache';
import type { ServerChannel, Team, UserProfile } from './user-gateway.js';

/**
 * Short-lived caches of objects a user has already been allowed to see. Keys start with the viewing
 * user's id, so an entry fetched with one user's permissions is never served to another user.
 */
export class GatewayCaches {
  readonly users: LRUCache<string, UserProfile>;
  readonly channels: LRUCache<string, ServerChannel>;
  readonly teams: LRUCache<string, Team>;

  constructor(options: { max: number; ttlMs: number }) {
    const settings = { max: options.max, ttl: options.ttlMs };
    this.users = new LRUCache(settings);
    this.channels = new LRUCache(settings);
    this.teams = new LRUCache(settings);
  }

  static key(viewerId: string, id: string): string {
    return `${viewerId}:${id}`;
  }

  clear(): void {
    this.users.clear();
    this.channels.clear();
    this.teams.clear();
  }
}
