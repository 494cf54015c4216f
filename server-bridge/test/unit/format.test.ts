import type { Post } from '@mattermost/types/posts';
import {
  channelReference,
  formatChannelLine,
  toChannelSummary,
} from '../../src/format/channels.js';
import {
  fitPosts,
  formatPostLine,
  isHiddenSystemPost,
  reactionCounts,
  toPostSummary,
  type PostSummary,
} from '../../src/format/posts.js';
import { pick, pickPresent } from '../../src/format/fields.js';
import { clip, oneLine } from '../../src/format/text.js';
import { isoTime, parseSince } from '../../src/format/time.js';
import { formatUserLine, toUserSummary } from '../../src/format/users.js';
import type { ServerChannel, UserProfile } from '../../src/gateway/user-gateway.js';

function post(overrides: Partial<Post>): Post {
  return {
    id: 'p'.repeat(26),
    create_at: Date.UTC(2026, 4, 4, 9, 30, 0, 123),
    update_at: 0,
    edit_at: 0,
    delete_at: 0,
    is_pinned: false,
    user_id: 'u'.repeat(26),
    channel_id: 'c'.repeat(26),
    root_id: '',
    original_id: '',
    message: 'hello',
    type: '',
    props: {},
    hashtags: '',
    pending_post_id: '',
    reply_count: 0,
    metadata: { embeds: [], emojis: [], files: [], images: {} },
    ...overrides,
  } as Post;
}

describe('times', () => {
  it('writes ISO 8601 UTC to the second', () => {
    expect(isoTime(Date.UTC(2026, 4, 4, 9, 30, 0, 999))).toBe('2026-05-04T09:30:00Z');
  });

  it('reads windows and ISO dates', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(parseSince('2h', now)).toBe(now - 2 * 3_600_000);
    expect(parseSince('1d', now)).toBe(now - 86_400_000);
    expect(parseSince('1w', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('2026-01-09T12:00:00Z', now)).toBe(Date.UTC(2026, 0, 9, 12));
    expect(parseSince('yesterday', now)).toBeUndefined();
    expect(parseSince('2h30', now)).toBeUndefined();
  });
});

describe('posts', () => {
  const users = new Map([['u'.repeat(26), { username: 'alice' }]]);

  it('aggregates reactions per emoji in order of first use', () => {
    const reactions = ['+1', 'smile', '+1'].map((emoji_name, i) => ({
      user_id: String(i),
      post_id: 'x',
      emoji_name,
      create_at: 0,
    }));
    expect(
      reactionCounts(
        post({ metadata: { embeds: [], emojis: [], files: [], images: {}, reactions } }),
      ),
    ).toEqual(['+1:2', 'smile:1']);
  });

  it('summarises a post with author, time, replies, reactions and files', () => {
    const summary = toPostSummary(
      post({
        reply_count: 3,
        edit_at: 5,
        metadata: {
          embeds: [],
          emojis: [],
          images: {},
          files: [{ name: 'plan.pdf' } as never],
          reactions: [{ user_id: 'a', post_id: 'x', emoji_name: 'eyes', create_at: 0 }],
        },
      }),
      users,
    );
    expect(summary).toMatchObject({
      author: 'alice',
      created_at: '2026-05-04T09:30:00Z',
      reply_count: 3,
      reactions: ['eyes:1'],
      files: ['plan.pdf'],
      edited: true,
    });
    expect(formatPostLine(summary)).toBe(
      `[2026-05-04T09:30:00Z] @alice (id ${'p'.repeat(26)}): hello · 3 replies · reactions: eyes:1 · files: plan.pdf · edited`,
    );
  });

  it('falls back to the user id and names webhook posts by their override', () => {
    expect(toPostSummary(post({ user_id: 'z'.repeat(26) }), users).author).toBe('z'.repeat(26));
    expect(
      toPostSummary(post({ props: { from_webhook: 'true', override_username: 'ci-bot' } }), users)
        .author,
    ).toBe('ci-bot');
  });

  it('keeps a multi-line message on one line and shows replies', () => {
    const summary = toPostSummary(
      post({ message: 'a\nb', root_id: 'r'.repeat(26), reply_count: 4 }),
      users,
    );
    expect(formatPostLine(summary)).toBe(
      `[2026-05-04T09:30:00Z] @alice (id ${'p'.repeat(26)}, reply to ${'r'.repeat(26)}): a ⏎ b`,
    );
    expect(summary.reply_count).toBe(0);
    expect(formatPostLine(summary, { showRoot: false })).not.toContain('reply to');
  });

  it('hides join and leave notices only', () => {
    expect(isHiddenSystemPost({ type: 'system_join_channel' })).toBe(true);
    expect(isHiddenSystemPost({ type: 'system_leave_team' as Post['type'] })).toBe(true);
    expect(isHiddenSystemPost({ type: 'system_header_change' })).toBe(false);
    expect(isHiddenSystemPost({ type: '' })).toBe(false);
  });

  it('fits a listing in a budget, keeping the end asked for', () => {
    const summaries: PostSummary[] = [1, 2, 3, 4].map((n) => ({
      id: String(n).repeat(26),
      author: 'alice',
      created_at: `2026-05-04T09:3${n}:00Z`,
      message: 'x'.repeat(50),
      reply_count: 0,
      reactions: [],
      files: [],
      edited: false,
    }));
    const lineLength = formatPostLine(summaries[0]!).length + 1;
    const newest = fitPosts(summaries, lineLength * 2, 'newest');
    expect(newest.kept.map((p) => p.id[0])).toEqual(['3', '4']);
    expect(newest.dropped).toBe(2);
    const oldest = fitPosts(summaries, lineLength * 2, 'oldest');
    expect(oldest.kept.map((p) => p.id[0])).toEqual(['1', '2']);
    const tiny = fitPosts(summaries, 20, 'oldest');
    expect(tiny.kept).toHaveLength(1);
    expect(tiny.lines[0]).toContain('[cut:');
  });
});

