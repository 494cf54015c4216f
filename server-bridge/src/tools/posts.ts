import { z } from 'zod';
import { channelReference, channelSummarySchema, toChannelSummary } from '../format/channels.js';
import { permalink } from '../format/links.js';
import { fitPosts, isHiddenSystemPost, postSummarySchema, toPostSummary } from '../format/posts.js';
import { moreMarker } from '../format/text.js';
import { isoTime, parseSince } from '../format/time.js';
import type { Post, PostList, UserGateway } from '../gateway/user-gateway.js';
import { describeChannelPlace, resolveChannel } from '../resolve/names.js';
import { decodeCursor, encodeCursor, offsetOf, offsetCursor } from './cursor.js';
import { defineTool, type ToolContext } from './define.js';
import { channelArg, cursorArg, idArg, messageArg, postArg } from './arguments.js';
import { pageFields, pageState } from './paging.js';
import { threadRootIn } from '../resolve/thread-root.js';
import { ToolError } from '../errors.js';
import { broadcastNote } from '../policy/broadcast.js';

/**
 * Room kept, within the output budget, for a listing's header line and its "more" marker with the
 * cursor, so the server's own budget never has to cut the marker the client needs to go on.
 */
const FRAME_ROOM = 400;
/** What a listing of posts may use of the output budget. */
export const postsBudget = (maxOutputChars: number) => Math.max(200, maxOutputChars - FRAME_ROOM);

/** A post list's posts, newest first as Mattermost orders them. */
export function postsInOrder(list: PostList): Post[] {
  return list.order.map((id) => list.posts[id]).filter((post): post is Post => !!post);
}

/** Post summaries with their authors' usernames. */
export async function summarise(mm: UserGateway, posts: readonly Post[]) {
  // One request for every author of the page, never one per author.
  const authors = await mm.getUsersByIds(posts.map((post) => post.user_id));
  return posts.map((post) => toPostSummary(post, authors));
}

