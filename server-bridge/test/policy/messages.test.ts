import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import type { RunningBridge } from '../../src/index.js';
import { defuseBroadcastMentions, ZERO_WIDTH_JOINER } from '../../src/policy/broadcast.js';
import { callTool, textOf } from '../helpers/stack.js';
import { connectWith } from './client.js';
import { policyBridge, policyWorld, type PolicyWorld } from './setup.js';

describe('defuseBroadcastMentions', () => {
  it('breaks @all, @channel and @here and nothing else', () => {
    const zwj = ZERO_WIDTH_JOINER;
    expect(defuseBroadcastMentions('@channel ship it, @HERE! cc (@all)')).toBe(
      `@${zwj}channel ship it, @${zwj}HERE! cc (@${zwj}all)`,
    );
    expect(
      defuseBroadcastMentions('mail ops@here.example or @channels or @alice or @here-team'),
    ).toBe('mail ops@here.example or @channels or @alice or @here-team');
    // Already defused text stays as it is.
    const once = defuseBroadcastMentions('@here');
    expect(defuseBroadcastMentions(once)).toBe(once);
  });

  it('finds every spelling Mattermost pages for: trimmed prefixes, stripped suffixes, split words', () => {
    const zwj = ZERO_WIDTH_JOINER;
    const cases: Array<[string, string]> = [
      ['@channel_', `@${zwj}channel_`],
      ['@channel-', `@${zwj}channel-`],
      ['@here.:_-', `@${zwj}here.:_-`],
      ['_@channel', `_@${zwj}channel`],
      ['-.:@all', `-.:@${zwj}all`],
      [`${zwj}@channel`, `${zwj}@${zwj}channel`],
      ['\u2060@here', `\u2060@${zwj}here`],
      ['a\u0301@all', `a\u0301@${zwj}all`],
      ['see.@here', `see.@${zwj}here`],
      ['x-@channel-y', `x-@${zwj}channel-y`],
    ];
    for (const [message, defused] of cases) expect(defuseBroadcastMentions(message)).toBe(defused);
    for (const message of [':@channel:', '@channel-team', '@allison', 'a_@here', `@${zwj}all`]) {
      expect(defuseBroadcastMentions(message)).toBe(message);
    }
  });
});

