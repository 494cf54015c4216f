import type { SimContext } from '../context.js';
import { touchThreadMembership } from '../services/threads.js';
import { setStatus } from '../services/users.js';
import { newId } from '../ids.js';
import type { Post } from '../store/types.js';
import { PEOPLE } from './demo-people.js';

// The demo's state around its history: read marks, saved posts, bookmarks, a scheduled post and
// statuses.

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** mulberry32: a small seeded PRNG, so the demo history is the same on every start. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Everyone has read everything up to `at`: channel counters caught up, threads viewed. */
export function markEverythingRead(ctx: SimContext, at: number): void {
  const { store } = ctx;
  for (const channel of store.channels.values()) {
    for (const m of store.channelMembersOf(channel.id)) {
      m.last_viewed_at = at;
      m.msg_count = channel.total_msg_count;
      m.msg_count_root = channel.total_msg_count_root;
      m.mention_count = 0;
      m.mention_count_root = 0;
      m.urgent_mention_count = 0;
    }
  }
  for (const [rootId, members] of store.threadMemberships.outer) {
    for (const userId of members.keys())
      touchThreadMembership(ctx, rootId, userId, { viewedAt: at });
  }
}

/** A few of alice's root posts saved for later (`flagged_post` preferences). */
export function saveForLater(ctx: SimContext, aliceId: string, posts: Post[]): void {
  const readable = posts.filter(
    (p) => ctx.store.isChannelMember(p.channel_id, aliceId) && !p.root_id,
  );
  for (const p of [readable[3], readable[17], readable[42], readable[80]]) {
    if (p)
      ctx.store.preferences.set(aliceId, `flagged_post:${p.id}`, {
        user_id: aliceId,
        category: 'flagged_post',
        name: p.id,
        value: 'true',
      });
  }
}

/** Bookmarks in a channel (the runbook, the architecture page, the on-call schedule). */
export function addBookmarks(
  ctx: SimContext,
  channelId: string,
  ownerId: string,
  start: number,
): void {
  const bookmarks: [string, string, string][] = [
    ['Runbook', 'https://wiki.example.com/eng/runbook', 'book'],
    ['Architecture overview', 'https://wiki.example.com/eng/architecture', 'building_construction'],
    ['On-call schedule', 'https://oncall.example.com/acme', 'calendar'],
  ];
  bookmarks.forEach(([displayName, url, emoji], i) => {
    const at = start + i * HOUR;
    const id = newId();
    ctx.store.bookmarks.set(id, {
      id,
      create_at: at,
      update_at: at,
      delete_at: 0,
      channel_id: channelId,
      owner_id: ownerId,
      file_id: '',
      display_name: displayName,
      sort_order: i,
      link_url: url,
      image_url: '',
      emoji,
      type: 'link',
      original_id: '',
      parent_id: '',
    });
  });
}

/** A scheduled post of alice's for tomorrow morning. */
export function scheduleMessage(ctx: SimContext, aliceId: string, channelId: string): void {
  const now = ctx.now();
  const spId = newId();
  ctx.store.scheduledPosts.set(spId, {
    id: spId,
    create_at: now,
    update_at: now,
    user_id: aliceId,
    channel_id: channelId,
    root_id: '',
    message: 'Good morning! Reminder: release notes for v2.14 are due today.',
    props: {},
    file_ids: [],
    scheduled_at: now + DAY,
    processed_at: 0,
    error_code: '',
  });
}

/** Statuses and custom statuses (last, since posting marks people online). */
export function setStatuses(ctx: SimContext, ids: Record<string, string>): void {
  const now = ctx.now();
  for (const p of PEOPLE) {
    const id = ids[p.username]!;
    setStatus(ctx, id, p.status, {
      manual: p.status !== 'online',
      dndEndTime: p.status === 'dnd' ? Math.floor((now + 2 * HOUR) / 1000) : 0,
    });
    if (p.customStatus) {
      const cs: Record<string, string> = {
        emoji: p.customStatus.emoji,
        text: p.customStatus.text,
        duration: p.customStatus.duration,
      };
      if (p.customStatus.expiresInHours)
        cs['expires_at'] = new Date(now + p.customStatus.expiresInHours * HOUR).toISOString();
      else if (p.customStatus.duration === 'today')
        cs['expires_at'] = new Date(now + 8 * HOUR).toISOString();
      else if (p.customStatus.duration === 'this_week')
        cs['expires_at'] = new Date(now + 4 * DAY).toISOString();
      ctx.store.user(id)!.props['customStatus'] = JSON.stringify(cs);
    }
  }
}
