import { LRUCache } from 'lru-cache';
import { parseResourceUri } from '../resources/uris.js';
import type { LiveAccess } from './live-types.js';
import { effectsOf, reactionPostId, type EventEffects } from './routing.js';
import type { SocketEvent } from './user-socket.js';

/** Events routed to a team feed, whose team may need a lookup. */
const TEAM_LOOKUP_EVENTS = new Set([
  'posted',
  'post_edited',
  'post_deleted',
  'reaction_added',
  'reaction_removed',
]);

/**
 * Places one user's events: which resources they change, with what Mattermost leaves out of an
 * event looked up once and remembered (the team of a channel, the thread of a post).
 */
export class EventPlacement {
  private readonly channelTeams = new LRUCache<string, string>({ max: 5000 });
  private readonly postRoots = new LRUCache<string, string>({ max: 20_000 });

  constructor(
    private readonly userId: string,
    private readonly username: string,
  ) {}

  get sizes(): { channelTeams: number; postRoots: number } {
    return { channelTeams: this.channelTeams.size, postRoots: this.postRoots.size };
  }

  learnRoot(postId: string, rootId: string): void {
    this.postRoots.set(postId, rootId);
  }

  /**
   * The event's effects; `teamKnown` is false when the team of its channel could not be looked
   * up (Mattermost did not answer), so its feed entry cannot be placed yet.
   */
  async place(
    ev: SocketEvent,
    access: LiveAccess,
    followed: () => Iterable<string>,
  ): Promise<{ effects: EventEffects; teamKnown: boolean }> {
    const teamKnown = await this.learnTeam(ev, access);
    await this.learnThread(ev, access, followed);
    const effects = effectsOf(ev, {
      userId: this.userId,
      username: this.username,
      teamOf: (channelId) => this.channelTeams.get(channelId),
      rootOf: (postId) => this.postRoots.get(postId),
    });
    if (effects.post) this.postRoots.set(effects.post.id, effects.post.root_id);
    return { effects, teamKnown };
  }

  /**
   * Post and reaction events other than `posted` do not name the team: look the channel (which
   * Mattermost names in the broadcast) up once. False when the lookup failed.
   */
  private async learnTeam(ev: SocketEvent, access: LiveAccess): Promise<boolean> {
    const channelId = ev.broadcast?.channel_id;
    if (!channelId || this.channelTeams.has(channelId)) return true;
    if (ev.event === 'posted' && typeof ev.data?.team_id === 'string') {
      this.channelTeams.set(channelId, ev.data.team_id);
      return true;
    }
    if (!TEAM_LOOKUP_EVENTS.has(ev.event)) return true;
    const team = await access.channelTeam(channelId).catch(() => undefined);
    if (team !== undefined) this.channelTeams.set(channelId, team);
    return team !== undefined;
  }

  /**
   * A reaction names its post only: when that post is a reply the bridge never saw, look its
   * thread up once, so subscribers of the thread hear of it (only if anyone follows a thread).
   */
  private async learnThread(
    ev: SocketEvent,
    access: LiveAccess,
    followed: () => Iterable<string>,
  ): Promise<void> {
    const postId = reactionPostId(ev);
    if (!postId || this.postRoots.has(postId)) return;
    const followsThreads = [...followed()].some((uri) => parseResourceUri(uri)?.kind === 'thread');
    if (!followsThreads) return;
    const root = await access.postRoot(postId).catch(() => undefined);
    if (root !== undefined) this.postRoots.set(postId, root);
  }
}
