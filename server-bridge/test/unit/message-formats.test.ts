import {
  formatAttentionLine,
  mentionKeywords,
  mentionsChannel,
  mentionsKeyword,
  mentionsUser,
  rankAttention,
  type AttentionCandidate,
} from '../../src/format/attention.js';
import {
  fileReadMode,
  formatBytes,
  formatFileLine,
  textPage,
  toFileSummary,
} from '../../src/format/files.js';
import { fitLines } from '../../src/format/fit.js';
import { permalink } from '../../src/format/links.js';
import { fitHits, formatPostHitLine, toPostHit } from '../../src/format/post-hits.js';
import { formatReactionGroup, groupReactions } from '../../src/format/reactions.js';
import { formatScheduledLine, parseWhen, toScheduledSummary } from '../../src/format/scheduled.js';
import { formatThreadLine, snippet, toThreadSummary } from '../../src/format/threads.js';
import type { FileInfo, ScheduledPost, UserThread } from '../../src/gateway/user-gateway.js';
import { defaultSince } from '../../src/tools/attention.js';
import { mapLimit } from '../../src/tools/parallel.js';

const users = new Map([
  ['u1', { username: 'alice' }],
  ['u2', { username: 'bob' }],
]);
const T0 = Date.parse('2026-05-04T09:00:00Z');

describe('permalinks', () => {
  it('go through the team, or the redirect when there is none', () => {
    expect(permalink('https://chat.example.com/', 'acme', 'p1')).toBe(
      'https://chat.example.com/acme/pl/p1',
    );
    expect(permalink('https://chat.example.com', undefined, 'p1')).toBe(
      'https://chat.example.com/_redirect/pl/p1',
    );
  });
});

describe('reactions', () => {
  it('group by emoji in order of first use, with usernames oldest first', () => {
    const groups = groupReactions(
      [
        { emoji_name: 'eyes', user_id: 'u2', create_at: 3 },
        { emoji_name: '+1', user_id: 'u2', create_at: 1 },
        { emoji_name: '+1', user_id: 'u1', create_at: 2 },
        { emoji_name: '+1', user_id: 'gone', create_at: 4 },
      ],
      users,
    );
    expect(groups).toEqual([
      { emoji: '+1', count: 3, users: ['bob', 'alice', 'gone'] },
      { emoji: 'eyes', count: 1, users: ['bob'] },
    ]);
    expect(formatReactionGroup(groups[1]!)).toBe(':eyes: 1 — @bob');
  });
});

