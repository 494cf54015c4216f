import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { ResourceUris } from '../resources/uris.js';
import type { LiveAccess } from './live-types.js';

/**
 * What the user is a member of: channel memberships asked for (cached briefly, for deliveries
 * the bridge receives itself) and a digest of the user's teams, to tell after a resync whether the
 * lists changed while events were not flowing.
 */
export class Memberships {
  private readonly channels = new LRUCache<string, boolean>({ max: 2000, ttl: 30_000 });
  private teamsDigest?: string;

  async isMember(access: LiveAccess, channelId: string): Promise<boolean> {
    const cached = this.channels.get(channelId);
    if (cached !== undefined) return cached;
    const member = await access.isChannelMember(channelId).catch(() => false);
    this.channels.set(channelId, member);
    return member;
  }

  /** A membership changed (an event said so): ask again. */
  changed(): void {
    this.channels.clear();
  }

  /** Reads the user's teams; true when they differ from the last read (not on the first). */
  async teamsChanged(access: LiveAccess): Promise<boolean> {
    const teams = await access.read(ResourceUris.teams).catch(() => undefined);
    if (teams === undefined) return false;
    const digest = createHash('sha256').update(teams).digest('base64url');
    const changed = this.teamsDigest !== undefined && digest !== this.teamsDigest;
    this.teamsDigest = digest;
    if (changed) this.channels.clear();
    return changed;
  }

  /** The event source closed: the next resync starts a new comparison. */
  reset(): void {
    this.teamsDigest = undefined;
  }
}
