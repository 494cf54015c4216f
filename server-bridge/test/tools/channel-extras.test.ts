import { jest } from '@jest/globals';
import { bobsSecretChannel, closedTeam, useStack } from '../helpers/fixtures.js';
import { callTool, textOf, uniqueName } from '../helpers/stack.js';
import { expectError, expectOk, expectToolsMatchSnapshots } from '../helpers/tool-expectations.js';

jest.setTimeout(40_000);

const NEW_TOOLS = [
  'mute_channel',
  'unmute_channel',
  'mark_post_unread',
  'list_archived_channels',
  'favorite_channel',
  'unfavorite_channel',
  'list_favorite_channels',
  'set_channel_notifications',
  'get_channel_notifications',
];
const READ_TOOLS = new Set([
  'list_archived_channels',
  'list_favorite_channels',
  'get_channel_notifications',
]);

/** A private channel of bob's that alice is not in. */
let secret: { id: string; name: string };

const { stack, ws, alice, bob } = useStack({
  prepare: async (stack, ws) => {
    secret = await bobsSecretChannel(stack, ws);
  },
  connect: ['alice', 'bob'],
});

it('lists the new tools with their hints, each schema matching its snapshot', async () => {
  await expectToolsMatchSnapshots(alice, NEW_TOOLS, {
    readOnly: (name) => READ_TOOLS.has(name),
  });
});

describe('mute_channel and unmute_channel', () => {
  it('mute a channel for the caller only, and unmute it again', async () => {
    const muted = await callTool(alice, 'mute_channel', { channel: ws.channel.id });
    expectOk(muted);
    expect(muted.structuredContent).toMatchObject({ id: ws.channel.id, muted: true });
    expect(textOf(muted)).toMatch(/^Muted: /);
    const mine = await stack.rest(ws.alice).getMyChannelMember(ws.channel.id);
    expect(mine.notify_props.mark_unread).toBe('mention');
    const bobs = await stack.rest(ws.bob).getMyChannelMember(ws.channel.id);
    expect(bobs.notify_props.mark_unread).not.toBe('mention');

    const unmuted = await callTool(alice, 'unmute_channel', { channel: `~${ws.channel.name}` });
    expectOk(unmuted);
    expect(unmuted.structuredContent).toMatchObject({ id: ws.channel.id, muted: false });
    const after = await stack.rest(ws.alice).getMyChannelMember(ws.channel.id);
    expect(after.notify_props.mark_unread).toBe('all');
  });

  it('refuse a private channel the caller is not in', async () => {
    const result = await callTool(alice, 'mute_channel', { channel: secret.id });
    expect(result.isError).toBe(true);
    const member = await stack.rest(ws.bob).getMyChannelMember(secret.id);
    expect(member.notify_props.mark_unread).not.toBe('mention');
  });

  it('answer an unknown channel as not found', async () => {
    expectError(
      await callTool(alice, 'unmute_channel', { channel: `~${uniqueName('nowhere')}` }),
      'No channel',
    );
  });

  it('reject a missing channel argument, naming the field', async () => {
    expectError(await callTool(alice, 'mute_channel', {}), 'channel');
  });
});

