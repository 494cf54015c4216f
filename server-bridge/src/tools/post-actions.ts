import { z } from 'zod';
import { permalink } from '../format/links.js';
import { fitHits, formatPostHitLine, postHitSchema } from '../format/post-hits.js';
import { formatPostLine, postSummarySchema, toPostSummary } from '../format/posts.js';
import { moreMarker } from '../format/text.js';
import { isoTime } from '../format/time.js';
import type { Post, PostList } from '../gateway/user-gateway.js';
import { resolveChannel, resolveTeam } from '../resolve/names.js';
import { offsetOf, offsetCursor } from './cursor.js';
import { defineTool, type ToolContext } from './define.js';
import { placesOf, toHits } from './places.js';
import { channelArg, cursorArg, messageArg, postArg, teamArg } from './arguments.js';
import { pageFields, pageState } from './paging.js';
import { MattermostError, ToolError } from '../errors.js';
import { broadcastNote } from '../policy/broadcast.js';

function listed(list: PostList): Post[] {
  return list.order.map((id) => list.posts[id]).filter((post): post is Post => !!post);
}

async function linkOf(ctx: ToolContext, post: Pick<Post, 'id' | 'channel_id'>) {
  const place = (await placesOf(ctx.mm, [post.channel_id])).get(post.channel_id);
  return {
    channel: place?.reference ?? post.channel_id,
    link: permalink(ctx.settings.mattermostUrl, place?.linkTeam, post.id),
  };
}

const postInput = z.object({ post_id: postArg('The post.') });

const getPost = defineTool({
  name: 'get_post',
  title: 'Get a post',
  description:
    'Reads one post by id: author, time, text, channel, permalink, replies, reactions, files, whether it is ' +
    'pinned and who acknowledged it. Use read_thread for its replies.',
  toolset: 'posts',
  kind: 'read',
  input: postInput,
  output: postHitSchema.extend({
    pinned: z.boolean(),
    acknowledged_by: z.array(z.string()).describe('Usernames of those who acknowledged it.'),
  }),
  async handler({ post_id }, ctx) {
    const post = await ctx.mm.getPost(post_id).catch((err: unknown) => {
      // A post of a channel or team not joined yet: say where to learn more, keeping Mattermost's words.
      if (!(err instanceof MattermostError && err.status === 403)) throw err;
      throw new MattermostError(
        `${err.message} get_post_info tells where the post is and whether you can join its channel.`,
        err.status,
        err.serverErrorId,
        err.requestId,
      );
    });
    const [hit] = await toHits(ctx, [post]);
    const ackIds = (post.metadata?.acknowledgements ?? []).map((ack) => ack.user_id);
    const ackUsers = await ctx.mm.getUsersByIds(ackIds);
    const acknowledged = ackIds.map((id) => ackUsers.get(id)?.username ?? id);
    const extras = [
      post.is_pinned ? 'pinned' : '',
      acknowledged.length ? `acknowledged by ${acknowledged.map((n) => `@${n}`).join(', ')}` : '',
    ].filter(Boolean);
    return {
      text: [formatPostHitLine(hit!), ...extras].join(' · '),
      structured: { ...hit!, pinned: Boolean(post.is_pinned), acknowledged_by: acknowledged },
    };
  },
});

const editPost = defineTool({
  name: 'edit_post',
  title: 'Edit a post',
  description:
    'Replaces the text of one of the user’s own posts (Markdown allowed). Others see it marked as edited.',
  toolset: 'posts',
  kind: 'write',
  input: z.object({
    post_id: postArg('The post to edit (the user’s own).'),
    message: messageArg('The new text (at most 16383 characters).'),
  }),
  output: z.object({ post_id: z.string(), edited_at: z.string(), permalink: z.string() }),
  async handler({ post_id, message }, ctx) {
    const post = await ctx.mm.patchPost(post_id, message);
    const { link } = await linkOf(ctx, post);
    const editedAt = isoTime(post.edit_at || post.update_at);
    return {
      text: `Edited post ${post.id} at ${editedAt} · ${link}${broadcastNote(message, post.message)}`,
      structured: { post_id: post.id, edited_at: editedAt, permalink: link },
    };
  },
});

const deletePost = defineTool({
  name: 'delete_post',
  title: 'Delete a post',
  description:
    'Deletes a post for everyone (with its replies when it is a thread root). Cannot be undone; ' +
    'only the user’s own posts unless they are an admin.',
  toolset: 'posts',
  kind: 'destructive',
  input: postInput,
  output: z.object({ post_id: z.string(), deleted: z.boolean() }),
  async handler({ post_id }, { mm }) {
    await mm.deletePost(post_id);
    return { text: `Deleted post ${post_id}.`, structured: { post_id, deleted: true } };
  },
});

