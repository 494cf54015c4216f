import { jest } from '@jest/globals';
import { useStack } from '../helpers/fixtures.js';
import { callTool, textOf } from '../helpers/stack.js';

jest.setTimeout(30_000);

// Mattermost posts system messages when people join, leave or are added, and when a channel's
// header changes. read_channel leaves the membership notices out of a conversation and keeps the rest.

interface ListedPost {
  author: string;
  message: string;
}

// The admin adds alice and bob to the team (town-square and off-topic notices) and to the channel.
const { stack, ws, alice } = useStack({ connect: ['alice'] });
const header = 'Release notes live in the wiki';

beforeAll(async () => {
  await stack
    .rest(ws.alice)
    .createPost({ channel_id: ws.channel.id, message: 'hello all' } as never);
  await stack.rest(ws.bob).removeFromChannel(ws.bob.id, ws.channel.id);
  await stack.rest(stack.sim.admin).patchChannel(ws.channel.id, { header });
});

describe('system messages', () => {
  it('are in the channel as Mattermost stores them', async () => {
    const list = await stack.rest(ws.alice).getPosts(ws.channel.id, 0, 100);
    const posts = Object.values(list.posts);
    const ofType = (type: string) => posts.filter((p) => p.type === type);
    const admin = stack.sim.admin;
    // The two additions come one request apart and may share a millisecond: compared as a set.
    expect(
      ofType('system_add_to_channel')
        .map((p) => ({ user_id: p.user_id, message: p.message, props: p.props }))
        .sort((a, b) => a.message.localeCompare(b.message)),
    ).toEqual(
      [ws.alice, ws.bob]
        .map((user) => ({
          user_id: admin.id,
          message: `${user.username} added to the channel by sysadmin.`,
          props: {
            userId: admin.id,
            username: 'sysadmin',
            addedUserId: user.id,
            addedUsername: user.username,
          },
        }))
        .sort((a, b) => a.message.localeCompare(b.message)),
    );
    expect(ofType('system_leave_channel').map((p) => [p.user_id, p.message, p.props])).toEqual([
      [ws.bob.id, `@${ws.bob.username} left the channel.`, { username: ws.bob.username }],
    ]);
    expect(ofType('system_header_change').map((p) => [p.user_id, p.message, p.props])).toEqual([
      [
        admin.id,
        `sysadmin updated the channel header to: ${header}`,
        { username: 'sysadmin', old_header: '', new_header: header },
      ],
    ]);
    expect(ofType('').map((p) => p.message)).toEqual(['hello all']);
    expect(posts).toHaveLength(5);
  });

  it('read_channel leaves out join and leave notices and keeps the header change', async () => {
    const result = await callTool(alice, 'read_channel', { channel: ws.channel.id });
    expect(result.isError).toBeFalsy();
    const posts = result.structuredContent?.['posts'] as ListedPost[];
    expect(posts.map((p) => [p.author, p.message])).toEqual([
      [ws.alice.username, 'hello all'],
      ['sysadmin', `sysadmin updated the channel header to: ${header}`],
    ]);
    const text = textOf(result);
    expect(text).toContain('2 messages');
    expect(text).not.toContain('added to the channel');
    expect(text).not.toContain('left the channel');
  });

  it('read_channel lists the membership notices when asked to', async () => {
    const result = await callTool(alice, 'read_channel', {
      channel: ws.channel.id,
      include_system: true,
    });
    expect(result.isError).toBeFalsy();
    const messages = (result.structuredContent?.['posts'] as ListedPost[]).map((p) => p.message);
    expect(messages).toHaveLength(5);
    expect(messages).toContain(`@${ws.bob.username} left the channel.`);
    expect(textOf(result)).toContain('added to the channel by sysadmin');
  });

  it('read_channel shows nothing in a town-square that only holds membership notices', async () => {
    const town = await stack.rest(ws.alice).getChannelByName(ws.team.id, 'town-square');
    const notices = await stack.rest(ws.alice).getPosts(town.id, 0, 100);
    expect(Object.values(notices.posts).map((p) => p.type)).toEqual([
      'system_add_to_team',
      'system_add_to_team',
    ]);
    const result = await callTool(alice, 'read_channel', { channel: town.id });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.['posts']).toEqual([]);
    expect(textOf(result)).toContain('no messages');
  });
});
