import type { Redis } from 'ioredis';
import type { NameKind, SharedNames } from '../gateway/caches.js';
import type { RedisLink } from './redis-link.js';

/** Deletes the name keys an index set lists, and the set itself. */
const FORGET = `
local keys = redis.call('SMEMBERS', KEYS[1])
for i = 1, #keys, 500 do
  redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys)))
end
return redis.call('DEL', KEYS[1])
`;

type WithForget = Redis & { forgetNames(index: string): Promise<number> };

/**
 * The names of teams, channels and users the bridges of a cluster looked up, per viewer as each
 * bridge keeps them (an object fetched with one person's permissions is never handed to another):
 * `<prefix>:names:<kind>:<viewer>:<scope>:<name>` holds the object for the cache's time to live.
 * A set per object (and per team, for its channels) lists the keys naming it, so the event that
 * changes an object (a rename, a deletion, a membership) drops every viewer's names of it on every
 * bridge at once. While Redis does not answer, each bridge keeps its own names, as alone.
 */
export class RedisSharedNames implements SharedNames {
  constructor(
    private readonly link: RedisLink,
    private readonly ttlMs: number,
  ) {
    link.commands.defineCommand('forgetNames', { numberOfKeys: 1, lua: FORGET });
  }

  private nameKey(kind: NameKind, viewerId: string, scope: string, name: string): string {
    return this.link.key('names', kind, viewerId, scope, name.toLowerCase());
  }

  private indexKey(kind: NameKind, id: string, group = false): string {
    return this.link.key('names', kind, group ? 'group' : 'id', id);
  }

  async get(kind: NameKind, viewerId: string, scope: string, name: string): Promise<unknown> {
    if (this.link.status === 'down') return undefined;
    const raw = await this.link.commands.get(this.nameKey(kind, viewerId, scope, name));
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  }

  set(kind: NameKind, viewerId: string, scope: string, name: string, value: { id: string }): void {
    if (this.link.status === 'down') return;
    const key = this.nameKey(kind, viewerId, scope, name);
    const indexes = [this.indexKey(kind, value.id)];
    const team = (value as { team_id?: unknown }).team_id;
    if (kind === 'channel' && typeof team === 'string' && team) {
      indexes.push(this.indexKey(kind, team, true));
    }
    const pipeline = this.link.commands
      .pipeline()
      .set(key, JSON.stringify(value), 'PX', this.ttlMs);
    for (const index of indexes) pipeline.sadd(index, key).pexpire(index, this.ttlMs);
    void pipeline.exec().catch(() => {});
  }

  forget(kind: NameKind, id: string, group = false): void {
    if (this.link.status === 'down') return;
    void (this.link.commands as WithForget)
      .forgetNames(this.indexKey(kind, id, group))
      .catch(() => {});
  }
}
