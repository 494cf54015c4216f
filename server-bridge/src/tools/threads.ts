import { z } from 'zod';
import { permalink } from '../format/links.js';
import { formatThreadLine, threadSummarySchema, toThreadSummary } from '../format/threads.js';
import type { Team, UserThread, UserThreadList } from '../gateway/user-gateway.js';
import { resolveTeam } from '../resolve/names.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { defineTool, type ToolContext } from './define.js';
import { FAN_OUT, mapLimit } from './parallel.js';
import { placesOf } from './places.js';
import { cursorArg, postArg } from './arguments.js';
import { listAnswer, pageFields } from './paging.js';
import { ToolError } from '../errors.js';

const THREADS_PAGE = 25;

type ListedThread = UserThreadList['threads'][number];

/**
 * The thread root of a post and a team to address it through: Mattermost keeps threads per team,
 * and those of direct and group messages answer under any team of the user.
 */
async function threadHome(
  ctx: ToolContext,
  postId: string,
): Promise<{ rootId: string; teamId: string }> {
  const post = await ctx.mm.getPost(postId);
  const rootId = post.root_id || post.id;
  const channel = await ctx.mm.getChannel(post.channel_id);
  const teamId = channel.team_id || (await ctx.mm.getMyTeams())[0]?.id;
  if (!teamId)
    throw new ToolError('You belong to no team, so Mattermost keeps no threads for you.');
  return { rootId, teamId };
}

const listThreads = defineTool({
  name: 'list_threads',
  title: 'List followed threads',
  description:
    'Lists the threads the user follows (started, replied to or mentioned in), most recent reply first, ' +
    'with unread replies and mentions. `unread_only` keeps those with unread replies. Without `team`, ' +
    'every team is included. Use read_thread to read one.',
  toolset: 'threads',
  kind: 'read',
  input: z.object({
    team: z.string().optional().describe('A team name or id; all teams when omitted.'),
    unread_only: z.boolean().default(false).describe('Only threads with unread replies.'),
    cursor: cursorArg(),
  }),
  output: z.object({
    threads: z.array(threadSummarySchema),
    total_unread_threads: z.number().int().optional().describe('In the team, when one was named.'),
    total_unread_mentions: z.number().int().optional(),
    ...pageFields,
  }),
  async handler({ team, unread_only, cursor }, ctx) {
    const teams: Team[] = team ? [await resolveTeam(ctx.mm, team)] : await ctx.mm.getMyTeams();
    const scope = `threads:${team ? teams[0]!.id : 'all'}:${unread_only ? 'unread' : 'all'}`;
    const before = cursor ? decodeCursor(cursor, scope, 'before').p : undefined;
    const lists = await mapLimit(teams, FAN_OUT, (t) =>
      ctx.mm.getUserThreads(t.id, { before, perPage: THREADS_PAGE + 1, unreadOnly: unread_only }),
    );
    // Threads of direct and group messages come back under every team: keep each once.
    const byId = new Map<string, ListedThread>();
    for (const list of lists) for (const thread of list.threads) byId.set(thread.id, thread);
    const all = [...byId.values()].sort((a, b) => b.last_reply_at - a.last_reply_at);
    const page = all.slice(0, THREADS_PAGE);
    const next =
      all.length > THREADS_PAGE && page.length
        ? encodeCursor('before', scope, { p: page[page.length - 1]!.id })
        : undefined;

    const userIds = page.flatMap((t) => [
      t.post.user_id,
      ...(t.participants ?? []).map((p) => p.id),
    ]);
    const [users, places] = await Promise.all([
      ctx.mm.getUsersByIds(userIds),
      placesOf(
        ctx.mm,
        page.map((t) => t.post.channel_id),
      ),
    ]);
    const threads = page.map((thread) => {
      const place = places.get(thread.post.channel_id);
      return toThreadSummary(thread, users, {
        channel: place?.reference ?? thread.post.channel_id,
        permalink: permalink(ctx.settings.mattermostUrl, place?.linkTeam, thread.id),
      });
    });
    const single = team ? lists[0] : undefined;
    const header = threads.length
      ? `${threads.length} ${unread_only ? 'unread ' : ''}followed thread${threads.length === 1 ? '' : 's'}, latest reply first:`
      : unread_only
        ? 'No followed threads with unread replies.'
        : 'You follow no threads.';
    return listAnswer('threads', threads, {
      header,
      lines: threads.map(formatThreadLine),
      next,
      extra: single
        ? {
            total_unread_threads: single.total_unread_threads,
            total_unread_mentions: single.total_unread_mentions,
          }
        : {},
    });
  },
});

function followTool(following: boolean) {
  return defineTool({
    name: following ? 'follow_thread' : 'unfollow_thread',
    title: following ? 'Follow a thread' : 'Unfollow a thread',
    description: following
      ? 'Follows the thread of a post (root or any reply), so its new replies count as unread for the user.'
      : 'Stops following the thread of a post, so its new replies no longer notify the user.',
    toolset: 'threads',
    kind: 'write',
    input: z.object({ post_id: postArg('Any post of the thread.') }),
    output: z.object({ root_id: z.string(), following: z.boolean() }),
    async handler({ post_id }, ctx) {
      const { rootId, teamId } = await threadHome(ctx, post_id);
      await ctx.mm.setThreadFollowing(teamId, rootId, following);
      return {
        text: `${following ? 'Following' : 'No longer following'} thread ${rootId}.`,
        structured: { root_id: rootId, following },
      };
    },
  });
}

const markThreadRead = defineTool({
  name: 'mark_thread_read',
  title: 'Mark a thread read',
  description: 'Marks the thread of a post (root or any reply) as read up to now for the user.',
  toolset: 'threads',
  kind: 'write',
  input: z.object({ post_id: postArg('Any post of the thread.') }),
  output: z.object({
    root_id: z.string(),
    unread_replies: z.number().int(),
    unread_mentions: z.number().int(),
  }),
  async handler({ post_id }, ctx) {
    const { rootId, teamId } = await threadHome(ctx, post_id);
    const thread: UserThread = await ctx.mm.markThreadRead(teamId, rootId, Date.now());
    return {
      text: `Marked thread ${rootId} read.`,
      structured: {
        root_id: rootId,
        unread_replies: thread?.unread_replies ?? 0,
        unread_mentions: thread?.unread_mentions ?? 0,
      },
    };
  },
});

export const threadTools = [listThreads, followTool(true), followTool(false), markThreadRead];
