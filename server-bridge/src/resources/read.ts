import { documentKind, type DocumentTexts } from '../documents/document-text.js';
import type { LiveSession } from '../events/live-hub.js';
import { formatChannelLine, toChannelSummary } from '../format/channels.js';
import { formatTeamLine, toTeamSummary } from '../format/teams.js';
import { isoTime } from '../format/time.js';
import { formatUserLine, toUserSummary } from '../format/users.js';
import { formatUnreadLine } from '../format/unreads.js';
import { describeChannelPlace } from '../resolve/names.js';
import { unreadChannels } from '../resolve/unreads.js';
import type { Post, ServerChannel, Team, UserGateway } from '../gateway/user-gateway.js';
import type { WebhookFeed } from '../webhooks/feed.js';
import { postsOldestFirst, renderDelivery, renderFeedEvent, renderPosts } from './render.js';
import { parseResourceUri } from './uris.js';
import { DocumentTextError, UnknownResourceError } from '../errors.js';

/** What reading a resource needs: the user's gateway and live state. Built per session. */
export interface ResourceContext {
  user: { id: string; username: string };
  /** The user's gateway under the policy: what it answers already passed the channel rules. */
  mm: UserGateway;
  live: LiveSession;
  webhooks: WebhookFeed;
  /**
   * Whether the channel rules let assistants read a channel. Content the bridge holds itself (live
   * feeds, webhook deliveries) passes it, as answers of the gateway do.
   */
  channelAllowed(channelId: string): Promise<boolean>;
  /** Reads the text of PDF and Office files; without it they are embedded as they are. */
  documents?: DocumentTexts;
}

export type ResourceBody = { mimeType: string; text: string } | { mimeType: string; blob: string };

/** Newest posts shown by a channel's posts resource. */
export const CHANNEL_POSTS_SHOWN = 60;
/** Files larger than this are described, not embedded. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const TEXT = 'text/plain';

/**
 * Reads one resource as the user, through the gateway. The same function serves `resources/read`
 * and the live layer's change detection, so what a subscriber is told changed is exactly what it
 * reads back.
 */
export async function readResource(uri: string, ctx: ResourceContext): Promise<ResourceBody> {
  const parsed = parseResourceUri(uri);
  if (!parsed) throw new UnknownResourceError(uri);
  const { mm } = ctx;
  switch (parsed.kind) {
    case 'me': {
      const me = await mm.getMe();
      const lines = [
        formatUserLine(toUserSummary(me)),
        `roles: ${me.roles}`,
        me.locale ? `locale: ${me.locale}` : '',
        me.timezone?.useAutomaticTimezone === 'true'
          ? `timezone: ${me.timezone.automaticTimezone}`
          : me.timezone?.manualTimezone
            ? `timezone: ${me.timezone.manualTimezone}`
            : '',
      ];
      return text(lines.filter(Boolean).join('\n'));
    }
    case 'teams': {
      const teams = await mm.getMyTeams();
      return text(teams.length === 0 ? '(no teams)' : teams.map(teamLine).join('\n'));
    }
    case 'teamChannels': {
      const channels = await mm.getMyChannels(parsed.teamId);
      const sorted = [...channels].sort((a, b) => a.name.localeCompare(b.name));
      const lines = await Promise.all(sorted.map((c) => channelLine(mm, c)));
      return text(lines.length === 0 ? '(no channels)' : lines.join('\n'));
    }
    case 'channelPosts': {
      const [channel, list] = await Promise.all([
        mm.getChannel(parsed.channelId),
        mm.getPosts(parsed.channelId, { perPage: CHANNEL_POSTS_SHOWN }),
      ]);
      const posts = postsOldestFirst(list);
      const users = await mm.getUsersByIds(posts.map((p) => p.user_id));
      return text(
        `${await channelLine(mm, channel)}\nnewest ${posts.length} posts, oldest first:\n${renderPosts(posts, users)}`,
      );
    }
    case 'thread': {
      const posts = postsOldestFirst(await mm.getPostThread(parsed.postId));
      const users = await mm.getUsersByIds(posts.map((p) => p.user_id));
      return text(
        `thread of post ${parsed.postId}, ${posts.length} posts:\n${renderPosts(posts, users)}`,
      );
    }
    case 'mentions': {
      const posts = await mentionsOf(ctx);
      const users = await mm.getUsersByIds(posts.map((p) => p.user_id));
      return text(
        `posts mentioning @${ctx.user.username}, newest ${posts.length}:\n${renderPosts(posts, users)}`,
      );
    }
    case 'unreads':
      return text(await unreadsOf(ctx));
    case 'userStatus': {
      const [status, user] = await Promise.all([
        mm.getStatus(parsed.userId),
        mm.getUser(parsed.userId),
      ]);
      const since = status.last_activity_at
        ? ` · last active ${isoTime(status.last_activity_at)}`
        : '';
      return text(
        `@${user.username} · ${status.status}${status.manual ? ' (set manually)' : ''}${since} · id ${user.id}`,
      );
    }
    case 'teamEvents': {
      // Only a member of the team may read what happens in it.
      const team = await mm.getTeam(parsed.teamId);
      const mine = await mm.getMyTeams();
      if (!mine.some((t) => t.id === team.id))
        throw new UnknownResourceError(uri, `You are not a member of team ${team.name}`);
      const events = await allowedOnly(ctx, ctx.live.teamEvents(parsed.teamId));
      const users = await mm.getUsersByIds(events.flatMap((e) => (e.user_id ? [e.user_id] : [])));
      const lines = events.map((e) => renderFeedEvent(e, users));
      return text(
        `live events of ${teamLine(team)} and your direct messages, oldest first (${lines.length}):\n${lines.join('\n') || '(none yet)'}`,
      );
    }
    case 'webhooks': {
      const visible: string[] = [];
      const deliveries = ctx.webhooks.list();
      const seen = await Promise.all(deliveries.map((d) => ctx.live.canSee(d.channel_id)));
      for (const d of await allowedOnly(
        ctx,
        deliveries.filter((_d, i) => seen[i]),
      ))
        visible.push(renderDelivery(d));
      return text(
        `outgoing webhook deliveries from your channels, oldest first (${visible.length}):\n${visible.join('\n') || '(none)'}`,
      );
    }
    case 'file': {
      const info = await mm.getFileInfo(parsed.fileId);
      if (info.size > MAX_FILE_BYTES) {
        return text(
          `${info.name} · ${info.mime_type} · ${info.size} bytes, too large to embed · id ${info.id}`,
        );
      }
      const documents = ctx.documents;
      if (documentKind(info) && documents && info.size <= documents.limits.maxBytes) {
        // Its text, as read_file gives it; a document that cannot be read is embedded as it is.
        const content = await documents
          .textOf(parsed.fileId, () => mm.getFileContent(parsed.fileId, documents.limits.maxBytes))
          .catch((err: unknown) => {
            if (err instanceof DocumentTextError) return undefined;
            throw err;
          });
        if (content) return { mimeType: TEXT, text: content };
      }
      const data = await mm.getFileContent(parsed.fileId, MAX_FILE_BYTES);
      const mimeType = info.mime_type || 'application/octet-stream';
      return isTextual(mimeType)
        ? { mimeType, text: data.toString('utf8') }
        : { mimeType, blob: data.toString('base64') };
    }
  }
}

