import { LRUCache } from 'lru-cache';
import type { ServerChannel, Team, UserProfile } from './user-gateway.js';

/**
 * Objects users have already been allowed to see, keyed by the object's id and then by the viewing
 * user: an entry fetched with one user's permissions is never served to another user, and a change
 * drops every viewer's copy of the object in one step.
 */
export class ViewerCache<T extends { id: string }> {
  private readonly byId: LRUCache<string, Map<string, T>>;
  /** Ids of the cached objects per group (a channel's team), for dropping a whole group at once. */
  private readonly groups = new Map<string, Set<string>>();

  constructor(
    options: { max: number; ttlMs: number },
    private readonly groupOf?: (value: T) => string,
  ) {
    this.byId = new LRUCache({
      max: options.max,
      ttl: options.ttlMs,
      dispose: (copies, id) => this.ungroup(copies, id),
    });
  }

  get(viewerId: string, id: string): T | undefined {
    return this.byId.get(id)?.get(viewerId);
  }

  /** Keeps the viewer's copy and hands it back. */
  set(viewerId: string, value: T): T {
    let copies = this.byId.get(value.id);
    if (!copies) {
      copies = new Map();
      this.byId.set(value.id, copies);
    }
    copies.set(viewerId, value);
    const group = this.groupOf?.(value);
    if (group) {
      let ids = this.groups.get(group);
      if (!ids) this.groups.set(group, (ids = new Set()));
      ids.add(value.id);
    }
    return value;
  }

  /** Drops every viewer's copy of one object. */
  forget(id: string): void {
    this.byId.delete(id);
  }

  /** Drops every object of a group, for every viewer. */
  forgetGroup(group: string): void {
    for (const id of [...(this.groups.get(group) ?? [])]) this.byId.delete(id);
    this.groups.delete(group);
  }

  clear(): void {
    this.byId.clear();
    this.groups.clear();
  }

  private ungroup(copies: Map<string, T>, id: string): void {
    if (!this.groupOf) return;
    for (const value of copies.values()) {
      const group = this.groupOf(value);
      const ids = this.groups.get(group);
      ids?.delete(id);
      if (ids?.size === 0) this.groups.delete(group);
    }
  }
}

/** The gateway's short-lived caches, shared by every user's gateway. */
export class GatewayCaches {
  readonly users: ViewerCache<UserProfile>;
  readonly channels: ViewerCache<ServerChannel>;
  readonly teams: ViewerCache<Team>;

  constructor(options: { max: number; ttlMs: number }) {
    this.users = new ViewerCache(options);
    this.channels = new ViewerCache(options, (channel) => channel.team_id);
    this.teams = new ViewerCache(options);
  }

  clear(): void {
    this.users.clear();
    this.channels.clear();
    this.teams.clear();
  }
}