const readChannel = defineTool({
  name: 'read_channel',
  title: 'Read a channel',
  description:
    'Reads messages of a channel, oldest first, with author usernames, times (ISO 8601, UTC), reply counts, ' +
    'reactions and attached file names. Without `since` it returns the latest messages; `since` (an ISO date ' +
    'or a window such as 30m, 2h, 1d, 1w) returns messages from then on. When more exist, the answer carries ' +
    '`next_cursor`: pass it back as `cursor` for the next page (older messages when reading back, newer when ' +
    'reading forward from `since`). `channel` accepts an id, ~name, team/name or @username (direct message).',
  toolset: 'posts',
  kind: 'read',
  input: z.object({
    channel: channelArg('A channel id, ~name, team/name, or @username (direct message).'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(200)
      .default(30)
      .describe('Most messages to return (default 30).'),
    since: z
      .string()
      .optional()
      .describe('Only messages from this time on: ISO 8601 or a window like 2h, 1d, 1w.'),
    before: idArg('Mattermost post').optional().describe('Only messages older than this post id.'),
    cursor: cursorArg(),
    include_system: z
      .boolean()
      .default(false)
      .describe('Also list join, leave and add notices (hidden by default).'),
  }),
  output: z.object({
    channel: channelSummarySchema,
    posts: z.array(postSummarySchema),
    ...pageFields,
  }),
  async handler({ channel, limit, since, before, cursor, include_system }, ctx) {
    const { mm, settings } = ctx;
    const found = await resolveChannel(mm, channel);
    const summary = toChannelSummary(found, await describeChannelPlace(mm, found));
    const position = cursor ? decodeCursor(cursor, found.id, 'before', 'since') : undefined;

    let sinceMs: number | undefined;
    if (position?.k === 'since') sinceMs = position.t;
    else if (!position && since !== undefined) {
      sinceMs = parseSince(since);
      if (sinceMs === undefined) {
        throw new ToolError(
          'since: use an ISO 8601 date (2026-05-04T09:00:00Z) or a window like 30m, 2h, 1d, 1w.',
        );
      }
    }

    let page: Post[];
    let hasMore: boolean;
    let keep: 'newest' | 'oldest';
    if (sinceMs !== undefined) {
      const after = position?.k === 'since' ? position.p : '';
      const from = sinceMs;
      const all = Object.values((await mm.getPostsSince(found.id, from)).posts)
        .filter(
          (post) =>
            !post.delete_at &&
            (post.create_at > from || (post.create_at === from && post.id > after)),
        )
        .sort((a, b) => a.create_at - b.create_at || a.id.localeCompare(b.id));
      page = all.slice(0, limit);
      hasMore = all.length > limit;
      keep = 'oldest';
    } else {
      const beforeId = position?.k === 'before' ? position.p : before;
      const newestFirst = postsInOrder(
        await mm.getPosts(found.id, { perPage: limit + 1, before: beforeId }),
      );
      hasMore = newestFirst.length > limit;
      page = newestFirst.slice(0, limit).reverse();
      keep = 'newest';
    }

    const visible = include_system ? page : page.filter((post) => !isHiddenSystemPost(post));
    const fitted = fitPosts(
      await summarise(mm, visible),
      postsBudget(settings.maxOutputChars),
      keep,
    );
    const cut = fitted.dropped > 0;
    let nextCursor: string | undefined;
    if (keep === 'newest' && (hasMore || cut)) {
      const oldest = cut ? fitted.kept[0] : page[0];
      if (oldest) nextCursor = encodeCursor('before', found.id, { p: oldest.id });
    } else if (keep === 'oldest' && (hasMore || cut)) {
      const last = cut ? visible[fitted.kept.length - 1] : page[page.length - 1];
      if (last) nextCursor = encodeCursor('since', found.id, { t: last.create_at, p: last.id });
    }

    const where = channelReference(summary);
    const span = sinceMs !== undefined ? ` since ${isoTime(sinceMs)}` : '';
    const header = fitted.kept.length
      ? `${where}: ${fitted.kept.length} message${fitted.kept.length === 1 ? '' : 's'}${span}, oldest first.`
      : `${where}: no messages${span}.`;
    const marker = nextCursor
      ? [moreMarker(keep === 'newest' ? 'older messages' : 'newer messages', nextCursor)]
      : [];
    const text = [header, ...fitted.lines, ...marker].join('\n');
    return {
      text,
      structured: {
        channel: summary,
        posts: fitted.kept,
        ...pageState(nextCursor),
      },
    };
  },
});

const readThread = defineTool({
  name: 'read_thread',
  title: 'Read a thread',
  description:
    'Reads a whole thread, the root post then every reply, oldest first, with authors, times, reactions and ' +
    'file names. `post_id` may be the root or any reply of the thread.',
  toolset: 'posts',
  kind: 'read',
  input: z.object({
    post_id: postArg('The id of any post of the thread.'),
    cursor: cursorArg(),
  }),
  output: z.object({
    root_id: z.string(),
    channel_id: z.string(),
    posts: z.array(postSummarySchema),
    ...pageFields,
  }),
  async handler({ post_id, cursor }, { mm, settings }) {
    const thread = Object.values((await mm.getPostThread(post_id)).posts).sort(
      (a, b) => a.create_at - b.create_at || a.id.localeCompare(b.id),
    );
    const root = thread.find((post) => !post.root_id) ?? thread[0];
    if (!root) throw new ToolError(`Post ${post_id} has no thread that you can see.`);
    const scope = `thread:${root.id}`;
    const start = offsetOf(cursor, scope);
    const rest = thread.slice(start);
    // Replies are indented under the root, so they need not name it.
    const fitted = fitPosts(
      await summarise(mm, rest),
      postsBudget(settings.maxOutputChars),
      'oldest',
      {
        showRoot: false,
      },
    );
    const end = start + fitted.kept.length;
    const next = end < thread.length ? offsetCursor(scope, end) : undefined;
    const header = `Thread ${root.id}: ${thread.length} post${thread.length === 1 ? '' : 's'}${
      start ? `, from #${start + 1}` : ''
    }, oldest first.`;
    const lines = fitted.lines.map((line, i) => (start + i === 0 ? line : `  ↳ ${line}`));
    const text = [header, ...lines, ...(next ? [moreMarker('replies', next)] : [])].join('\n');
    return {
      text,
      structured: {
        root_id: root.id,
        channel_id: root.channel_id,
        posts: fitted.kept,
        ...pageState(next),
      },
    };
  },
});

async function linkTo(ctx: ToolContext, teamId: string, id: string): Promise<string> {
  // Direct messages have no team; any team of the user opens the post.
  const teamName = teamId
    ? (await ctx.mm.getTeam(teamId)).name
    : (await ctx.mm.getMyTeams())[0]?.name;
  return permalink(ctx.settings.mattermostUrl, teamName, id);
}

const sendMessage = defineTool({
  name: 'send_message',
  title: 'Send a message',
  description:
    'Posts a message as the user, to a channel or as a direct message (`channel` "@username"), or as a reply ' +
    'in a thread (`root_id`). Markdown works. Returns the post id and its permalink. Send only what the user ' +
    'asked for: it appears under their name.',
  toolset: 'posts',
  kind: 'write',
  input: z.object({
    channel: channelArg('A channel id, ~name, team/name, or @username (direct message).'),
    message: messageArg(),
    root_id: postArg().optional().describe('Reply in the thread of this post.'),
  }),
  output: z.object({
    post_id: z.string(),
    channel_id: z.string(),
    root_id: z.string().optional(),
    created_at: z.string(),
    permalink: z.string(),
  }),
  async handler({ channel, message, root_id }, ctx) {
    const found = await resolveChannel(ctx.mm, channel);
    const rootId = await threadRootIn(ctx.mm, found.id, root_id);
    const post = await ctx.mm.createPost({ channelId: found.id, message, rootId });
    const link = await linkTo(ctx, found.team_id, post.id);
    const summary = toChannelSummary(found, await describeChannelPlace(ctx.mm, found));
    return {
      text:
        `Sent to ${channelReference(summary)}${rootId ? ` (in thread ${rootId})` : ''}: post ${post.id} · ${link}` +
        broadcastNote(message, post.message),
      structured: {
        post_id: post.id,
        channel_id: post.channel_id,
        ...(post.root_id ? { root_id: post.root_id } : {}),
        created_at: isoTime(post.create_at),
        permalink: link,
      },
    };
  },
});

export const postTools = [readChannel, readThread, sendMessage];
