import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningBridge } from '../../src/index.js';
import { catalogueTools } from '../../src/bridge.js';
import { loadConfig } from '../../src/config.js';
import { startStdioBridge } from '../../src/transports/stdio.js';
import { callTool, textOf } from '../helpers/stack.js';
import { connectWith } from './client.js';
import { policyBridge, policyWorld, type PolicyWorld } from './setup.js';

const writeTools = catalogueTools().filter((t) => t.kind !== 'read');

/** A client that calls a tool by name whatever it was shown; protocol refusals become results too. */
async function callAnyway(
  client: Awaited<ReturnType<typeof connectWith>>['client'],
  name: string,
  args: object,
) {
  try {
    return await client.callTool({ name, arguments: args as Record<string, unknown> });
  } catch (err) {
    return { isError: true, content: [{ type: 'text', text: (err as Error).message }] };
  }
}

describe('read-only and write toolsets', () => {
  let world: PolicyWorld;
  let readOnly: RunningBridge;
  let reactionsOnly: RunningBridge;

  beforeAll(async () => {
    world = await policyWorld();
    readOnly = await policyBridge(world, { BRIDGE_READ_ONLY: 'true', BRIDGE_TOOLSETS: 'core' });
    reactionsOnly = await policyBridge(world, { BRIDGE_WRITE_TOOLSETS: 'reactions' });
  }, 60_000);

  afterAll(async () => {
    await readOnly?.stop(1000);
    await reactionsOnly?.stop(1000);
    await world?.stack.stop();
  });

  it('neither lists nor runs a write tool when read-only, even called by name or through enable_toolset', async () => {
    const { client } = await connectWith(readOnly.url, world.alice.token);
    const listed = (await client.listTools()).tools;
    expect(listed.length).toBeGreaterThan(3);
    expect(listed.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);

    const enabled = await callTool(client, 'enable_toolset', { toolset: 'posts' });
    expect(enabled.isError).toBeFalsy();
    const after = (await client.listTools()).tools;
    expect(after.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(after.map((t) => t.name)).toContain('get_post');

    for (const tool of writeTools.filter((t) =>
      ['send_message', 'add_reaction', 'edit_post', 'delete_post'].includes(t.name),
    )) {
      const result = await callAnyway(client, tool.name, {
        channel: world.open.id,
        message: 'should not appear',
        post_id: world.posts.open,
        emoji: 'eyes',
      });
      expect(result.isError).toBe(true);
    }
    const posts = await world.stack.rest(world.alice).getPosts(world.open.id);
    expect(Object.values(posts.posts).map((p) => p.message)).not.toContain('should not appear');
    await client.close();
  });

  it('offers writes only in the listed toolsets', async () => {
    const { client } = await connectWith(reactionsOnly.url, world.alice.token);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('add_reaction');
    expect(names).toContain('read_channel');
    expect(names).not.toContain('send_message');
    const refused = await callAnyway(client, 'send_message', {
      channel: world.open.id,
      message: 'no',
    });
    expect(refused.isError).toBe(true);
    const reacted = await callTool(client, 'add_reaction', {
      post_id: world.posts.open,
      emoji: 'eyes',
    });
    expect(reacted.isError).toBeFalsy();
    expect(textOf(reacted)).toContain('eyes');
    await client.close();
  });

  it('keeps sessions within the allowed toolsets, whatever the client asks for', async () => {
    const bounded = await policyBridge(world, {
      BRIDGE_ALLOWED_TOOLSETS: 'posts,users',
      BRIDGE_TOOLSETS: 'core',
    });
    try {
      const { client } = await connectWith(bounded.url, world.alice.token);
      const names = (await client.listTools()).tools.map((t) => t.name);
      // The core profile, minus what lies outside posts and users (enable_toolset always stays).
      expect(names).toEqual(
        expect.arrayContaining(['read_channel', 'send_message', 'get_me', 'enable_toolset']),
      );
      expect(names).not.toContain('list_channels');
      expect(names).not.toContain('add_reaction');
      const refused = await callTool(client, 'enable_toolset', { toolset: 'files' });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('Available: posts, users');
      const direct = await callAnyway(client, 'list_channels', {});
      expect(direct.isError).toBe(true);
      await client.close();
      await expect(
        connectWith(bounded.url, world.alice.token, { query: 'toolsets=files' }),
      ).rejects.toThrow(/files not allowed on this bridge/);
    } finally {
      await bounded.stop(1000);
    }
  });

  it('applies the token_role access policy over stdio too', async () => {
    const config = loadConfig({
      MATTERMOST_URL: world.stack.sim.url,
      MATTERMOST_TOKEN: world.alice.token,
      BRIDGE_ACCESS_POLICY: 'token_role',
      LOG_LEVEL: 'silent',
      BRIDGE_WEBSOCKET: 'false',
    });
    await expect(startStdioBridge(config)).rejects.toThrow(/personal access token role/);
  });
});
