import { completable } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { formatChannelLine, toChannelSummary } from '../format/channels.js';
import { formatPostLine, toPostSummary } from '../format/posts.js';
import { isoTime, parseSince } from '../format/time.js';
import type { Post, ServerChannel, UserGateway } from '../gateway/user-gateway.js';
import { describeChannelPlace, resolveChannel } from '../resolve/names.js';
import { ToolError } from '../errors.js';
import { mentionsOf, unreadsOf, type ResourceContext } from '../resources/read.js';
import { postsOldestFirst, renderPosts } from '../resources/render.js';
import { completeChannelReference, MAX_COMPLETIONS } from '../resources/completion.js';
import { sessionCompleter } from '../resources/session-scope.js';

/** Most posts a prompt embeds from one channel; the newest are kept. */
const MAX_POSTS = 200;
/** Channels with unread posts whose content catch_up embeds. */
const CATCH_UP_CHANNELS = 8;
const DEFAULT_SINCE = '24h';

/**
 * A prompt as data: what it is called and takes, and the text it hands the model, gathered through
 * the user's gateway. `registerPrompts` serves every record of `PROMPTS` the same way.
 */
export interface PromptRecord<Args extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  args: Args;
  text(args: z.infer<Args>, ctx: ResourceContext): Promise<string>;
}

/** Keeps a record's argument types for its `text`, then lets it stand in the list of all. */
function definePrompt<Args extends z.ZodObject>(record: PromptRecord<Args>): PromptRecord {
  return record as unknown as PromptRecord;
}

// Every argument schema is built once and shared by every session's server (zod schemas are
// immutable; each one built per session cost a session about 12 KB). Completers that read the
// user's Mattermost find the session in the request they answer (completion-scope.ts).
/** The SDK unwraps an optional argument before looking for its completer: completable inside. */
const SINCE_ARG = completable(
  z
    .string()
    .describe(
      `Since when: an ISO 8601 date or a window back from now such as 30m, 2h, 1d, 1w (default ${DEFAULT_SINCE}).`,
    ),
  (value) => ['1h', '4h', '24h', '3d', '1w'].filter((w) => w.startsWith(value ?? '')),
).optional();
const completeChannel = sessionCompleter((ctx, typed) => completeChannelReference(ctx.mm, typed));
/** Posts that mention the user, and their threads' roots: what a summary or a reply is likely about. */
const completePost = sessionCompleter(async (ctx, typed) => {
  const recent = await mentionsOf(ctx, 50).catch(() => [] as Post[]);
  const ids = recent.flatMap((p) => [p.root_id || p.id, p.id]);
  return [...new Set(ids)].filter((id) => id.startsWith(typed)).slice(0, MAX_COMPLETIONS);
});

/**
 * The prompts: each gathers the real content through the user's gateway and hands it to the model
 * in one compact message with the task, so the assistant starts from facts, not from tool calls.
 */