describe('what assistants write', () => {
  let world: PolicyWorld;
  let strict: RunningBridge;
  let loose: RunningBridge;
  let client: Client;

  beforeAll(async () => {
    world = await policyWorld();
    strict = await policyBridge(world, { BRIDGE_MAX_MESSAGE_LENGTH: '60' });
    loose = await policyBridge(world, { BRIDGE_ALLOW_BROADCAST_MENTIONS: 'true' });
    ({ client } = await connectWith(strict.url, world.alice.token, { name: 'claude-code' }));
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await strict?.stop(1000);
    await loose?.stop(1000);
    await world?.stack.stop();
  });

  it('defuses broadcast mentions and marks the post with the bridge and the client', async () => {
    const sent = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: 'Deploy done @channel @here',
    });
    expect(sent.isError).toBeFalsy();
    const post = await world.stack
      .rest(world.alice)
      .getPost(String(sent.structuredContent?.post_id));
    expect(post.message).toBe(`Deploy done @${ZERO_WIDTH_JOINER}channel @${ZERO_WIDTH_JOINER}here`);
    expect(post.props).toMatchObject({ from_mcp_bridge: 'true', mcp_client: 'claude-code' });
    // The answer says so, lest the assistant tell the person the channel was alerted.
    expect(textOf(sent)).toContain('@here were posted as plain words and notified no one');
    const plain = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: 'Deploy done',
    });
    expect(textOf(plain)).not.toContain('notified no one');
  });

  it('pages nobody with the spellings Mattermost trims, strips or splits', async () => {
    const asBob = world.stack.rest(world.bob);
    const mentionsOfBob = async () =>
      (await asBob.getChannelMember(world.open.id, world.bob.id)).mention_count;
    const before = await mentionsOfBob();
    for (const message of [
      'ship @channel_',
      'ship @channel-',
      `ship ${ZERO_WIDTH_JOINER}@channel`,
      'ship _@channel',
      'ship.@all',
    ]) {
      const sent = await callTool(client, 'send_message', { channel: world.open.id, message });
      expect(sent.isError).toBeFalsy();
    }
    expect(await mentionsOfBob()).toBe(before);
  });

  it('keeps broadcast mentions when admins allow them, still marked', async () => {
    const { client: other } = await connectWith(loose.url, world.alice.token, { name: 'cursor' });
    const sent = await callTool(other, 'send_message', {
      channel: world.open.id,
      message: 'All hands @all',
    });
    const post = await world.stack
      .rest(world.alice)
      .getPost(String(sent.structuredContent?.post_id));
    expect(post.message).toBe('All hands @all');
    expect(textOf(sent)).not.toContain('notified no one');
    expect(post.props).toMatchObject({ from_mcp_bridge: 'true', mcp_client: 'cursor' });
    await other.close();
  });

  it('marks and defuses the message of an uploaded file too', async () => {
    const sent = await callTool(client, 'upload_file', {
      channel: world.open.id,
      filename: 'notes.txt',
      content: 'notes',
      message: 'Notes for @all',
    });
    expect(sent.isError).toBeFalsy();
    expect(textOf(sent)).toContain('notified no one');
    const post = await world.stack
      .rest(world.alice)
      .getPost(String(sent.structuredContent?.post_id));
    expect(post.message).toBe(`Notes for @${ZERO_WIDTH_JOINER}all`);
    expect(post.props).toMatchObject({ from_mcp_bridge: 'true', mcp_client: 'claude-code' });
  });

  it('marks an edit, keeping the props the post had', async () => {
    const own = await world.stack.rest(world.alice).createPost({
      channel_id: world.open.id,
      message: 'typed by hand',
      props: { keep: 'me' },
    } as never);
    const edited = await callTool(client, 'edit_post', { post_id: own.id, message: 'fixed @here' });
    expect(edited.isError).toBeFalsy();
    expect(textOf(edited)).toContain('notified no one');
    const post = await world.stack.rest(world.alice).getPost(own.id);
    expect(post.message).toBe(`fixed @${ZERO_WIDTH_JOINER}here`);
    expect(post.props).toMatchObject({
      keep: 'me',
      from_mcp_bridge: 'true',
      mcp_client: 'claude-code',
    });
  });

  it('counts a message in characters as Mattermost does, an emoji as one', async () => {
    const sent = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: '😀'.repeat(60),
    });
    expect(sent.isError).toBeFalsy();
    const post = await world.stack
      .rest(world.alice)
      .getPost((sent.structuredContent as { post_id: string }).post_id);
    expect([...post.message]).toHaveLength(60);
  });

  it('refuses a message over the length limit with a clear error, and sends nothing', async () => {
    const before = (await world.stack.rest(world.alice).getPosts(world.open.id)).order.length;
    const long = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: 'x'.repeat(61),
    });
    expect(long.isError).toBe(true);
    expect(textOf(long)).toContain('61 characters long; the bridge allows at most 60');
    // Counted as Mattermost will count it: with the joiner that defuses @here.
    const defused = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: `${'x'.repeat(54)} @here`,
    });
    expect(textOf(defused)).toContain(
      '61 characters long with the 1 joiner(s) that keep @all/@channel/@here from notifying',
    );
    const emoji = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: '😀'.repeat(61),
    });
    expect(textOf(emoji)).toContain('61 characters long; the bridge allows at most 60');
    const tooLongEdit = await callTool(client, 'edit_post', {
      post_id: world.posts.open,
      message: 'y'.repeat(70),
    });
    expect(tooLongEdit.isError).toBe(true);
    expect((await world.stack.rest(world.alice).getPosts(world.open.id)).order.length).toBe(before);
  });
});
