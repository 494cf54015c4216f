import { ResourceUris } from '../resources/uris.js';
import type { ChangedPost } from './live-types.js';
import type { SocketEvent } from './user-socket.js';

/** One entry of a team's live event feed (`mattermost://teams/{team_id}/events`). */
export interface FeedEvent {
  /** Identity of the change: the same change seen twice (replay, resync) has the same key. */
  key: string;
  kind: string;
  /** When it happened, Unix milliseconds (the post's or reaction's own time where known). */
  at: number;
  /** Empty for direct and group messages, which belong to no team. */
  team_id: string;
  channel_id?: string;
  channel_name?: string;
  post_id?: string;
  root_id?: string;
  user_id?: string;
  sender_name?: string;
  message?: string;
  emoji_name?: string;
}

/** What one Mattermost event changes for the user who received it. */
export interface EventEffects {
  uris: string[];
  /** The set of listable resources changed (a channel or team joined, left, created, deleted). */
  listChanged: boolean;
  feed?: FeedEvent;
  /** A post seen in the event, to remember which thread it belongs to. */
  post?: { id: string; root_id: string; channel_id: string };
}

export interface RoutingContext {
  userId: string;
  username: string;
  /** The team of a channel when known ('' for direct and group channels). */
  teamOf(channelId: string): string | undefined;
  /** The root of a post's thread when known (the post itself for a root). */
  rootOf(postId: string): string | undefined;
}

interface WirePost {
  id: string;
  channel_id: string;
  root_id?: string;
  user_id: string;
  message?: string;
  create_at?: number;
  update_at?: number;
  edit_at?: number;
  delete_at?: number;
}

interface WireReaction {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at?: number;
}