/**
 * The entries whose channel the channel rules let assistants read, in order; an entry that names
 * no channel cannot be checked and is left out. Each channel is checked once.
 */
export async function allowedOnly<T extends { channel_id?: string }>(
  ctx: Pick<ResourceContext, 'channelAllowed'>,
  entries: readonly T[],
): Promise<T[]> {
  const channels = [...new Set(entries.flatMap((e) => (e.channel_id ? [e.channel_id] : [])))];
  const verdicts = await Promise.all(channels.map((id) => ctx.channelAllowed(id)));
  const allowed = new Set(channels.filter((_id, i) => verdicts[i]));
  return entries.filter((e) => e.channel_id !== undefined && allowed.has(e.channel_id));
}

function teamLine(team: Team): string {
  return formatTeamLine(toTeamSummary(team));
}

async function channelLine(mm: UserGateway, channel: ServerChannel): Promise<string> {
  return formatChannelLine(toChannelSummary(channel, await describeChannelPlace(mm, channel)));
}

function text(body: string): ResourceBody {
  return { mimeType: TEXT, text: body };
}

function isTextual(mimeType: string): boolean {
  return /^text\/|[/+](json|xml|yaml|csv|javascript)\b/.test(mimeType);
}

/** Mentions of the user across their teams, newest first. */
export async function mentionsOf(ctx: ResourceContext, limit = 50): Promise<Post[]> {
  const teams = await ctx.mm.getMyTeams();
  const found = new Map<string, Post>();
  for (const team of teams) {
    const list = await ctx.mm.searchPosts(team.id, `@${ctx.user.username}`, { perPage: limit });
    for (const id of list.order) {
      const post = list.posts[id];
      if (post && post.user_id !== ctx.user.id) found.set(post.id, post);
    }
  }
  return [...found.values()].sort((a, b) => b.create_at - a.create_at).slice(0, limit);
}

/** Channels with unread messages or mentions across the user's teams, most pressing first. */
export async function unreadsOf(ctx: ResourceContext): Promise<string> {
  const ranked = await unreadChannels(ctx.mm, await ctx.mm.getMyTeams());
  return ranked.length === 0 ? '(nothing unread)' : ranked.map(formatUnreadLine).join('\n');
}
