import { z } from 'zod';
import { channelReference, channelSummarySchema } from '../format/channels.js';
import { fitPosts, isHiddenSystemPost, postSummarySchema } from '../format/posts.js';
import { moreMarker } from '../format/text.js';
import type { Post } from '../gateway/user-gateway.js';
import { resolveChannel } from '../resolve/names.js';
import { channelUnreadState } from '../resolve/unreads.js';
import { summarizeChannel } from './channel-shared.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { defineTool } from './define.js';
import { MattermostError, ToolError } from '../errors.js';
import { channelArg, cursorArg, limitArg } from './arguments.js';
import { pageFields, pageState } from './paging.js';
import { postsBudget, postsInOrder, summarise } from './posts.js';

/** Where the unread part starts in the text: posts above it were read, those below were not. */
const LINE = '── unread ──';

const readUnreads = defineTool({
  name: 'read_unreads',
  title: 'Read from the unread line',
  description:
    'Reads one channel from where you stopped reading: a few messages before the unread line for ' +
    'context, then the unread ones, oldest first, with the unread and mention counts. With collapsed ' +
    'threads (the usual setting) replies are read with read_thread, so only root posts count here. ' +
    'Does not mark anything read; mark_channel_read does.',
  toolset: 'attention',
  kind: 'read',
  input: z.object({
    channel: channelArg(),
    before: z
      .number()
      .int()
      .min(0)
      .max(50)
      .default(3)
      .describe('Messages already read to show before the line, for context (default 3).'),
    limit: limitArg(200, 30, 'Most unread messages to return (default 30).'),
    cursor: cursorArg(),
  }),
  output: z.object({
    channel: channelSummarySchema,
    unread: z.number().int().describe('Messages not read yet, as your Mattermost app counts them.'),
    mentions: z.number().int().describe('Unread messages that mention you.'),
    muted: z.boolean(),
    collapsed_threads: z.boolean().describe('Replies are counted and read in their threads.'),
    first_unread_id: z.string().optional().describe('The first unread post shown.'),
    posts: z.array(postSummarySchema.extend({ unread: z.boolean() })),
    ...pageFields,
  }),
  async handler(args, { mm, settings }) {
    const found = await resolveChannel(mm, args.channel);
    const scope = `unread:${found.id}`;
    const position = args.cursor ? decodeCursor(args.cursor, scope, 'since') : undefined;
    const summary = await summarizeChannel(mm, found);
    const state = await channelUnreadState(mm, found.id).catch((err: unknown) => {
      // Mattermost keeps read marks for members only.
      if (err instanceof MattermostError && (err.status === 403 || err.status === 404))
        throw new ToolError(
          `You are not a member of ${channelReference(summary)}, so it has no unread line for you; ` +
            'read_channel reads its latest messages.',
        );
      throw err;
    });
    const collapsedThreads = state.collapsed;
    // One more than asked for tells whether more follow.
    const list = position
      ? await mm.getPosts(found.id, {
          after: position.p,
          perPage: args.limit + 1,
          collapsedThreads,
        })
      : await mm.getPostsAroundUnread(found.id, {
          before: args.before,
          after: args.limit + 1,
          collapsedThreads,
        });
    const oldestFirst = postsInOrder(list)
      .reverse()
      .filter((post) => !post.delete_at && !isHiddenSystemPost(post));
    const isUnread = (post: Post) => post.create_at > state.lastViewedAt;
    const read = oldestFirst.filter((post) => !isUnread(post));
    const unread = oldestFirst.filter(isUnread);
    const page = [...(position ? [] : read.slice(-args.before)), ...unread.slice(0, args.limit)];
    const fitted = fitPosts(
      await summarise(mm, page),
      postsBudget(settings.maxOutputChars),
      'oldest',
    );
    const kept = page.slice(0, fitted.kept.length);
    const last = kept[kept.length - 1];
    const more = unread.length > args.limit || fitted.dropped > 0;
    const next =
      more && last ? encodeCursor('since', scope, { t: last.create_at, p: last.id }) : undefined;

    const firstUnread = kept.find(isUnread);
    const posts = fitted.kept.map((post, i) => ({ ...post, unread: isUnread(kept[i]!) }));
    const lines = fitted.lines.flatMap((line, i) =>
      kept[i] === firstUnread && i > 0 ? [LINE, line] : [line],
    );
    const where = channelReference(summary);
    const counts = `${state.unread} unread, ${state.mentions} mention${state.mentions === 1 ? '' : 's'}`;
    const mode = collapsedThreads ? ' (replies are counted in their threads)' : '';
    const header = firstUnread
      ? `${where}: ${counts}${mode}${state.muted ? ', muted' : ''}. Oldest first:`
      : `${where}: nothing unread${mode}.${kept.length ? ' The latest messages:' : ''}`;
    const text = [header, ...lines, ...(next ? [moreMarker('unread messages', next)] : [])].join(
      '\n',
    );
    return {
      text,
      structured: {
        channel: summary,
        unread: state.unread,
        mentions: state.mentions,
        muted: state.muted,
        collapsed_threads: collapsedThreads,
        ...(firstUnread ? { first_unread_id: firstUnread.id } : {}),
        posts,
        ...pageState(next),
      },
    };
  },
});

export const unreadLineTools = [readUnreads];
