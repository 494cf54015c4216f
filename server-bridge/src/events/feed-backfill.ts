import type { LiveClock } from './live-clock.js';
import type { ChangedPost, LiveAccess } from './live-types.js';
import { feedEventsOfPost } from './routing.js';
import type { TeamFeeds } from './team-feed.js';

/** The backfill looks this far before its watermark, for clocks and in-flight events. */
const OVERLAP_MS = 5000;
/** The most posts one `GET /channels/{id}/posts?since=` answer holds (Mattermost's cap). */
export const POSTS_SINCE_CAP = 1000;
/** Pages read per channel in one backfill, at most (a runaway guard: 50,000 changed posts). */
const MAX_PAGES = 50;

/** When a post last changed: Mattermost's `update_at`, or the latest time the post carries. */
const changedAt = (p: ChangedPost): number =>
  p.update_at ?? Math.max(p.create_at, p.edit_at, p.delete_at);

/**
 * Recovers into the team feeds what the WebSocket did not deliver (a new connection after a
 * restart, polling), from the posts changed since the feeds were last known complete: the
 * watermark. Live events on an intact stream move the watermark; a break of the stream freezes
 * it, and only a backfill that read every channel it needed moves it on again. A request that
 * fails leaves it where it was, so the next attempt reads the same stretch again (the feeds keep
 * each change once, whichever way it arrived).
 */
export class FeedBackfill {
  /** Teams whose feed someone follows or read: the backfill fills these. */
  readonly teams = new Set<string>();
  private watermark: number;
  /** Events may be missing before the watermark until a backfill completes. */
  private owed = false;

  constructor(
    private readonly feeds: TeamFeeds,
    private readonly clock: LiveClock,
    /** The post's thread root is learnt along the way. */
    private readonly learnRoot: (postId: string, rootId: string) => void,
  ) {
    this.watermark = clock.now();
  }

  /** An event arrived on an intact stream: everything up to now is in the feeds. */
  eventReceived(): void {
    if (!this.owed) this.watermark = this.clock.now();
  }

  /** The stream broke, or an event could not be placed: what follows the watermark must be read back. */
  streamBroken(): void {
    this.owed = true;
  }

  /** A reconnect got every missed event replayed: the stream is whole again. */
  streamResumed(): void {
    this.owed = false;
  }

  /**
   * Reads the posts changed since the watermark in the channels of the followed teams; returns
   * the teams whose feed gained events, and whether every request succeeded.
   */
  async run(access: LiveAccess): Promise<{ touched: Set<string>; complete: boolean }> {
    const since = this.watermark - OVERLAP_MS;
    const startedAt = this.clock.now();
    let complete = true;
    const channels = new Map<string, { team: string; name: string }>();
    for (const team of this.teams) {
      // Reactions leave a channel's last_post_at alone: channels the feed already shows activity
      // in are read too, since that is where reactions to recent posts happen.
      const active = new Set(this.feeds.of(team).map((e) => e.channel_id));
      const mine = await access.myChannels(team).catch(() => undefined);
      if (!mine) {
        complete = false;
        continue;
      }
      for (const c of mine) {
        if (c.last_post_at >= since || active.has(c.id)) channels.set(c.id, { team, name: c.name });
      }
    }
    const touched = new Set<string>();
    for (const [channelId, { team, name }] of channels) {
      const posts = await this.changedPosts(access, channelId, since);
      if (!posts) {
        complete = false;
        continue;
      }
      for (const post of posts.sort((a, b) => a.create_at - b.create_at)) {
        this.learnRoot(post.id, post.root_id || post.id);
        for (const feed of feedEventsOfPost(post, team, name, since)) {
          if (this.feeds.add(feed)) touched.add(feed.team_id);
        }
      }
    }
    if (complete) {
      this.watermark = Math.max(this.watermark, startedAt);
      this.owed = false;
    }
    return { touched, complete };
  }

  /** Every post changed since a time, paging past Mattermost's cap; undefined when a page failed. */
  private async changedPosts(
    access: LiveAccess,
    channelId: string,
    since: number,
  ): Promise<ChangedPost[] | undefined> {
    const byVersion = new Map<string, ChangedPost>();
    let from = since;
    for (let page = 0; page < MAX_PAGES; page++) {
      const posts = await access.postsSince(channelId, from).catch(() => undefined);
      if (!posts) return undefined;
      const changed = posts.filter((p) => changedAt(p) > from);
      let added = 0;
      for (const p of posts) {
        const key = `${p.id}:${changedAt(p)}`;
        if (!byVersion.has(key)) added++;
        byVersion.set(key, p);
      }
      if (changed.length < POSTS_SINCE_CAP || added === 0) break;
      // The next page starts at the last change read: posts changed in that same millisecond
      // beyond the cap come again (strictly after the one before), duplicates fold above.
      from = Math.max(...changed.map(changedAt)) - 1;
    }
    // One entry per post, its latest version.
    const latest = new Map<string, ChangedPost>();
    for (const p of byVersion.values()) {
      const seen = latest.get(p.id);
      if (!seen || changedAt(p) >= changedAt(seen)) latest.set(p.id, p);
    }
    return [...latest.values()];
  }
}
