import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callTool, textOf, uniqueName } from '../helpers/stack.js';
import { connectWith } from './client.js';
import { policyBridge, policyWorld, type PolicyWorld } from './setup.js';

// A post of an open team alice has not joined: Mattermost lets her see where it is (post info)
// but not open its channel, so the channel rules are applied to what post info tells of it.
describe('channel rules for a post of a team not joined', () => {
  let world: PolicyWorld;
  let elsewhere: { team: string; channelId: string; channelName: string; postId: string };

  beforeAll(async () => {
    world = await policyWorld();
    const admin = world.stack.rest(world.stack.sim.admin);
    const team = await admin.createTeam({
      name: uniqueName('elsewhere'),
      display_name: 'Elsewhere',
      type: 'O',
    } as never);
    const news = await admin.createChannel({
      team_id: team.id,
      name: uniqueName('news'),
      display_name: 'News',
      type: 'O',
    } as never);
    const post = await admin.createPost({ channel_id: news.id, message: 'big news' } as never);
    elsewhere = { team: team.name, channelId: news.id, channelName: news.name, postId: post.id };
  }, 60_000);

  afterAll(async () => {
    await world?.stack.stop();
  });

  /** get_post_info and get_post for that post through a bridge with these rules. */
  async function underRules(env: Record<string, string>) {
    const bridge = await policyBridge(world, env);
    const { client } = await connectWith(bridge.url, world.alice.token);
    try {
      const info = await callTool(client, 'get_post_info', { post_id: elsewhere.postId });
      const post = await callTool(client, 'get_post', { post_id: elsewhere.postId });
      return { info, post };
    } finally {
      await client.close();
      await bridge.stop(1000);
    }
  }

  it('answers under a deny list that cannot name the channel', async () => {
    const { info, post } = await underRules({
      BRIDGE_CHANNEL_DENY: `${world.team.name}/${world.secret.name}, @${world.bob.username}`,
    });
    expect(info.isError).toBeFalsy();
    expect(info.structuredContent).toMatchObject({ channel: 'News', joined_team: false });
    // Mattermost itself keeps the post from her, as without rules.
    expect(post.isError).toBe(true);
    expect(textOf(post)).not.toMatch(/policy/);
  }, 60_000);

  it('refuses it under a deny list naming it by id', async () => {
    const { info, post } = await underRules({ BRIDGE_CHANNEL_DENY: elsewhere.channelId });
    for (const result of [info, post]) {
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/policy .*keeps assistants out of .*News/);
    }
  }, 60_000);

  it('refuses it when a rule names channels by a name it cannot be told apart from', async () => {
    const { info } = await underRules({ BRIDGE_CHANNEL_DENY: elsewhere.channelName });
    expect(info.isError).toBe(true);
    expect(textOf(info)).toMatch(/policy .*cannot be looked up/);
  }, 60_000);

  it('refuses it under an allow list of another team, and answers when the list names it', async () => {
    const other = await underRules({
      BRIDGE_CHANNEL_ALLOW: `${world.team.name}/${world.open.name}`,
    });
    expect(other.info.isError).toBe(true);
    expect(textOf(other.info)).toMatch(/policy .*keeps assistants out of/);
    const listed = await underRules({
      BRIDGE_CHANNEL_ALLOW: `${world.team.name}/${world.open.name}, ${elsewhere.channelId}`,
    });
    expect(listed.info.isError).toBeFalsy();
    expect(listed.info.structuredContent).toMatchObject({ channel: 'News' });
    // So does its team, by name, for a channel named in it.
    const byTeam = await underRules({
      BRIDGE_CHANNEL_ALLOW: `${elsewhere.team}/${elsewhere.channelName}`,
    });
    expect(byTeam.info.isError).toBe(true);
    expect(textOf(byTeam.info)).toMatch(/cannot be looked up/);
  }, 60_000);
});
