import { z } from 'zod';
import {
  attentionItemSchema,
  formatAttentionLine,
  mentionKeywords,
  mentionsChannel,
  mentionsKeyword,
  mentionsUser,
  rankAttention,
  type AttentionCandidate,
} from '../format/attention.js';
import { fitLines } from '../format/fit.js';
import { permalink } from '../format/links.js';
import { isHiddenSystemPost } from '../format/posts.js';
import { snippet } from '../format/threads.js';
import { counted } from '../format/text.js';
import { isoTime, parseSince } from '../format/time.js';
import type {
  ChannelMembership,
  Post,
  ServerChannel,
  UserThreadList,
} from '../gateway/user-gateway.js';
import { channelUnreads } from '../format/unreads.js';
import { readsCollapsedThreads } from '../resolve/reading-mode.js';
import { defineTool, type ToolContext } from './define.js';
import { FAN_OUT, mapLimit } from './parallel.js';
import { placesOf } from './places.js';
import { ToolError } from '../errors.js';

const DAY_MS = 86_400_000;
/** Channels read one by one for their unread messages, at most, per kind. */
const MAX_CHANNELS_READ = 10;
const SEARCH_PAGE = 50;

/**
 * Where "since" starts when not given: the user's last activity in Mattermost when it reports one
 * (and it is not just now, which the assistant itself may have caused), otherwise a day back.
 */
export function defaultSince(lastActivityAt: number | undefined, now: number): number {
  if (lastActivityAt && lastActivityAt < now - 5 * 60_000 && lastActivityAt > now - 7 * DAY_MS)
    return lastActivityAt;
  return now - DAY_MS;
}

interface Membership {
  channel: ServerChannel;
  member: ChannelMembership;
}

/** Every channel of the user once (direct and group messages come back with every team). */
function memberships(
  perTeam: { channels: ServerChannel[]; members: ChannelMembership[] }[],
): Membership[] {
  const byId = new Map<string, Membership>();
  for (const { channels, members } of perTeam) {
    const memberOf = new Map(members.map((m) => [m.channel_id, m]));
    for (const channel of channels) {
      const member = memberOf.get(channel.id);
      if (member && !channel.delete_at) byId.set(channel.id, { channel, member });
    }
  }
  return [...byId.values()];
}