export const PROMPTS: readonly PromptRecord[] = [
  definePrompt({
    name: 'catch_up',
    title: 'Catch up',
    description:
      'What needs my attention in Mattermost since a time: mentions, unread channels and their new posts.',
    args: z.object({ since: SINCE_ARG }),
    async text({ since }, ctx) {
      const from = sinceMs(since);
      const [mentions, unreads] = await Promise.all([mentionsOf(ctx, 50), unreadsOf(ctx)]);
      const recentMentions = mentions.filter((p) => p.create_at >= from);
      const users = await ctx.mm.getUsersByIds(recentMentions.map((p) => p.user_id));
      const sections = [
        `Mentions of @${ctx.user.username} since ${isoTime(from)} (${recentMentions.length}):\n${renderPosts(
          [...recentMentions].reverse(),
          users,
        )}`,
        `Channels with unread posts:\n${unreads}`,
      ];
      for (const channel of await busiestChannels(ctx.mm, from)) {
        const posts = await postsSince(ctx.mm, channel.id, from);
        if (posts.length === 0) continue;
        const authors = await ctx.mm.getUsersByIds(posts.map((p) => p.user_id));
        sections.push(
          `${await channelLine(ctx.mm, channel)}, ${posts.length} new posts:\n${renderPosts(posts, authors)}`,
        );
      }
      return `I am @${ctx.user.username} on Mattermost. Here is what happened since ${isoTime(from)}.\n\n${sections.join(
        '\n\n',
      )}\n\nTell me what needs my attention: questions addressed to me, decisions waiting on me, and anything urgent, most important first, with the post ids so I can answer. Then summarise the rest briefly.`;
    },
  }),

  definePrompt({
    name: 'summarize_channel',
    title: 'Summarize a channel',
    description: 'Summarise the discussion in a channel since a time.',
    args: z.object({
      channel: completable(
        z
          .string()
          .describe(
            'The channel: team/~name, ~name, a channel id or @username for a direct message.',
          ),
        completeChannel,
      ),
      since: SINCE_ARG,
    }),
    async text({ channel, since }, ctx) {
      const from = sinceMs(since);
      const target = await resolveChannel(ctx.mm, channel);
      const posts = await postsSince(ctx.mm, target.id, from);
      const users = await ctx.mm.getUsersByIds(posts.map((p) => p.user_id));
      return `Posts of ${await channelLine(ctx.mm, target)} since ${isoTime(from)} (${posts.length}, oldest first):\n${renderPosts(
        posts,
        users,
      )}\n\nSummarise this discussion: the main topics, decisions made, open questions and who is waiting on whom. Cite post ids.`;
    },
  }),

  definePrompt({
    name: 'summarize_thread',
    title: 'Summarize a thread',
    description: 'Summarise a thread: what was asked, what was decided, what is still open.',
    args: z.object({
      post_id: completable(z.string().describe('Id of any post in the thread.'), completePost),
    }),
    async text({ post_id }, ctx) {
      const { channel, posts, users } = await threadOf(ctx.mm, post_id);
      return `A thread in ${await channelLine(ctx.mm, channel)} (${posts.length} posts, oldest first):\n${renderPosts(
        posts,
        users,
      )}\n\nSummarise this thread: the question or proposal, the answers, what was decided and what is still open.`;
    },
  }),

  definePrompt({
    name: 'draft_reply',
    title: 'Draft a reply',
    description: 'Draft my reply to a post, in the context of its thread.',
    args: z.object({
      post_id: completable(z.string().describe('Id of the post to answer.'), completePost),
      intent: z
        .string()
        .optional()
        .describe('What the reply should say or achieve, in a few words.'),
    }),
    async text({ post_id, intent }, ctx) {
      const { channel, posts, users } = await threadOf(ctx.mm, post_id);
      const target = posts.find((p) => p.id === post_id);
      const targetLine = target ? formatPostLine(toPostSummary(target, users)) : `post ${post_id}`;
      return `I am @${ctx.user.username}. The thread in ${await channelLine(ctx.mm, channel)}, oldest first:\n${renderPosts(
        posts,
        users,
      )}\n\nDraft my reply to this post:\n${targetLine}\n${
        intent ? `What I want to say: ${intent}\n` : ''
      }Match the tone of the thread, keep it short, and use Mattermost markdown. Give only the reply text.`;
    },
  }),
];

function sinceMs(since: string | undefined): number {
  const text = since?.trim() || DEFAULT_SINCE;
  const ms = parseSince(text);
  if (ms === undefined)
    throw new ToolError(
      `"${text}" is not a time: use an ISO 8601 date or a window such as 2h or 1d.`,
    );
  return ms;
}

async function channelLine(mm: UserGateway, channel: ServerChannel): Promise<string> {
  return formatChannelLine(toChannelSummary(channel, await describeChannelPlace(mm, channel)));
}

/** Posts created since a time, oldest first, the newest MAX_POSTS kept. */
async function postsSince(mm: UserGateway, channelId: string, from: number): Promise<Post[]> {
  const list = await mm.getPostsSince(channelId, from);
  return postsOldestFirst(list)
    .filter((p) => p.create_at >= from && !p.delete_at)
    .slice(-MAX_POSTS);
}

/** The user's channels with posts since a time, most recently active first. */
async function busiestChannels(mm: UserGateway, from: number): Promise<ServerChannel[]> {
  const seen = new Map<string, ServerChannel>();
  for (const team of await mm.getMyTeams()) {
    for (const c of await mm.getMyChannels(team.id)) if (c.last_post_at >= from) seen.set(c.id, c);
  }
  return [...seen.values()]
    .sort((a, b) => b.last_post_at - a.last_post_at)
    .slice(0, CATCH_UP_CHANNELS);
}

async function threadOf(mm: UserGateway, postId: string) {
  const post = await mm.getPost(postId);
  const posts = postsOldestFirst(await mm.getPostThread(post.root_id || post.id));
  const [channel, users] = await Promise.all([
    mm.getChannel(post.channel_id),
    mm.getUsersByIds(posts.map((p) => p.user_id)),
  ]);
  return { channel, posts, users };
}
