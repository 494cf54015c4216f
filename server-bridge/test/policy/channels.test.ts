import { describe, expect, it } from '@jest/globals';
import { callTool, textOf } from '../helpers/stack.js';
import { usePolicyBridge } from './fixture.js';

describe('channel allow and deny lists', () => {
  const { world, client } = usePolicyBridge((world) => ({
    // By team/name for one, by id for the other: both forms must hold whatever the model sends.
    BRIDGE_CHANNEL_DENY: `${world.team.name}/${world.secret.name}, @${world.bob.username}`,
    BRIDGE_CHANNEL_DENY_WRITE: world.announce.id,
  }));

  const refusedByPolicy = (result: unknown) => {
    expect((result as { isError?: boolean }).isError).toBe(true);
    expect(textOf(result)).toMatch(/policy/);
  };

  it('refuses a denied channel however it is named', async () => {
    const byName = await callTool(client, 'read_channel', {
      channel: `${world.team.name}/${world.secret.name}`,
    });
    refusedByPolicy(byName);
    expect(textOf(byName)).not.toContain('secret plans');
    refusedByPolicy(await callTool(client, 'read_channel', { channel: world.secret.id }));
    refusedByPolicy(await callTool(client, 'read_channel', { channel: `~${world.secret.name}` }));
    refusedByPolicy(await callTool(client, 'get_channel', { channel: world.secret.id }));
    const open = await callTool(client, 'read_channel', { channel: world.open.id });
    expect(open.isError).toBeFalsy();
    expect(textOf(open)).toContain('open plans');
  });

  it('refuses a post, a thread or a reaction that lies in a denied channel', async () => {
    refusedByPolicy(await callTool(client, 'read_thread', { post_id: world.posts.secret }));
    refusedByPolicy(await callTool(client, 'get_post', { post_id: world.posts.secret }));
    refusedByPolicy(
      await callTool(client, 'add_reaction', { post_id: world.posts.secret, emoji: 'eyes' }),
    );
    // A denied post passed as the thread root of a send to an allowed channel.
    const sneaky = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: 'reply',
      root_id: world.posts.secret,
    });
    refusedByPolicy(sneaky);
    const reactions = await world.stack.rest(world.bob).getPost(world.posts.secret);
    expect(JSON.stringify(reactions.metadata?.reactions ?? [])).not.toContain('eyes');
  });

  it('refuses a file that lies in a denied channel', async () => {
    // Bob shares a file in the secret channel through a bridge without a policy.
    const plain = await world.stack.connect(world.bob);
    const uploaded = await callTool(plain, 'upload_file', {
      channel: world.secret.id,
      filename: 'plan.txt',
      content: 'secret file body',
    });
    expect(uploaded.isError).toBeFalsy();
    const fileId = String(uploaded.structuredContent?.file_id);
    refusedByPolicy(await callTool(client, 'get_file_info', { file_id: fileId }));
    const read = await callTool(client, 'read_file', { file_id: fileId });
    refusedByPolicy(read);
    expect(textOf(read)).not.toContain('secret file body');
  });

  it('leaves denied channels out of lists and search results', async () => {
    const list = await callTool(client, 'list_channels', { team: world.team.name });
    expect(list.isError).toBeFalsy();
    expect(textOf(list)).toContain(world.open.name);
    expect(textOf(list)).not.toContain(world.secret.name);
    const search = await callTool(client, 'search_posts', { query: 'plans' });
    expect(search.isError).toBeFalsy();
    expect(textOf(search)).toContain('open plans');
    expect(textOf(search)).toContain('announce plans');
    expect(textOf(search)).not.toContain('secret plans');
    // Naming the channel inside the search terms changes nothing.
    const inSecret = await callTool(client, 'search_posts', {
      query: `plans in:${world.secret.name}`,
    });
    expect(textOf(inSecret)).not.toContain('secret plans');
  });

  it('keeps resources and prompts of a denied channel out of reach too', async () => {
    const read = client
      .readResource({ uri: `mattermost://channels/${world.secret.id}/posts` })
      .then((r) => JSON.stringify(r));
    await expect(read).rejects.toThrow(/policy/);
    const open = await client.readResource({ uri: `mattermost://channels/${world.open.id}/posts` });
    expect(JSON.stringify(open)).toContain('open plans');
    // A thread's posts are screened one by one: those of the denied channel are left out.
    const thread = await client.readResource({
      uri: `mattermost://posts/${world.posts.secret}/thread`,
    });
    expect(JSON.stringify(thread)).not.toContain('secret plans');
    const prompt = client.getPrompt({
      name: 'summarize_channel',
      arguments: { channel: world.secret.id },
    });
    await expect(prompt.then((p) => JSON.stringify(p))).rejects.toThrow(/policy/);
  });

  it('keeps aggregate reads working while leaving out what lies in a denied channel', async () => {
    const asBob = world.stack.rest(world.bob);
    const root = await asBob.createPost({
      channel_id: world.secret.id,
      message: `@${world.alice.username} hidden mention in the secret room`,
    } as never);
    const asAlice = world.stack.rest(world.alice);
    await asAlice.createPost({
      channel_id: world.secret.id,
      message: 'alice joins the hidden thread',
      root_id: root.id,
    } as never);
    await asBob.createPost({
      channel_id: world.secret.id,
      message: 'hidden reply',
      root_id: root.id,
    } as never);
    await asBob.createPost({
      channel_id: world.open.id,
      message: `@${world.alice.username} visible mention`,
    } as never);
    for (const [tool, args] of [
      ['get_attention', {}],
      ['get_unreads', {}],
      ['list_threads', {}],
      ['browse_channels', { team: world.team.name }],
      ['search_files', { query: 'plan' }],
    ] as const) {
      const result = await callTool(client, tool, args);
      expect({ tool, error: result.isError ?? false }).toEqual({ tool, error: false });
      expect(textOf(result)).not.toContain('hidden');
      expect(textOf(result)).not.toContain(world.secret.name);
    }
    expect(textOf(await callTool(client, 'get_attention', {}))).toContain('visible mention');
  });

  it('refuses direct messages with a denied person, by @username or by the channel id', async () => {
    refusedByPolicy(
      await callTool(client, 'send_message', { channel: `@${world.bob.username}`, message: 'hi' }),
    );
    const dm = await world.stack
      .rest(world.alice)
      .createDirectChannel([world.alice.id, world.bob.id]);
    refusedByPolicy(await callTool(client, 'send_message', { channel: dm.id, message: 'hi' }));
    refusedByPolicy(await callTool(client, 'read_channel', { channel: dm.id }));
    const posts = await world.stack.rest(world.alice).getPosts(dm.id);
    expect(posts.order).toHaveLength(0);
  });

  it('lets a write-denied channel be read but not written', async () => {
    const read = await callTool(client, 'read_channel', { channel: world.announce.id });
    expect(read.isError).toBeFalsy();
    expect(textOf(read)).toContain('announce plans');
    const send = await callTool(client, 'send_message', {
      channel: world.announce.id,
      message: 'hello',
    });
    expect(send.isError).toBe(true);
    expect(textOf(send)).toMatch(/policy does not let assistants write/);
    refusedByPolicy(
      await callTool(client, 'add_reaction', { post_id: world.posts.announce, emoji: 'eyes' }),
    );
    const sent = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: 'hello',
    });
    expect(sent.isError).toBeFalsy();
  });
});

describe('a channel allow list', () => {
  const { world, client } = usePolicyBridge((world) => ({
    BRIDGE_CHANNEL_ALLOW: `${world.team.name}/${world.open.name}`,
  }));

  it('reaches the listed channels only, direct messages included', async () => {
    expect(
      (await callTool(client, 'read_channel', { channel: world.open.id })).isError,
    ).toBeFalsy();
    expect((await callTool(client, 'read_channel', { channel: world.announce.id })).isError).toBe(
      true,
    );
    const dm = await callTool(client, 'send_message', {
      channel: `@${world.bob.username}`,
      message: 'hi',
    });
    expect(dm.isError).toBe(true);
    expect(textOf(dm)).toMatch(/policy/);
  });
});