function switchTool(options: {
  name: string;
  title: string;
  description: string;
  field: 'pinned' | 'saved' | 'acknowledged';
  on: boolean;
  act: (ctx: ToolContext, postId: string) => Promise<void>;
  done: string;
}) {
  return defineTool({
    name: options.name,
    title: options.title,
    description: options.description,
    toolset: 'posts',
    kind: 'write',
    input: postInput,
    output: z.object({ post_id: z.string(), [options.field]: z.boolean() }),
    async handler({ post_id }, ctx) {
      await options.act(ctx, post_id);
      return {
        text: `${options.done} post ${post_id}.`,
        structured: { post_id, [options.field]: options.on },
      };
    },
  });
}

const pinPost = switchTool({
  name: 'pin_post',
  title: 'Pin a post',
  description: 'Pins a post to its channel, where every member sees it among the pinned messages.',
  field: 'pinned',
  on: true,
  act: (ctx, id) => ctx.mm.pinPost(id),
  done: 'Pinned',
});

const unpinPost = switchTool({
  name: 'unpin_post',
  title: 'Unpin a post',
  description: 'Removes a post from its channel’s pinned messages.',
  field: 'pinned',
  on: false,
  act: (ctx, id) => ctx.mm.unpinPost(id),
  done: 'Unpinned',
});

const savePost = switchTool({
  name: 'save_post',
  title: 'Save a post',
  description: 'Saves (flags) a post to the user’s private saved list, to come back to it later.',
  field: 'saved',
  on: true,
  act: async (ctx, id) => {
    // Mattermost stores the preference for any id: check first that the post exists and is visible.
    await ctx.mm.getPost(id);
    await ctx.mm.setPostSaved(id, true);
  },
  done: 'Saved',
});

const unsavePost = switchTool({
  name: 'unsave_post',
  title: 'Unsave a post',
  description: 'Removes a post from the user’s saved list.',
  field: 'saved',
  on: false,
  act: (ctx, id) => ctx.mm.setPostSaved(id, false),
  done: 'Unsaved',
});

const acknowledgePost = switchTool({
  name: 'acknowledge_post',
  title: 'Acknowledge a post',
  description:
    'Acknowledges a post as the user (for posts that request acknowledgement), as the Acknowledge button does.',
  field: 'acknowledged',
  on: true,
  act: (ctx, id) => ctx.mm.acknowledgePost(id),
  done: 'Acknowledged',
});

const unacknowledgePost = switchTool({
  name: 'unacknowledge_post',
  title: 'Withdraw an acknowledgement',
  description:
    'Withdraws the user’s acknowledgement of a post (Mattermost allows it for a few minutes).',
  field: 'acknowledged',
  on: false,
  act: (ctx, id) => ctx.mm.unacknowledgePost(id),
  done: 'Withdrew the acknowledgement of',
});

const listPinnedPosts = defineTool({
  name: 'list_pinned_posts',
  title: 'List pinned posts',
  description:
    'Lists the pinned posts of a channel, newest first, with authors, times and permalinks.',
  toolset: 'posts',
  kind: 'read',
  input: z.object({ channel: channelArg() }),
  output: z.object({
    channel_id: z.string(),
    posts: z.array(postHitSchema),
    truncated: z.boolean(),
  }),
  async handler({ channel }, ctx) {
    const found = await resolveChannel(ctx.mm, channel);
    const posts = listed(await ctx.mm.getPinnedPosts(found.id)).sort(
      (a, b) => b.create_at - a.create_at,
    );
    const fitted = fitHits(await toHits(ctx, posts), ctx.settings.maxOutputChars);
    const header = posts.length
      ? `${posts.length} pinned post${posts.length === 1 ? '' : 's'}, newest first:`
      : 'No pinned posts in this channel.';
    const cut = fitted.dropped ? [`[cut: ${fitted.dropped} more pinned posts did not fit]`] : [];
    return {
      text: [header, ...fitted.lines, ...cut].join('\n'),
      structured: { channel_id: found.id, posts: fitted.kept, truncated: fitted.dropped > 0 },
    };
  },
});

const SAVED_PAGE = 20;

