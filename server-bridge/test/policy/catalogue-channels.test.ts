import { describe, expect, it } from '@jest/globals';
import { callTool, textOf } from '../helpers/stack.js';
import { usePolicyBridge } from './fixture.js';

describe('a denied channel in channel lists, the sidebar and the unread line', () => {
  const { world, client } = usePolicyBridge(
    (world) => ({ BRIDGE_CHANNEL_DENY: world.secret.id }),
    // Alice keeps the denied channel among her favorites and in a category of her own.
    async (world) => {
      const asAlice = world.stack.rest(world.alice);
      await asAlice.savePreferences(world.alice.id, [
        {
          user_id: world.alice.id,
          category: 'favorite_channel',
          name: world.secret.id,
          value: 'true',
        },
        {
          user_id: world.alice.id,
          category: 'favorite_channel',
          name: world.open.id,
          value: 'true',
        },
      ]);
      await asAlice.createChannelCategory(world.alice.id, world.team.id, {
        user_id: world.alice.id,
        team_id: world.team.id,
        display_name: 'Launch',
        channel_ids: [world.announce.id],
      });
    },
  );

  const ok = (result: Awaited<ReturnType<typeof callTool>>) => {
    if (result.isError) throw new Error(textOf(result));
    return result;
  };

  it('leaves it out of channel search, whatever the term', async () => {
    for (const term of ['secret', world.secret.name, 'plans', '-']) {
      const result = ok(await callTool(client, 'search_channels', { term }));
      expect(JSON.stringify(result.structuredContent)).not.toContain(world.secret.id);
      // The header repeats the term; no listed line names the channel.
      expect(textOf(result).split('\n').slice(1).join('\n')).not.toContain(world.secret.name);
    }
    const open = ok(await callTool(client, 'search_channels', { term: 'open' }));
    expect(textOf(open)).toContain(world.open.name);
  });

  it('leaves it out of the team’s channel lists', async () => {
    for (const filter of ['public', 'joined']) {
      const result = ok(
        await callTool(client, 'list_team_channels', { team: world.team.name, filter }),
      );
      expect(JSON.stringify(result)).not.toContain(world.secret.id);
      expect(textOf(result)).toContain(world.open.name);
    }
  });

  it('leaves it out of the sidebar, keeping the categories and the other channels', async () => {
    const result = ok(await callTool(client, 'list_sidebar_categories', { team: world.team.name }));
    expect(JSON.stringify(result)).not.toContain(world.secret.id);
    expect(textOf(result)).not.toContain(world.secret.name);
    const categories = result.structuredContent!.categories as {
      name: string;
      channels: string[];
    }[];
    expect(categories.find((c) => c.name === 'Favorites')!.channels).toEqual([
      `${world.team.name}/~${world.open.name}`,
    ]);
    expect(categories.find((c) => c.name === 'Launch')!.channels).toEqual([
      `${world.team.name}/~${world.announce.name}`,
    ]);
  });

  it('refuses its unread line and a public link to its files', async () => {
    const read = await callTool(client, 'read_unreads', { channel: world.secret.id });
    expect(read.isError).toBe(true);
    expect(textOf(read)).toMatch(/policy/);
    expect(textOf(read)).not.toContain('secret plans');
    const open = ok(await callTool(client, 'read_unreads', { channel: world.open.id }));
    expect(open.structuredContent!.channel).toMatchObject({ id: world.open.id });

    // Bob shares a file in the denied channel through a bridge without a policy.
    const plain = await world.stack.connect(world.bob);
    const uploaded = ok(
      await callTool(plain, 'upload_file', {
        channel: world.secret.id,
        filename: 'plan.txt',
        content: 'secret file body',
      }),
    );
    const link = await callTool(client, 'get_file_link', {
      file_id: uploaded.structuredContent!.file_id,
    });
    expect(link.isError).toBe(true);
    expect(textOf(link)).toMatch(/policy/);
  });
});
