import { expect } from '@jest/globals';
import type { Client4, Stack, Workspace } from '../helpers/stack.js';
import { callTool, textOf } from '../helpers/stack.js';
import { lastError, type EraClient } from '../helpers/eras.js';
import { ResourceUris } from '../../src/resources/uris.js';
import { until } from '../helpers/wait.js';

/** What every scenario may use: the world it acts in and clients of the era and wire under test. */
export interface ScenarioContext {
  stack: Stack;
  world: Workspace & {
    /** A private channel of the team alice is not a member of. */
    secret: { id: string; name: string };
    /** Another team of alice's, with a channel named as the workspace's channel (`twin`). */
    other: { id: string; name: string };
    twin: { id: string };
    /** Alice's direct messages with bob. */
    dm: { id: string };
  };
  /** A client acting as alice, shared by the scenarios of one era and wire. */
  alice: EraClient;
  /** A client of its own (its own session), acting as alice. */
  fresh(name: string): Promise<EraClient>;
  rest: Client4;
}

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<void>;
}

async function alicePost(ctx: ScenarioContext, message: string): Promise<string> {
  return (await ctx.rest.createPost({ channel_id: ctx.world.channel.id, message } as never)).id;
}

async function postExists(ctx: ScenarioContext, id: string): Promise<boolean> {
  return ctx.rest.getPost(id).then(
    (p) => !p.delete_at,
    () => false,
  );
}

/** Reads a resource expecting a failure; returns the error exactly as the bridge sent it. */
async function failedRead(c: EraClient, uri: string) {
  await expect(c.client.readResource({ uri })).rejects.toThrow();
  return lastError(c);
}

/** The values the bridge offers for a prompt's or a resource template's argument. */
async function complete(
  c: EraClient,
  ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
  name: string,
  value: string,
): Promise<string[]> {
  const result = await c.client.complete({ ref, argument: { name, value } });
  expect(result.completion.values.length).toBeLessThanOrEqual(100);
  return result.completion.values;
}

const CHANNEL_PROMPT = { type: 'ref/prompt', name: 'summarize_channel' } as const;
const CHANNEL_POSTS = {
  type: 'ref/resource',
  uri: 'mattermost://channels/{channel_id}/posts',
} as const;

/** "Resource not found" as each revision names it. */
function expectNotFound(c: EraClient, error: { code: number; data?: unknown }, uri: string) {
  expect(error.code).toBe(c.era === '2025-11-25' ? -32002 : -32602);
  expect(error.data).toEqual({ uri });
}

/**
 * The scenarios every era and wire must pass alike. Each states what a client sees; none depends
 * on another's order except through the shared client's session, which only gains.
 */