describe('channels and users', () => {
  const channel = {
    id: 'c'.repeat(26),
    name: 'town-square',
    display_name: 'Town Square',
    type: 'O',
    team_id: 't'.repeat(26),
    purpose: 'Everything\nand more',
    header: '',
    delete_at: 0,
  } as ServerChannel;

  it('names channels the way people do', () => {
    const summary = toChannelSummary(channel, { teamName: 'acme' });
    expect(channelReference(summary)).toBe('acme/~town-square');
    expect(formatChannelLine(summary)).toBe(
      `acme/~town-square — Town Square · public · id ${'c'.repeat(26)} · purpose: Everything ⏎ and more`,
    );
    const dm = toChannelSummary(
      { ...channel, type: 'D', name: 'a__b', display_name: '' },
      { dmName: '@bob' },
    );
    expect(dm.type).toBe('direct');
    expect(channelReference(dm)).toBe('@bob');
  });

  it('describes a user in one line', () => {
    const user = {
      id: 'u'.repeat(26),
      username: 'alice',
      first_name: 'Alice',
      last_name: 'Smith',
      nickname: '',
      email: 'alice@example.com',
      position: 'Engineer',
      is_bot: false,
      delete_at: 0,
    } as unknown as UserProfile;
    expect(formatUserLine(toUserSummary(user))).toBe(
      `@alice — Alice Smith · alice@example.com · Engineer · id ${'u'.repeat(26)}`,
    );
  });
});

describe('text helpers', () => {
  it('clips with a marker that says how much was cut', () => {
    expect(clip('abcdef', 4)).toBe('abcd… [cut: 2 more characters]');
    expect(clip('abc', 4)).toBe('abc');
    expect(oneLine('a\r\nb')).toBe('a ⏎ b');
  });
});

describe('field copying', () => {
  const file = { id: 'f1', name: 'a.png', size: 0, post_id: '', width: 640, height: null };

  it('copies the named fields as they are, empty ones included', () => {
    expect(pick(file, 'id', 'size', 'post_id')).toEqual({ id: 'f1', size: 0, post_id: '' });
  });

  it('copies only the named fields that hold a value', () => {
    expect(pickPresent(file, 'size', 'post_id', 'width', 'height')).toEqual({ width: 640 });
    expect(Object.keys(pickPresent(file, 'name', 'post_id'))).toEqual(['name']);
  });
});
