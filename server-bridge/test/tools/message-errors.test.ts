import { jest } from '@jest/globals';
import { hiddenChannel, useStack } from '../helpers/fixtures.js';
import { callTool, textOf } from '../helpers/stack.js';

jest.setTimeout(30_000);

/**
 * The error paths of every message tool side by side: a post, channel or file of a private
 * channel the user is not in; ids that do not exist; and malformed arguments, which must name the
 * field. The success paths live in each domain's own test file.
 */

const { stack, ws, alice } = useStack({ connect: ['alice'] });
const hidden = { channel: '', post: '', file: '' };
const MISSING = 'abcdefghijklmnopqrstuvwxyz';

beforeAll(async () => {
  const channel = await hiddenChannel(stack, ws);
  const form = new FormData();
  form.append('channel_id', channel.id);
  form.append('files', new Blob(['secret']), 'secret.txt');
  const file = (await stack.rest(ws.bob).uploadFile(form, false)).file_infos[0]!;
  const post = await stack
    .rest(ws.bob)
    .createPost({ channel_id: channel.id, message: 'secret', file_ids: [file.id] } as never);
  Object.assign(hidden, { channel: channel.id, post: post.id, file: file.id });
});

type Args = Record<string, unknown>;

/** Each tool with arguments aimed at something alice may not see, and at something missing. */
const CASES: Array<{
  tool: string;
  refused?: () => Args;
  missing?: () => Args;
  malformed: Args;
  field: string;
}> = [
  {
    tool: 'get_post',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 1 },
    field: 'post_id',
  },
  {
    tool: 'edit_post',
    refused: () => ({ post_id: hidden.post, message: 'x' }),
    missing: () => ({ post_id: MISSING, message: 'x' }),
    malformed: { post_id: MISSING },
    field: 'message',
  },
  {
    tool: 'delete_post',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: {},
    field: 'post_id',
  },
  {
    tool: 'pin_post',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'unpin_post',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'list_pinned_posts',
    refused: () => ({ channel: hidden.channel }),
    missing: () => ({ channel: '~no-such-channel-x' }),
    malformed: { channel: 5 },
    field: 'channel',
  },
  {
    tool: 'save_post',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  { tool: 'unsave_post', malformed: { post_id: 'x' }, field: 'post_id' },
  { tool: 'list_saved_posts', malformed: { cursor: 7 }, field: 'cursor' },
  {
    tool: 'acknowledge_post',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'unacknowledge_post',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'get_permalink',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'get_posts_around',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: MISSING, after: -1 },
    field: 'after',
  },
  {
    tool: 'list_threads',
    missing: () => ({ team: 'no-such-team-x' }),
    malformed: { team: 3 },
    field: 'team',
  },
  {
    tool: 'follow_thread',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'unfollow_thread',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'mark_thread_read',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'add_reaction',
    refused: () => ({ post_id: hidden.post, emoji: 'eyes' }),
    missing: () => ({ post_id: MISSING, emoji: 'eyes' }),
    malformed: { post_id: MISSING, emoji: '' },
    field: 'emoji',
  },
  {
    tool: 'remove_reaction',
    refused: () => ({ post_id: hidden.post, emoji: 'eyes' }),
    missing: () => ({ post_id: MISSING, emoji: 'eyes' }),
    malformed: { post_id: MISSING },
    field: 'emoji',
  },
  {
    tool: 'list_reactions',
    refused: () => ({ post_id: hidden.post }),
    missing: () => ({ post_id: MISSING }),
    malformed: { post_id: 'x' },
    field: 'post_id',
  },
  {
    tool: 'search_posts',
    missing: () => ({ query: 'x', team: 'no-such-team-x' }),
    malformed: { query: 'x', per_page: 0 },
    field: 'per_page',
  },
  {
    tool: 'search_files',
    missing: () => ({ query: 'x', team: 'no-such-team-x' }),
    malformed: { query: '' },
    field: 'query',
  },
  {
    tool: 'upload_file',
    refused: () => ({ channel: hidden.channel, filename: 'a.txt', content: 'x' }),
    missing: () => ({ channel: '~no-such-channel-x', filename: 'a.txt', content: 'x' }),
    malformed: { channel: 'x', filename: '' },
    field: 'filename',
  },
  {
    tool: 'read_file',
    refused: () => ({ file_id: hidden.file }),
    missing: () => ({ file_id: MISSING }),
    malformed: { file_id: MISSING, offset: -1 },
    field: 'offset',
  },
  {
    tool: 'get_file_info',
    refused: () => ({ file_id: hidden.file }),
    missing: () => ({ file_id: MISSING }),
    malformed: { file_id: 'x' },
    field: 'file_id',
  },
  {
    tool: 'list_channel_files',
    refused: () => ({ channel: hidden.channel }),
    missing: () => ({ channel: '~no-such-channel-x' }),
    malformed: {},
    field: 'channel',
  },
  {
    tool: 'schedule_message',
    refused: () => ({ channel: hidden.channel, message: 'x', at: '1h' }),
    missing: () => ({ channel: '~no-such-channel-x', message: 'x', at: '1h' }),
    malformed: { channel: 'x', message: 'x' },
    field: 'at',
  },
  {
    tool: 'list_scheduled_messages',
    missing: () => ({ team: 'no-such-team-x' }),
    malformed: { team: false },
    field: 'team',
  },
  {
    tool: 'update_scheduled_message',
    missing: () => ({ id: MISSING, message: 'x' }),
    malformed: { id: 'x' },
    field: 'id',
  },
  {
    tool: 'delete_scheduled_message',
    missing: () => ({ id: MISSING }),
    malformed: {},
    field: 'id',
  },
  {
    tool: 'set_reminder',
    refused: () => ({ post_id: hidden.post, at: '1h' }),
    missing: () => ({ post_id: MISSING, at: '1h' }),
    malformed: { post_id: MISSING },
    field: 'at',
  },
  { tool: 'get_attention', malformed: { limit: 1000 }, field: 'limit' },
];

describe.each(CASES)('$tool', ({ tool, refused, missing, malformed, field }) => {
  if (refused) {
    it('is refused for a private channel the user is not in', async () => {
      const result = await callTool(alice, tool, refused());
      expect(result.isError).toBe(true);
      // A private channel the user is not in is not even named back (resolveChannel treats it as unknown).
      expect(textOf(result)).toMatch(/permission|No channel/i);
      expect(textOf(result)).not.toContain('secret');
    });
  }
  if (missing) {
    it('reports what does not exist', async () => {
      const result = await callTool(alice, tool, missing());
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Not found|^No |No (team|channel|scheduled)/);
    });
  }
  it('names the field of a malformed argument', async () => {
    const result = await callTool(alice, tool, malformed);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(field);
  });
});