describe('files', () => {
  const info = {
    id: 'f1',
    user_id: 'u1',
    channel_id: 'c1',
    post_id: 'p1',
    create_at: T0,
    name: 'report.csv',
    extension: 'csv',
    size: 1536,
    mime_type: 'text/csv',
    width: 0,
    height: 0,
  } as FileInfo;

  it('summarise with the uploader’s name and readable sizes', () => {
    const summary = toFileSummary(info, users);
    expect(summary).toEqual({
      id: 'f1',
      name: 'report.csv',
      size: 1536,
      mime_type: 'text/csv',
      uploaded_by: 'alice',
      created_at: '2026-05-04T09:00:00Z',
      post_id: 'p1',
      channel_id: 'c1',
    });
    expect(formatFileLine(summary)).toBe(
      'report.csv · 1.5 KiB · text/csv · @alice · 2026-05-04T09:00:00Z · id f1 · post p1',
    );
    expect(formatBytes(320)).toBe('320 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
  });

  it('decide how a file is read from its type and extension', () => {
    expect(fileReadMode({ mime_type: 'image/png', extension: 'png' })).toBe('image');
    expect(fileReadMode({ mime_type: 'image/svg+xml', extension: 'svg' })).toBe('other');
    expect(fileReadMode({ mime_type: 'application/json', extension: 'json' })).toBe('text');
    expect(fileReadMode({ mime_type: 'application/octet-stream', extension: 'ts' })).toBe('text');
    expect(fileReadMode({ mime_type: 'application/pdf', extension: 'pdf' })).toBe('other');
  });

  it('page text with the next offset while more remains', () => {
    expect(textPage('abcdefghij', 0, 4)).toEqual({
      text: 'abcd',
      offset: 0,
      nextOffset: 4,
      total: 10,
    });
    expect(textPage('abcdefghij', 8, 4)).toEqual({ text: 'ij', offset: 8, total: 10 });
    expect(textPage('abc', 10, 4)).toEqual({ text: '', offset: 3, total: 3 });
  });
});

describe('threads', () => {
  it('summarise with names, unread counts and a snippet', () => {
    const thread = {
      id: 'r1',
      reply_count: 4,
      last_reply_at: T0,
      last_viewed_at: 0,
      participants: [{ id: 'u1' }, { id: 'u2' }],
      unread_replies: 2,
      unread_mentions: 1,
      is_following: true,
      post: { channel_id: 'c1', user_id: 'u2', message: 'Release plan\nfor Friday' },
    } as unknown as UserThread & { post: { channel_id: string; user_id: string; message: string } };
    const summary = toThreadSummary(thread, users, { channel: 'acme/~town', permalink: 'L' });
    expect(summary).toMatchObject({
      author: 'bob',
      snippet: 'Release plan ⏎ for Friday',
      participants: ['alice', 'bob'],
    });
    expect(formatThreadLine(summary)).toBe(
      'acme/~town · @bob: "Release plan ⏎ for Friday" · 4 replies (2 unread, 1 mention) · last 2026-05-04T09:00:00Z · id r1 · L',
    );
  });

  it('cut long snippets with an ellipsis', () => {
    expect(snippet('x'.repeat(200))).toHaveLength(161);
    expect(snippet('  short  ')).toBe('short');
  });
});

describe('scheduled messages', () => {
  it('read future times as ISO dates or delays', () => {
    const now = T0;
    expect(parseWhen('30m', now)).toBe(now + 30 * 60_000);
    expect(parseWhen('in 2h', now)).toBe(now + 2 * 3_600_000);
    expect(parseWhen('2026-05-05T10:00:00Z', now)).toBe(Date.parse('2026-05-05T10:00:00Z'));
    expect(parseWhen('2026-05-05T10:00:00', now)).toBe(Date.parse('2026-05-05T10:00:00Z'));
    expect(parseWhen('2026-05-05T10:00:00+02:00', now)).toBe(Date.parse('2026-05-05T08:00:00Z'));
    expect(parseWhen('2001-01-01', now)).toBe(Date.parse('2001-01-01T00:00:00Z'));
    expect(parseWhen('tomorrow', now)).toBeUndefined();
  });

  it('summarise with the channel and a failure reason', () => {
    const post = {
      id: 's1',
      channel_id: 'c1',
      root_id: '',
      message: 'Stand-up',
      scheduled_at: T0,
      error_code: 'channel_archived',
    } as ScheduledPost;
    const summary = toScheduledSummary(post, 'acme/~town');
    expect(summary).toEqual({
      id: 's1',
      channel: 'acme/~town',
      channel_id: 'c1',
      scheduled_at: '2026-05-04T09:00:00Z',
      message: 'Stand-up',
      error: 'channel_archived',
    });
    expect(formatScheduledLine(summary)).toBe(
      '[2026-05-04T09:00:00Z] → acme/~town: "Stand-up" · id s1 · failed: channel_archived',
    );
  });
});

describe('post hits', () => {
  const hit = toPostHit(
    {
      id: 'p1',
      author: 'bob',
      created_at: '2026-05-04T09:00:00Z',
      message: 'Budget review',
      reply_count: 0,
      reactions: [],
      files: [],
      edited: false,
    },
    { channel: 'acme/~town', channelId: 'c1', permalink: 'https://x/acme/pl/p1' },
  );

  it('carry the channel and permalink on one line', () => {
    expect(formatPostHitLine(hit)).toBe(
      'acme/~town · [2026-05-04T09:00:00Z] @bob (id p1): Budget review · https://x/acme/pl/p1',
    );
  });

  it('fit a budget, always keeping the first', () => {
    const line = formatPostHitLine(hit).length;
    expect(fitHits([hit, hit, hit], line * 2 + 2).kept).toHaveLength(2);
    expect(fitHits([hit, hit], 10)).toMatchObject({ dropped: 1 });
  });
});

describe('attention', () => {
  const item = (
    kind: AttentionCandidate['kind'],
    post_id: string,
    at: number,
  ): AttentionCandidate => ({
    kind,
    channel: 'acme/~town',
    author: 'bob',
    snippet: 's',
    permalink: 'L',
    post_id,
    at,
  });

  it('ranks mentions and direct messages first, then threads, then channel mentions, newer first', () => {
    const ranked = rankAttention(
      [
        item('channel_mention', 'a', 50),
        item('thread', 'b', 40),
        item('direct', 'c', 10),
        item('mention', 'd', 20),
        item('thread', 'e', 45),
        item('channel_mention', 'd', 99),
      ],
      10,
    );
    expect(ranked.map((r) => `${r.kind}:${r.post_id}`)).toEqual([
      'mention:d',
      'direct:c',
      'thread:e',
      'thread:b',
      'channel_mention:a',
    ]);
    expect(rankAttention([item('thread', 'x', 1), item('mention', 'y', 2)], 1)).toHaveLength(1);
    expect(formatAttentionLine({ ...ranked[0]!, unread: 3 }, 0)).toBe(
      `1. [mention] acme/~town · @bob · ${ranked[0]!.time} (3 unread) · "s" · L`,
    );
    // A thread shows its first post: the line says whose thread it is and when it was answered.
    expect(formatAttentionLine({ ...ranked[2]!, unread: 1 }, 2)).toBe(
      `3. [thread] acme/~town · thread of @bob · last reply ${ranked[2]!.time} (1 unread reply) · "s" · L`,
    );
  });

  it('recognises mentions of a user and of everyone', () => {
    expect(mentionsUser('hey @alice, look', 'alice')).toBe(true);
    expect(mentionsUser('hey @alice.', 'alice')).toBe(true);
    expect(mentionsUser('hey @alice2', 'alice')).toBe(false);
    expect(mentionsUser('mail alice@example.com', 'alice')).toBe(false);
    expect(mentionsUser('@ALICE please', 'alice')).toBe(true);
    expect(mentionsChannel('@here standup')).toBe(true);
    expect(mentionsChannel('email x@channel.com')).toBe(false);
  });

  it('takes the mention keywords from the notification settings, and finds them as words', () => {
    const props = { mention_keys: 'gizmo, @Gizmo,Big Launch,GIZMO,@alice', first_name: 'true' };
    const plain = (word: string) => ({ word, caseSensitive: false });
    expect(mentionKeywords('alice', 'Ally', props)).toEqual([
      plain('gizmo'),
      plain('@Gizmo'),
      plain('Big Launch'),
      { word: 'Ally', caseSensitive: true },
    ]);
    expect(mentionKeywords('alice', 'Ally', { mention_keys: '', first_name: 'false' })).toEqual([]);
    expect(mentionKeywords('alice', 'Ally', undefined)).toEqual([]);
    const keys = [plain('gizmo'), plain('Big Launch')];
    expect(mentionsKeyword('the Gizmo shipped', keys)).toBe(true);
    expect(mentionsKeyword('ping @gizmo', keys)).toBe(true);
    expect(mentionsKeyword('before the big launch.', keys)).toBe(true);
    expect(mentionsKeyword('gizmos everywhere', keys)).toBe(false);
    expect(mentionsKeyword('nothing here', [])).toBe(false);
  });

  it('matches the first name with its case, as Mattermost does', () => {
    const keys = mentionKeywords('alice', 'Ally', { first_name: 'true' });
    expect(mentionsKeyword('thanks Ally!', keys)).toBe(true);
    expect(mentionsKeyword('an ally of ours', keys)).toBe(false);
    expect(mentionsKeyword('ALLY', keys)).toBe(false);
    // A mention key of the same letters matches without case, and covers the first name.
    const both = mentionKeywords('alice', 'Ally', { first_name: 'true', mention_keys: 'ally' });
    expect(both).toEqual([{ word: 'ally', caseSensitive: false }]);
    expect(mentionsKeyword('an ally of ours', both)).toBe(true);
  });

  it('keeps a mention key as written: an @key mentions only with its @', () => {
    const keys = mentionKeywords('alice', '', { mention_keys: '@oncall' });
    expect(keys).toEqual([{ word: '@oncall', caseSensitive: false }]);
    expect(mentionsKeyword('paging @OnCall now', keys)).toBe(true);
    expect(mentionsKeyword('who is oncall today', keys)).toBe(false);
    expect(mentionsKeyword('mail x@oncall.example', keys)).toBe(false);
  });

  it('keeps a key that is the bare username: the plain name then mentions the user', () => {
    const keys = mentionKeywords('alice', '', { mention_keys: 'alice,@alice' });
    expect(keys).toEqual([{ word: 'alice', caseSensitive: false }]);
    expect(mentionsKeyword('ask alice about it', keys)).toBe(true);
    expect(mentionsKeyword('ask alicent about it', keys)).toBe(false);
  });

  it('starts from the last activity when it is older than a few minutes and within a week', () => {
    const now = T0;
    expect(defaultSince(now - 3_600_000, now)).toBe(now - 3_600_000);
    expect(defaultSince(now - 60_000, now)).toBe(now - 86_400_000);
    expect(defaultSince(undefined, now)).toBe(now - 86_400_000);
    expect(defaultSince(now - 30 * 86_400_000, now)).toBe(now - 86_400_000);
  });
});

describe('fitLines', () => {
  it('keeps whole lines within the budget, and always the first', () => {
    expect(fitLines(['aaaa', 'bbbb', 'cccc'], 10)).toEqual({ kept: 2, dropped: 1 });
    expect(fitLines(['a'.repeat(50), 'b'], 10)).toEqual({ kept: 1, dropped: 1 });
    expect(fitLines([], 10)).toEqual({ kept: 0, dropped: 0 });
  });
});

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      // Work of different lengths: n turns of the event loop, so tasks finish out of order.
      for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});