const getAttention = defineTool({
  name: 'get_attention',
  title: 'What needs me',
  description:
    'One call for what needs the user, ranked: mentions of them (or their mention keywords) and unread direct or group messages first, ' +
    'then unread replies in threads they follow, then @channel/@here mentions; newest first, each with ' +
    'channel, author, time, snippet and permalink. `since` is an ISO date or a window like 2h, 1d (default: ' +
    'since their last activity, or the last day).',
  toolset: 'attention',
  kind: 'read',
  input: z.object({
    since: z.string().optional().describe('ISO 8601 or a window like 30m, 2h, 1d, 1w.'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(30)
      .describe('Most items to return (default 30).'),
  }),
  output: z.object({
    since: z.string(),
    items: z.array(attentionItemSchema),
    counts: z.object({
      mention: z.number().int(),
      direct: z.number().int(),
      thread: z.number().int(),
      channel_mention: z.number().int(),
    }),
    truncated: z.boolean(),
  }),
  async handler({ since, limit }, ctx) {
    const { mm } = ctx;
    const now = Date.now();
    const me = await mm.getMe();
    let sinceMs: number;
    if (since !== undefined) {
      const parsed = parseSince(since, now);
      if (parsed === undefined) {
        throw new ToolError(
          'since: use an ISO 8601 date (2026-05-04T09:00:00Z) or a window like 30m, 2h, 1d, 1w.',
        );
      }
      sinceMs = parsed;
    } else {
      sinceMs = defaultSince((me as { last_activity_at?: number }).last_activity_at, now);
    }

    // First round: what each team says is unread, and the mentions search, a few calls at a time.
    const [teams, collapsed] = await Promise.all([mm.getMyTeams(), readsCollapsedThreads(mm)]);
    const afterDay = new Date(sinceMs - DAY_MS).toISOString().slice(0, 10);
    // Mentions are found as Mattermost's Recent Mentions finds them: @username or any mention key.
    const keywords = mentionKeywords(me.username, me.first_name, me.notify_props);
    const keywordTerms = keywords
      .map(({ word }) => (/\s/.test(word) ? `"${word}"` : word))
      .join(' ');
    const mentionsMe = (message: string) =>
      mentionsUser(message, me.username) || mentionsKeyword(message, keywords);
    // @username is searched on its own: a page of keyword hits must not crowd out real mentions.
    type Search = { kind: 'search'; terms: string; or: boolean };
    type Job = { kind: 'channels' | 'members' | 'threads'; teamId: string } | Search;
    const jobs: Job[] = [
      { kind: 'search', terms: `@${me.username}`, or: false },
      ...(keywords.length ? [{ kind: 'search', terms: keywordTerms, or: true } as const] : []),
      ...teams.flatMap((team) =>
        (['channels', 'members', 'threads'] as const).map((kind) => ({ kind, teamId: team.id })),
      ),
    ];
    const answers = await mapLimit(jobs, FAN_OUT, async (job) => {
      switch (job.kind) {
        case 'search':
          return mm.searchPosts('', `${job.terms} after:${afterDay}`, {
            isOrSearch: job.or,
            page: 0,
            perPage: SEARCH_PAGE,
          });
        case 'channels':
          return mm.getMyChannels(job.teamId);
        case 'members':
          return mm.getMyChannelMembers(job.teamId);
        case 'threads':
          return mm.getUserThreads(job.teamId, { perPage: 50, unreadOnly: true, since: sinceMs });
      }
    });
    const answerOf = <T>(kind: Job['kind'], teamId?: string): T[] =>
      jobs.flatMap((job, i) =>
        job.kind === kind && (!teamId || ('teamId' in job && job.teamId === teamId))
          ? [answers[i] as T]
          : [],
      );

    const candidates: AttentionCandidate[] = [];
    const add = (post: Post, kind: AttentionCandidate['kind'], unread?: number) =>
      candidates.push({
        kind,
        channel: post.channel_id,
        author: post.user_id,
        snippet: snippet(post.message),
        permalink: '',
        post_id: post.id,
        at: post.create_at,
        ...(unread ? { unread } : {}),
      });
    const fresh = (post: Post) =>
      post.user_id !== me.id &&
      !post.delete_at &&
      post.create_at >= sinceMs &&
      !isHiddenSystemPost(post);

    const found = new Set<string>();
    for (const search of answerOf<{ order: string[]; posts: Record<string, Post> }>('search'))
      for (const id of search.order) {
        const post = search.posts[id];
        if (!post || found.has(id)) continue;
        found.add(id);
        if (fresh(post) && mentionsMe(post.message)) add(post, 'mention');
      }

    const channels = memberships(
      teams.map((team) => ({
        channels: answerOf<ServerChannel[]>('channels', team.id)[0] ?? [],
        members: answerOf<ChannelMembership[]>('members', team.id)[0] ?? [],
      })),
    );
    const unreadSince = (m: Membership) => Math.max(sinceMs, m.member.last_viewed_at);
    // Counted as the person's Mattermost app counts them; thread replies come from Threads below.
    const unreadsOf = (m: Membership) => channelUnreads(m.channel, m.member, collapsed);
    const byRecent = (a: Membership, b: Membership) =>
      b.channel.last_post_at - a.channel.last_post_at;
    const direct = channels
      .filter(
        (m) =>
          (m.channel.type === 'D' || m.channel.type === 'G') &&
          m.channel.last_post_at > unreadSince(m) &&
          unreadsOf(m).unread > 0,
      )
      .sort(byRecent)
      .slice(0, MAX_CHANNELS_READ);
    const mentioned = channels
      .filter(
        (m) =>
          (m.channel.type === 'O' || m.channel.type === 'P') &&
          unreadsOf(m).mentions > 0 &&
          m.channel.last_post_at > unreadSince(m),
      )
      .sort(byRecent)
      .slice(0, MAX_CHANNELS_READ);

    // Second round: the unread messages of those channels.
    const reads = await mapLimit([...direct, ...mentioned], FAN_OUT, async (m) => ({
      m,
      posts: Object.values((await mm.getPostsSince(m.channel.id, unreadSince(m))).posts).filter(
        (post) => fresh(post) && post.create_at > m.member.last_viewed_at,
      ),
    }));
    for (const { m, posts } of reads) {
      if (m.channel.type === 'D' || m.channel.type === 'G') {
        const latest = posts.sort((a, b) => b.create_at - a.create_at)[0];
        if (latest) add(latest, mentionsMe(latest.message) ? 'mention' : 'direct', posts.length);
        continue;
      }
      for (const post of posts) {
        if (mentionsMe(post.message)) add(post, 'mention');
        else if (mentionsChannel(post.message)) add(post, 'channel_mention');
      }
    }

    const threads = new Map<string, UserThreadList['threads'][number]>();
    for (const list of answerOf<UserThreadList>('threads'))
      for (const thread of list.threads)
        if (thread.unread_replies > 0) threads.set(thread.id, thread);
    for (const thread of threads.values()) {
      if (thread.last_reply_at < sinceMs) continue;
      candidates.push({
        kind: 'thread',
        channel: thread.post.channel_id,
        author: thread.post.user_id,
        snippet: snippet(thread.post.message ?? ''),
        permalink: '',
        post_id: thread.id,
        at: thread.last_reply_at,
        unread: thread.unread_replies,
      });
    }

    const ranked = await nameItems(ctx, rankAttention(candidates, limit));
    // The ranked list is cut to the output budget from its least pressing end.
    const lines = ranked.map(formatAttentionLine);
    const fitted = fitLines(lines, ctx.settings.maxOutputChars - 300);
    const named = ranked.slice(0, fitted.kept);
    const counts = { mention: 0, direct: 0, thread: 0, channel_mention: 0 };
    for (const item of named) counts[item.kind]++;
    const distinct = new Set(candidates.map((c) => c.post_id)).size;
    const truncated = distinct > named.length;
    const header = named.length
      ? `${counted(named.length, 'thing')} need${named.length === 1 ? 's' : ''} you since ${isoTime(sinceMs)} (${counted(counts.mention, 'mention')}, ${counts.direct} direct, ${counted(counts.thread, 'thread')}, ${counts.channel_mention} channel-wide):`
      : `Nothing needs you since ${isoTime(sinceMs)}.`;
    return {
      text: [
        header,
        ...lines.slice(0, fitted.kept),
        ...(truncated
          ? [`[cut: ${distinct - named.length} more; raise limit or narrow since]`]
          : []),
      ].join('\n'),
      structured: { since: isoTime(sinceMs), items: named, counts, truncated },
    };
  },
});

/** Replaces the ids the items were built with by usernames, channel references and permalinks. */
async function nameItems<
  T extends { channel: string; author: string; post_id: string; permalink: string },
>(ctx: ToolContext, items: T[]): Promise<T[]> {
  const users = await ctx.mm.getUsersByIds(items.map((item) => item.author));
  const places = await placesOf(
    ctx.mm,
    items.map((item) => item.channel),
  );
  return items.map((item) => {
    const place = places.get(item.channel);
    return {
      ...item,
      channel: place?.reference ?? item.channel,
      author: users.get(item.author)?.username ?? item.author,
      permalink: permalink(ctx.settings.mattermostUrl, place?.linkTeam, item.post_id),
    };
  });
}

export const attentionTools = [getAttention];