describe('mark_post_unread', () => {
  it('marks a post and what follows unread, counting mentions again', async () => {
    const bobRest = stack.rest(ws.bob);
    const first = await bobRest.createPost({
      channel_id: ws.channel.id,
      message: 'first of two',
    } as never);
    await bobRest.createPost({
      channel_id: ws.channel.id,
      message: `@${ws.alice.username} second of two`,
    } as never);
    const aliceRest = stack.rest(ws.alice);
    await aliceRest.viewMyChannel(ws.channel.id);
    expect((await aliceRest.getMyChannelMember(ws.channel.id)).mention_count).toBe(0);

    const result = await callTool(alice, 'mark_post_unread', { post_id: first.id });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({
      id: ws.channel.id,
      post_id: first.id,
      mentions: 1,
      unread_from: new Date(first.create_at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const member = await aliceRest.getMyChannelMember(ws.channel.id);
    expect(member.last_viewed_at).toBeLessThan(first.create_at);
    expect(member.mention_count).toBe(1);
  });

  it("refuses a post in another user's private channel", async () => {
    const hidden = await stack.rest(ws.bob).createPost({
      channel_id: secret.id,
      message: 'for bob only',
    } as never);
    expectError(
      await callTool(alice, 'mark_post_unread', { post_id: hidden.id }),
      'You do not have permission',
    );
  });

  it('answers an unknown post as not found', async () => {
    expectError(
      await callTool(alice, 'mark_post_unread', { post_id: 'a'.repeat(26) }),
      'Not found',
    );
  });

  it('rejects a malformed post id, naming the field', async () => {
    expectError(await callTool(alice, 'mark_post_unread', { post_id: 'nope' }), 'post_id');
  });
});

describe('list_archived_channels', () => {
  let oldPublic: { id: string; name: string };
  let oldPrivate: { id: string; name: string };

  beforeAll(async () => {
    const bobRest = stack.rest(ws.bob);
    oldPublic = await bobRest.createChannel({
      team_id: ws.team.id,
      name: uniqueName('oldpub'),
      display_name: 'Old Public',
      type: 'O',
    } as never);
    oldPrivate = await bobRest.createChannel({
      team_id: ws.team.id,
      name: uniqueName('oldpriv'),
      display_name: 'Old Private',
      type: 'P',
    } as never);
    await bobRest.deleteChannel(oldPublic.id);
    await bobRest.deleteChannel(oldPrivate.id);
  });

  it('lists archived public channels, and private ones only to their members', async () => {
    const forAlice = await callTool(alice, 'list_archived_channels', { team: ws.team.name });
    expectOk(forAlice);
    const aliceIds = (forAlice.structuredContent!.channels as { id: string }[]).map((c) => c.id);
    expect(aliceIds).toContain(oldPublic.id);
    expect(aliceIds).not.toContain(oldPrivate.id);
    expect(forAlice.structuredContent!.channels).toContainEqual(
      expect.objectContaining({ id: oldPublic.id, archived: true, team: ws.team.name }),
    );
    expect(textOf(forAlice)).toContain('archived');

    const forBob = await callTool(bob, 'list_archived_channels', { team: ws.team.id });
    expectOk(forBob);
    const bobIds = (forBob.structuredContent!.channels as { id: string }[]).map((c) => c.id);
    expect(bobIds).toEqual(expect.arrayContaining([oldPublic.id, oldPrivate.id]));
  });

  it('refuses a team the caller is not in', async () => {
    const other = await closedTeam(stack);
    const result = await callTool(alice, 'list_archived_channels', { team: other.id });
    expect(result.isError).toBe(true);
  });

  it('answers an unknown team as not found', async () => {
    expectError(
      await callTool(alice, 'list_archived_channels', { team: uniqueName('noteam') }),
      'No team',
    );
  });

  it('rejects a missing team, naming the field', async () => {
    expectError(await callTool(alice, 'list_archived_channels', {}), 'team');
  });
});

describe('favorite_channel, unfavorite_channel and list_favorite_channels', () => {
  it('mark a channel and a direct message favorite for the caller only, then unmark one', async () => {
    expectOk(await callTool(alice, 'favorite_channel', { channel: ws.channel.id }));
    const dm = await callTool(alice, 'favorite_channel', { channel: `@${ws.bob.username}` });
    expectOk(dm);
    expect(textOf(dm)).toMatch(/^Favorited: /);
    expect(dm.structuredContent).toMatchObject({ type: 'direct' });

    const listed = await callTool(alice, 'list_favorite_channels');
    expectOk(listed);
    const ids = (listed.structuredContent!.channels as { id: string }[]).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([ws.channel.id, dm.structuredContent!.id]));
    expect(ids).toHaveLength(2);
    expect(textOf(listed)).toMatch(/^2 favorite channels:/);
    const saved = await stack.rest(ws.alice).getMyPreferences();
    expect(saved).toContainEqual(
      expect.objectContaining({ category: 'favorite_channel', name: ws.channel.id, value: 'true' }),
    );

    const forBob = await callTool(bob, 'list_favorite_channels');
    expect(forBob.structuredContent).toEqual({ channels: [] });
    expect(textOf(forBob)).toContain('No favorite channels');

    const removed = await callTool(alice, 'unfavorite_channel', { channel: ws.channel.id });
    expectOk(removed);
    expect(textOf(removed)).toMatch(/^Unfavorited: /);
    const after = await callTool(alice, 'list_favorite_channels');
    expect((after.structuredContent!.channels as { id: string }[]).map((c) => c.id)).toEqual([
      dm.structuredContent!.id,
    ]);
  });

  it("refuse another user's private channel", async () => {
    const result = await callTool(alice, 'favorite_channel', { channel: secret.id });
    expect(result.isError).toBe(true);
    const listed = await callTool(alice, 'list_favorite_channels');
    const ids = (listed.structuredContent!.channels as { id: string }[]).map((c) => c.id);
    expect(ids).not.toContain(secret.id);
  });

  it('answer an unknown channel as not found', async () => {
    expectError(
      await callTool(alice, 'unfavorite_channel', { channel: `~${uniqueName('nowhere')}` }),
      'No channel',
    );
  });

  it('reject a missing channel argument, naming the field', async () => {
    expectError(await callTool(alice, 'favorite_channel', {}), 'channel');
  });
});

describe('set_channel_notifications', () => {
  it('sets desktop, push and channel-wide mention settings for the caller only', async () => {
    const result = await callTool(alice, 'set_channel_notifications', {
      channel: ws.channel.id,
      desktop: 'mention',
      push: 'none',
      ignore_channel_mentions: true,
    });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({
      id: ws.channel.id,
      desktop: 'mention',
      push: 'none',
      ignore_channel_mentions: true,
      muted: false,
    });
    expect(textOf(result)).toContain('desktop mention · push none · channel-wide mentions ignored');
    const mine = await stack.rest(ws.alice).getMyChannelMember(ws.channel.id);
    expect(mine.notify_props).toMatchObject({
      desktop: 'mention',
      push: 'none',
      ignore_channel_mentions: 'on',
    });
    const bobs = await stack.rest(ws.bob).getMyChannelMember(ws.channel.id);
    expect(bobs.notify_props.push).not.toBe('none');

    // Changing one setting leaves the others as they were.
    const back = await callTool(alice, 'set_channel_notifications', {
      channel: ws.channel.id,
      ignore_channel_mentions: false,
    });
    expectOk(back);
    expect(back.structuredContent).toMatchObject({
      desktop: 'mention',
      push: 'none',
      ignore_channel_mentions: false,
    });
  });

  it("refuses another user's private channel", async () => {
    const result = await callTool(alice, 'set_channel_notifications', {
      channel: secret.id,
      push: 'all',
    });
    expect(result.isError).toBe(true);
  });

  it('answers an unknown channel as not found', async () => {
    expectError(
      await callTool(alice, 'set_channel_notifications', {
        channel: `~${uniqueName('nowhere')}`,
        desktop: 'all',
      }),
      'No channel',
    );
  });

  it('rejects an unknown level naming the field, and a call that changes nothing', async () => {
    expectError(
      await callTool(alice, 'set_channel_notifications', { channel: ws.channel.id, push: 'loud' }),
      'push',
    );
    expectError(
      await callTool(alice, 'set_channel_notifications', { channel: ws.channel.id }),
      'at least one of desktop, push or ignore_channel_mentions',
    );
  });
});

describe('get_channel_notifications', () => {
  it("reads the caller's settings of a channel, muted included", async () => {
    const rest = stack.rest(ws.bob);
    await rest.updateChannelNotifyProps({
      channel_id: ws.channel.id,
      user_id: ws.bob.id,
      desktop: 'none',
      mark_unread: 'mention',
    } as never);
    const result = await callTool(bob, 'get_channel_notifications', { channel: ws.channel.id });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({
      id: ws.channel.id,
      muted: true,
      desktop: 'none',
      ignore_channel_mentions: false,
    });
    expect(textOf(result)).toContain('desktop none');
    expect(textOf(result)).toContain('muted');
  });

  it("refuses another user's private channel", async () => {
    const result = await callTool(alice, 'get_channel_notifications', { channel: secret.id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).not.toContain('desktop');
  });

  it('answers an unknown channel as not found', async () => {
    expectError(
      await callTool(alice, 'get_channel_notifications', { channel: `~${uniqueName('nowhere')}` }),
      'No channel',
    );
  });

  it('rejects a missing channel argument, naming the field', async () => {
    expectError(await callTool(alice, 'get_channel_notifications', {}), 'channel');
  });
});