const listSavedPosts = defineTool({
  name: 'list_saved_posts',
  title: 'List saved posts',
  description:
    'Lists the posts the user saved (flagged), newest first, with channels and permalinks; of one ' +
    'channel or team when given.',
  toolset: 'posts',
  kind: 'read',
  input: z.object({
    channel: channelArg().optional(),
    team: teamArg().optional(),
    cursor: cursorArg(),
  }),
  output: z.object({
    posts: z.array(postHitSchema),
    ...pageFields,
  }),
  async handler({ channel, team, cursor }, ctx) {
    if (channel && team) throw new ToolError('Give channel or team, not both.');
    const channelId = channel ? (await resolveChannel(ctx.mm, channel)).id : undefined;
    const teamId = team ? (await resolveTeam(ctx.mm, team)).id : undefined;
    const scope = `saved${channelId ? `:c:${channelId}` : teamId ? `:t:${teamId}` : ''}`;
    const page = offsetOf(cursor, scope);
    const posts = listed(
      await ctx.mm.getSavedPosts({ page, perPage: SAVED_PAGE, channelId, teamId }),
    );
    const fitted = fitHits(await toHits(ctx, posts), ctx.settings.maxOutputChars);
    const next = posts.length === SAVED_PAGE ? offsetCursor(scope, page + 1) : undefined;
    const header = posts.length ? `Saved posts, newest first:` : 'No saved posts.';
    const cut = fitted.dropped ? [`[cut: ${fitted.dropped} posts of this page did not fit]`] : [];
    return {
      text: [
        header,
        ...fitted.lines,
        ...cut,
        ...(next ? [moreMarker('saved posts', next)] : []),
      ].join('\n'),
      structured: { posts: fitted.kept, ...pageState(next) },
    };
  },
});

const getPermalink = defineTool({
  name: 'get_permalink',
  title: 'Get a post’s link',
  description:
    'Returns the permalink of a post, the URL that opens it in Mattermost for anyone who may see it.',
  toolset: 'posts',
  kind: 'read',
  input: postInput,
  output: z.object({ post_id: z.string(), channel: z.string(), permalink: z.string() }),
  async handler({ post_id }, ctx) {
    const post = await ctx.mm.getPost(post_id);
    const { channel, link } = await linkOf(ctx, post);
    return { text: link, structured: { post_id: post.id, channel, permalink: link } };
  },
});

const getPostsAround = defineTool({
  name: 'get_posts_around',
  title: 'Read around a post',
  description:
    'Reads the messages just before and after a post in its channel, oldest first, to see the context of ' +
    'a search hit or a link. The post itself is marked with ▶.',
  toolset: 'posts',
  kind: 'read',
  input: z.object({
    post_id: postArg('The post in the middle.'),
    before: z.number().int().min(0).max(50).default(5).describe('Messages before it (default 5).'),
    after: z.number().int().min(0).max(50).default(5).describe('Messages after it (default 5).'),
  }),
  output: z.object({
    channel: z.string(),
    post_id: z.string(),
    posts: z.array(postSummarySchema),
  }),
  async handler({ post_id, before, after }, ctx) {
    const target = await ctx.mm.getPost(post_id);
    const [older, newer, place] = await Promise.all([
      before
        ? ctx.mm.getPosts(target.channel_id, { before: target.id, perPage: before })
        : undefined,
      after ? ctx.mm.getPosts(target.channel_id, { after: target.id, perPage: after }) : undefined,
      linkOf(ctx, target),
    ]);
    const posts = [...(older ? listed(older) : []), target, ...(newer ? listed(newer) : [])]
      .filter((post, i, all) => all.findIndex((p) => p.id === post.id) === i)
      .sort((a, b) => a.create_at - b.create_at || a.id.localeCompare(b.id));
    if (!posts.length)
      throw new ToolError(`Post ${post_id} has no messages around it that you can see.`);
    const authors = await ctx.mm.getUsersByIds(posts.map((post) => post.user_id));
    const summaries = posts.map((post) => toPostSummary(post, authors));
    const lines = summaries.map(
      (post) => `${post.id === target.id ? '▶ ' : '  '}${formatPostLine(post)}`,
    );
    return {
      text: [`${place.channel} around post ${target.id}, oldest first:`, ...lines].join('\n'),
      structured: { channel: place.channel, post_id: target.id, posts: summaries },
    };
  },
});

export const postActionTools = [
  getPost,
  editPost,
  deletePost,
  pinPost,
  unpinPost,
  listPinnedPosts,
  savePost,
  unsavePost,
  listSavedPosts,
  acknowledgePost,
  unacknowledgePost,
  getPermalink,
  getPostsAround,
];