/** Payloads Mattermost JSON-encodes inside `data` (FACTS.md). */
function decoded<T>(value: unknown): T | undefined {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' ? (value as T) : undefined;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

const MEMBERSHIP_EVENTS = new Set([
  'channel_created',
  'channel_deleted',
  'channel_restored',
  'channel_converted',
  'direct_added',
  'group_added',
  'added_to_team',
  'leave_team',
  'delete_team',
]);

/** The post a `reaction_added` or `reaction_removed` event is about. */
export function reactionPostId(ev: SocketEvent): string | undefined {
  if (ev.event !== 'reaction_added' && ev.event !== 'reaction_removed') return undefined;
  return decoded<WireReaction>(ev.data?.reaction)?.post_id || undefined;
}

/** Maps one WebSocket event onto the resources it changes for its recipient. */
export function effectsOf(ev: SocketEvent, ctx: RoutingContext): EventEffects {
  const data = ev.data ?? {};
  const broadcastChannel = ev.broadcast?.channel_id ?? '';
  switch (ev.event) {
    case 'posted':
    case 'post_edited':
    case 'post_deleted': {
      const post = decoded<WirePost>(data.post);
      if (!post?.id) return { uris: [], listChanged: false };
      const root = post.root_id || post.id;
      const team = str(data.team_id) || ctx.teamOf(post.channel_id) || '';
      const uris = [ResourceUris.channelPosts(post.channel_id), ResourceUris.thread(root)];
      const mentioned =
        decoded<string[]>(data.mentions)?.includes(ctx.userId) ||
        (post.message ?? '').includes(`@${ctx.username}`);
      if (mentioned) uris.push(ResourceUris.mentions);
      if (post.user_id !== ctx.userId) uris.push(ResourceUris.unreads);
      if (team) uris.push(ResourceUris.teamEvents(team));
      // A post is created and deleted once: those keys are the post's. Mattermost sends the post
      // of `post_deleted` as read before the deletion (delete_at 0), so no time is part of it.
      const version = ev.event === 'post_edited' ? `:${post.edit_at || post.update_at || 0}` : '';
      return {
        uris,
        listChanged: false,
        post: { id: post.id, root_id: root, channel_id: post.channel_id },
        feed: {
          key: `${ev.event}:${post.id}${version}`,
          kind: ev.event,
          at:
            (ev.event === 'posted'
              ? post.create_at
              : post.delete_at || post.edit_at || post.update_at) || Date.now(),
          team_id: team,
          channel_id: post.channel_id,
          channel_name: str(data.channel_name) || undefined,
          post_id: post.id,
          root_id: post.root_id || undefined,
          user_id: post.user_id,
          sender_name: str(data.sender_name) || undefined,
          message: ev.event === 'post_deleted' ? undefined : post.message,
        },
      };
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const reaction = decoded<WireReaction>(data.reaction);
      if (!reaction?.post_id) return { uris: [], listChanged: false };
      const channel = broadcastChannel;
      const team = channel ? (ctx.teamOf(channel) ?? '') : '';
      const root = ctx.rootOf(reaction.post_id) ?? reaction.post_id;
      const uris = [ResourceUris.thread(root)];
      if (channel) uris.push(ResourceUris.channelPosts(channel));
      if (team) uris.push(ResourceUris.teamEvents(team));
      return {
        uris,
        listChanged: false,
        feed: {
          key: `${ev.event}:${reaction.post_id}:${reaction.user_id}:${reaction.emoji_name}:${reaction.create_at ?? 0}`,
          kind: ev.event,
          at: reaction.create_at || Date.now(),
          team_id: team,
          channel_id: channel || undefined,
          post_id: reaction.post_id,
          user_id: reaction.user_id,
          emoji_name: reaction.emoji_name,
        },
      };
    }
    case 'status_change':
      return { uris: [ResourceUris.userStatus(str(data.user_id))], listChanged: false };
    case 'channel_viewed':
    case 'multiple_channels_viewed':
    case 'post_unread':
      return { uris: [ResourceUris.unreads], listChanged: false };
    case 'user_updated': {
      const user = decoded<{ id: string }>(data.user);
      return { uris: user?.id === ctx.userId ? [ResourceUris.me] : [], listChanged: false };
    }
    case 'user_added':
    case 'user_removed': {
      // Only the recipient's own membership changes what it can list.
      const self =
        str(data.user_id) === ctx.userId ||
        (ev.event === 'user_removed' && ev.broadcast?.user_id === ctx.userId);
      if (!self) return { uris: [], listChanged: false };
      const team = str(data.team_id) || ctx.teamOf(str(data.channel_id) || broadcastChannel) || '';
      const uris: string[] = [ResourceUris.teams, ResourceUris.unreads];
      if (team) uris.push(ResourceUris.teamChannels(team));
      return { uris, listChanged: true };
    }
    case 'channel_updated': {
      const channel = decoded<{ id: string; team_id?: string }>(data.channel);
      const team = channel?.team_id || (channel ? ctx.teamOf(channel.id) : '') || '';
      return { uris: team ? [ResourceUris.teamChannels(team)] : [], listChanged: false };
    }
    default:
      if (MEMBERSHIP_EVENTS.has(ev.event)) {
        const team = str(data.team_id) || ev.broadcast?.team_id || '';
        const uris: string[] = [ResourceUris.teams, ResourceUris.unreads];
        if (team) uris.push(ResourceUris.teamChannels(team));
        return { uris, listChanged: true };
      }
      return { uris: [], listChanged: false };
  }
}

/** Feed entries for what happened to a post since a time, keyed like the live events. */
export function feedEventsOfPost(
  post: ChangedPost,
  team: string,
  channelName: string,
  since: number,
): FeedEvent[] {
  if (post.type.startsWith('system_')) return [];
  const base = {
    team_id: team,
    channel_id: post.channel_id,
    channel_name: channelName,
    post_id: post.id,
    root_id: post.root_id || undefined,
    user_id: post.user_id,
  };
  const out: FeedEvent[] = [];
  if (post.create_at >= since) {
    out.push({
      ...base,
      key: `posted:${post.id}`,
      kind: 'posted',
      at: post.create_at,
      message: post.message,
    });
  }
  if (post.delete_at) {
    out.push({
      ...base,
      key: `post_deleted:${post.id}`,
      kind: 'post_deleted',
      at: post.delete_at,
    });
  } else if (post.edit_at >= since && post.edit_at > 0) {
    const edit = { kind: 'post_edited', at: post.edit_at, message: post.message };
    out.push({ ...base, ...edit, key: `post_edited:${post.id}:${post.edit_at}` });
  }
  // Reactions added since; a reaction removed meanwhile has left no trace to recover.
  for (const r of post.reactions ?? []) {
    if (r.create_at < since) continue;
    out.push({
      key: `reaction_added:${post.id}:${r.user_id}:${r.emoji_name}:${r.create_at}`,
      kind: 'reaction_added',
      at: r.create_at,
      team_id: team,
      channel_id: post.channel_id,
      channel_name: channelName,
      post_id: post.id,
      user_id: r.user_id,
      emoji_name: r.emoji_name,
    });
  }
  return out;
}