export const SCENARIOS: Scenario[] = [
  {
    name: 'lists the tools and acts as the token’s owner',
    async run({ alice, world }) {
      const { tools } = await alice.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['get_me', 'delete_post']));
      const me = await callTool(alice.client, 'get_me');
      expect(me.structuredContent?.username).toBe(world.alice.username);
    },
  },
  {
    name: 'asks before delete_post and deletes when the user accepts',
    async run(ctx) {
      const { alice } = ctx;
      const id = await alicePost(ctx, 'delete me after asking');
      alice.answer = { action: 'accept', content: { confirm: true } };
      const asked = alice.asked.length;
      const result = await callTool(alice.client, 'delete_post', { post_id: id });
      expect(textOf(result)).not.toMatch(/did not answer|did not allow/);
      expect(result.isError).toBeFalsy();
      expect(alice.asked.slice(asked)).toEqual([
        expect.stringContaining(`delete_post (post_id: ${id})`),
      ]);
      expect(await postExists(ctx, id)).toBe(false);
    },
  },
  {
    name: 'keeps the post when the user declines',
    async run(ctx) {
      const { alice } = ctx;
      const id = await alicePost(ctx, 'keep me');
      alice.answer = { action: 'decline' };
      try {
        const result = await callTool(alice.client, 'delete_post', { post_id: id });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain('The user did not allow delete_post');
        expect(await postExists(ctx, id)).toBe(true);
      } finally {
        alice.answer = { action: 'accept', content: { confirm: true } };
      }
    },
  },
  {
    name: 'enable_toolset lasts for the session: the new tools are listed and run, with progress',
    async run(ctx) {
      const c = await ctx.fresh('toolset-client');
      // 2026-07-28: change notifications come on a listen stream the client opens.
      const listening =
        c.era === '2026-07-28' ? await c.client.listen({ toolsListChanged: true }) : undefined;
      try {
        const before = (await c.client.listTools()).tools.map((t) => t.name);
        expect(before).not.toContain('upload_file');
        const enabled = await callTool(c.client, 'enable_toolset', { toolset: 'files' });
        expect(textOf(enabled)).toContain('Enabled files');
        await until(
          'list_changed',
          () => c.notified('notifications/tools/list_changed') >= 1,
          5000,
        );
        const after = (await c.client.listTools()).tools.map((t) => t.name);
        expect(after).toContain('upload_file');
        const steps: number[] = [];
        const uploaded = await c.client.callTool(
          {
            name: 'upload_file',
            arguments: { channel: ctx.world.channel.id, filename: 'notes.txt', content: 'hello' },
          },
          { onprogress: (p) => steps.push(p.progress) },
        );
        expect(textOf(uploaded)).not.toContain('not found');
        expect(uploaded.isError).toBeFalsy();
        expect(steps.length).toBeGreaterThanOrEqual(1);
      } finally {
        await listening?.close();
        await c.close();
      }
    },
  },
  {
    name: 'a resource that is missing or hidden is "not found" with its URI',
    async run({ alice, world }) {
      const missing = ResourceUris.channelPosts('0'.repeat(26));
      expectNotFound(alice, await failedRead(alice, missing), missing);
      const hidden = ResourceUris.channelPosts(world.secret.id);
      expectNotFound(alice, await failedRead(alice, hidden), hidden);
      const unknown = 'mattermost://nothing/here';
      expectNotFound(alice, await failedRead(alice, unknown), unknown);
    },
  },
  {
    name: 'a bad tool argument is a tool error the model can read',
    async run({ alice }) {
      const result = await callTool(alice.client, 'get_channel', { channel: '~no-such-channel-x' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/No channel/);
    },
  },
  {
    name: 'a prompt argument naming nothing is invalid params, with the reason',
    async run({ alice }) {
      await expect(
        alice.client.getPrompt({
          name: 'summarize_channel',
          arguments: { channel: '~no-such-channel-x' },
        }),
      ).rejects.toThrow();
      const error = lastError(alice);
      expect(error.code).toBe(-32602);
      expect(error.message).toContain('No channel ~no-such-channel-x');
      await expect(
        alice.client.getPrompt({
          name: 'catch_up',
          arguments: { since: 'next tuesday' },
        }),
      ).rejects.toThrow();
      expect(lastError(alice)).toMatchObject({ code: -32602 });
    },
  },
  {
    name: 'subscriptions honour the resources the user may read, and only those',
    async run({ alice, world }) {
      const allowed = ResourceUris.channelPosts(world.channel.id);
      const hidden = ResourceUris.channelPosts(world.secret.id);
      if (alice.era === '2025-11-25') {
        await expect(alice.client.subscribeResource({ uri: hidden })).rejects.toThrow();
        await alice.client.subscribeResource({ uri: allowed });
        await alice.client.unsubscribeResource({ uri: allowed });
      } else {
        const subscription = await alice.client.listen({
          resourceSubscriptions: [allowed, hidden],
        });
        expect(subscription.honoredFilter.resourceSubscriptions).toEqual([allowed]);
        await subscription.close();
      }
    },
  },
  {
    name: 'a followed channel’s new post reaches the client',
    async run({ alice, world, stack }) {
      const uri = ResourceUris.channelPosts(world.channel.id);
      const updates = () =>
        alice.received.filter(
          (m) =>
            (m as { method?: string }).method === 'notifications/resources/updated' &&
            (m as { params?: { uri?: string } }).params?.uri === uri,
        ).length;
      const listening =
        alice.era === '2026-07-28'
          ? await alice.client.listen({ resourceSubscriptions: [uri] })
          : await alice.client.subscribeResource({ uri }).then(() => undefined);
      try {
        const before = updates();
        await stack
          .rest(world.bob)
          .createPost({ channel_id: world.channel.id, message: 'news for followers' } as never);
        await until('the update of the followed channel', () => updates() > before, 10_000);
      } finally {
        if (listening) await listening.close();
        else await alice.client.unsubscribeResource({ uri });
      }
    },
  },
  {
    // Over stdio the connection's era is chosen by its first message, which builds its server.
    name: 'a subscription as the first request is answered, notified, and the session carries on',
    async run(ctx) {
      const c = await ctx.fresh('subscribes-first');
      const uri = ResourceUris.channelPosts(ctx.world.channel.id);
      const updated = () =>
        c.received.some(
          (m) =>
            (m as { method?: string }).method === 'notifications/resources/updated' &&
            (m as { params?: { uri?: string } }).params?.uri === uri,
        );
      try {
        const listening =
          c.era === '2026-07-28'
            ? await c.client.listen({ resourceSubscriptions: [uri] })
            : await c.client.subscribeResource({ uri }).then(() => undefined);
        if (listening) expect(listening.honoredFilter.resourceSubscriptions).toEqual([uri]);
        await ctx.stack
          .rest(ctx.world.bob)
          .createPost({ channel_id: ctx.world.channel.id, message: 'news first' } as never);
        await until('the update of the followed channel', updated, 10_000);
        const me = await callTool(c.client, 'get_me');
        expect(me.structuredContent?.username).toBe(ctx.world.alice.username);
        await listening?.close();
      } finally {
        await c.close();
      }
    },
  },
  {
    name: 'a cancelled call ends for the client and the session carries on',
    async run({ alice, world }) {
      const controller = new AbortController();
      const call = alice.client.callTool(
        { name: 'read_channel', arguments: { channel: world.channel.id } },
        { signal: controller.signal },
      );
      controller.abort('changed my mind');
      await expect(call).rejects.toThrow();
      const me = await callTool(alice.client, 'get_me');
      expect(me.isError).toBeFalsy();
    },
  },
  {
    name: 'completes a channel from every form it accepts, case-insensitively, best first',
    async run({ alice, world }) {
      const team = world.team.name;
      const ref = `${team}/~${world.channel.name}`;
      const twinRef = `${world.other.name}/~${world.channel.name}`;
      const byTeam = await complete(alice, CHANNEL_PROMPT, 'channel', `${team}/`);
      expect(byTeam).toContain(ref);
      expect(byTeam).not.toContain(twinRef);
      expect(
        await complete(
          alice,
          CHANNEL_PROMPT,
          'channel',
          `${team}/~${world.channel.name.slice(0, 6)}`,
        ),
      ).toContain(ref);
      expect(
        await complete(
          alice,
          CHANNEL_PROMPT,
          'channel',
          `~${world.channel.name.slice(0, 6).toUpperCase()}`,
        ),
      ).toEqual(expect.arrayContaining([ref, twinRef]));
      expect(await complete(alice, CHANNEL_PROMPT, 'channel', 'TEST CHAN')).toEqual(
        expect.arrayContaining([ref, twinRef]),
      );
      expect(await complete(alice, CHANNEL_PROMPT, 'channel', 'chann')).toEqual(
        expect.arrayContaining([ref, twinRef]),
      );
      expect(
        await complete(alice, CHANNEL_PROMPT, 'channel', world.channel.id.slice(0, 8)),
      ).toContain(ref);
      // People: @username and the start of a username, a direct message with them.
      const bob = `@${world.bob.username}`;
      expect(await complete(alice, CHANNEL_PROMPT, 'channel', bob.slice(0, 5))).toContain(bob);
      // The exact name comes first.
      expect((await complete(alice, CHANNEL_PROMPT, 'channel', ref))[0]).toBe(ref);
    },
  },
  {
    name: 'completes resource template ids from names, and names resources as people read them',
    async run({ alice, world }) {
      const bob = `@${world.bob.username}`;
      expect(await complete(alice, CHANNEL_POSTS, 'channel_id', bob.slice(0, 5))).toContain(
        world.dm.id,
      );
      expect(await complete(alice, CHANNEL_POSTS, 'channel_id', 'test chan')).toEqual(
        expect.arrayContaining([world.channel.id, world.twin.id]),
      );
      const teams = { type: 'ref/resource', uri: 'mattermost://teams/{team_id}/channels' } as const;
      expect(await complete(alice, teams, 'team_id', 'other t')).toEqual([world.other.id]);
      const status = { type: 'ref/resource', uri: 'mattermost://users/{user_id}/status' } as const;
      expect(await complete(alice, status, 'user_id', bob.slice(0, 5).toUpperCase())).toContain(
        world.bob.id,
      );

      const { resources } = await alice.client.listResources();
      const named = (uri: string) => resources.find((r) => r.uri === uri)?.name;
      expect(named(ResourceUris.channelPosts(world.dm.id))).toBe(`DM with ${bob}`);
      expect(named(ResourceUris.channelPosts(world.channel.id))).toBe(
        `${world.team.name} / Test Channel`,
      );
      expect(named(ResourceUris.channelPosts(world.twin.id))).toBe(
        `${world.other.name} / Test Channel`,
      );
    },
  },
];
