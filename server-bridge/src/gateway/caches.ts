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

/**
 * Names a viewer looked up, pointing at the id of what they named (a team, a channel in a team, a
 * user). A name leads to an object only while the object cache still holds it under that very
 * name: dropping the object (a rename, a deletion, a membership change) retires its names too.
 */
export class NameIndex<T extends { id: string }> {
  private readonly ids: LRUCache<string, string>;
  /** In a cluster: the names every bridge looked up, asked before Mattermost. */
  shared?: SharedNames;

  constructor(
    options: { max: number; ttlMs: number },
    private readonly objects: ViewerCache<T>,
    private readonly nameOf: (value: T) => string,
    private readonly kind: NameKind,
  ) {
    this.ids = new LRUCache({ max: options.max, ttl: options.ttlMs });
  }

  /** The viewer's cached object of that name in `scope` (a team id for channels, '' otherwise). */
  get(viewerId: string, scope: string, name: string): T | undefined {
    const id = this.ids.get(key(viewerId, scope, name));
    const found = id === undefined ? undefined : this.objects.get(viewerId, id);
    return found && this.nameOf(found).toLowerCase() === name.toLowerCase() ? found : undefined;
  }

  /**
   * The viewer's object of that name: cached here, else in the cluster's names, else fetched
   * with the viewer's rights, and kept in both.
   */
  async lookup(viewerId: string, scope: string, name: string, load: () => Promise<T>): Promise<T> {
    const cached = this.get(viewerId, scope, name);
    if (cached) return cached;
    const known = (await this.shared
      ?.get(this.kind, viewerId, scope, name)
      .catch(() => undefined)) as T | undefined;
    if (known?.id && this.named(known, name)) return this.set(viewerId, scope, known);
    const fetched = this.set(viewerId, scope, await load());
    const fetchedName = this.nameOf(fetched) as unknown;
    if (typeof fetchedName === 'string') {
      this.shared?.set(this.kind, viewerId, scope, fetchedName, fetched);
    }
    return fetched;
  }

  private named(value: T, name: string): boolean {
    const own = this.nameOf(value) as unknown;
    return typeof own === 'string' && own.toLowerCase() === name.toLowerCase();
  }

  /** Keeps the object for the viewer and the name it was found by. */
  set(viewerId: string, scope: string, value: T): T {
    this.objects.set(viewerId, value);
    const name = this.nameOf(value) as unknown;
    if (typeof name === 'string') this.ids.set(key(viewerId, scope, name), value.id);
    return value;
  }

  clear(): void {
    this.ids.clear();
  }
}

const key = (viewerId: string, scope: string, name: string) =>
  `${viewerId}\u0000${scope}\u0000${name.toLowerCase()}`;

/** Where a post is: the facts of a post that never change, for checks that need only those. */
export interface PostPlace {
  id: string;
  channel_id: string;
  /** The thread's root; empty for a root. */
  root_id: string;
}

/** What a name names: the name caches shared by the bridges of a cluster are kept per kind. */
export type NameKind = 'team' | 'channel' | 'user';

/**
 * Names looked up by the bridges of a cluster (`cluster/shared-names.ts`), per viewer as here: a
 * name another bridge resolved costs a Redis round trip instead of a Mattermost request.
 */
export interface SharedNames {
  get(kind: NameKind, viewerId: string, scope: string, name: string): Promise<unknown>;
  set(kind: NameKind, viewerId: string, scope: string, name: string, value: { id: string }): void;
  /** Drops every viewer's names of an object (or, with `group`, of every channel of a team). */
  forget(kind: NameKind, id: string, group?: boolean): void;
}

/** The caches of objects by id that a write can make stale. */
export type ObjectCache = 'users' | 'channels' | 'teams' | 'postPlaces';

/** The kind of name each object cache's objects go by in the cluster's names; posts have none. */
const NAMED: Record<ObjectCache, NameKind | undefined> = {
  users: 'user',
  channels: 'channel',
  teams: 'team',
  postPlaces: undefined,
};

/** The gateway's short-lived caches, shared by every user's gateway. */
export class GatewayCaches {
  readonly users: ViewerCache<UserProfile>;
  readonly channels: ViewerCache<ServerChannel>;
  readonly teams: ViewerCache<Team>;
  readonly usernames: NameIndex<UserProfile>;
  readonly channelNames: NameIndex<ServerChannel>;
  readonly teamNames: NameIndex<Team>;
  readonly postPlaces: ViewerCache<PostPlace>;
  /** In a cluster: the names the bridges share. */
  shared?: SharedNames;

  constructor(options: { max: number; ttlMs: number }) {
    this.users = new ViewerCache(options);
    this.channels = new ViewerCache(options, (channel) => channel.team_id);
    this.teams = new ViewerCache(options);
    this.usernames = new NameIndex(options, this.users, (user) => user.username, 'user');
    this.channelNames = new NameIndex(options, this.channels, (channel) => channel.name, 'channel');
    this.teamNames = new NameIndex(options, this.teams, (team) => team.name, 'team');
    this.postPlaces = new ViewerCache(options);
  }

  /** Names are looked up in the cluster's too, and dropped there when an event changes them. */
  share(shared: SharedNames): void {
    this.shared = this.usernames.shared = this.channelNames.shared = this.teamNames.shared = shared;
  }

  /**
   * Drops every viewer's copy of an object and, in a cluster, every bridge's names of it: a write
   * that renamed it must not leave the old name leading to it.
   */
  forget(cache: ObjectCache, id: string): void {
    this[cache].forget(id);
    const kind = NAMED[cache];
    if (kind) this.shared?.forget(kind, id);
  }

  clear(): void {
    this.users.clear();
    this.channels.clear();
    this.teams.clear();
    this.usernames.clear();
    this.channelNames.clear();
    this.teamNames.clear();
    this.postPlaces.clear();
  }
}
