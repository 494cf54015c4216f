import { jest } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ResourceUris } from '../../src/resources/uris.js';
import { until } from '../helpers/wait.js';
import {
  eventually,
  freshWorkspace,
  newUser,
  readText,
  streaming,
  watchUpdates,
} from './harness.js';
import { followedChannel, useLiveStack } from './live-fixtures.js';

jest.setTimeout(60_000);

describe('live resources against the simulator', () => {
  const stack = useLiveStack();

  it('lists resources and templates, and completes template arguments with the user’s own channels', async () => {
    const { channel, reader } = await freshWorkspace(stack, 'listing');
    const client = await stack.connect(reader);
    const resources = await client.listResources();
    const uris = resources.resources.map((r) => r.uri);
    expect(uris).toEqual(
      expect.arrayContaining([
        ResourceUris.me,
        ResourceUris.teams,
        ResourceUris.channelPosts(channel.id),
      ]),
    );
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toEqual(
      expect.arrayContaining([
        'mattermost://channels/{channel_id}/posts',
        'mattermost://posts/{post_id}/thread',
        'mattermost://users/{user_id}/status',
        'mattermost://teams/{team_id}/events',
        'mattermost://files/{file_id}',
      ]),
    );
    const completion = await client.complete({
      ref: { type: 'ref/resource', uri: 'mattermost://channels/{channel_id}/posts' },
      argument: { name: 'channel_id', value: channel.name.slice(0, 8) },
    });
    expect(completion.completion.values).toContain(channel.id);
    const me = await readText(client, ResourceUris.me);
    expect(me).toContain(`@${reader.username}`);
  });

  it('updates a channel subscriber when another user posts, edits, reacts and deletes, and re-reading shows it', async () => {
    const { channel, reader, writer, client, updates, uri } = await followedChannel(
      stack,
      'follow',
    );
    const rest = stack.rest(writer);

    const post = await rest.createPost({
      channel_id: channel.id,
      message: 'first words from the writer',
    });
    await updates.until(() => updates.count(uri) >= 1, 5000, 'update after a post');
    expect(await readText(client, uri)).toContain('first words from the writer');

    const step = async (
      what: string,
      act: () => Promise<unknown>,
      check: (text: string) => boolean,
    ) => {
      const before = updates.count(uri);
      // A change inside an open coalescing window would be told with the one before it.
      await until(
        'the coalescing window closed',
        () => !stack.bridge.live.hub.user(reader.id)!.coalescing,
      );
      await act();
      await updates.until(() => updates.count(uri) > before, 5000, `update after ${what}`);
      const text = await eventually(3000, () => readText(client, uri), check);
      expect(check(text)).toBe(true);
    };
    await step(
      'an edit',
      () => rest.patchPost({ id: post.id, message: 'edited words from the writer' }),
      (t) => t.includes('edited words from the writer') && t.includes('edited'),
    );
    await step(
      'a reaction',
      () => rest.addReaction(writer.id, post.id, 'tada'),
      (t) => t.includes('tada:1'),
    );
    await step(
      'a deletion',
      () => rest.deletePost(post.id),
      (t) => !t.includes('edited words from the writer'),
    );
    // Nothing else was subscribed: every update named the channel.
    expect(new Set(updates.seen.map((s) => s.uri))).toEqual(new Set([uri]));
  });

  it('keeps the team event feed complete and free of repeats across a WebSocket drop', async () => {
    const { team, channel, reader, writer } = await freshWorkspace(stack, 'drop');
    const client = await stack.connect(reader);
    const updates = watchUpdates(client);
    const feedUri = ResourceUris.teamEvents(team.id);
    await client.subscribeResource({ uri: feedUri });
    await client.subscribeResource({ uri: ResourceUris.channelPosts(channel.id) });
    await streaming(stack, reader);
    const rest = stack.rest(writer);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      // Posts 10 to 19 are made while the bridge's socket is gone, the rest on its new socket.
      if (i === 10) stack.sim.dropWebSockets();
      if (i === 20) await streaming(stack, reader);
      ids.push((await rest.createPost({ channel_id: channel.id, message: `drop test ${i}` })).id);
    }
    const feed = await eventually(
      10_000,
      () => readText(client, feedUri),
      (t) => ids.every((id) => t.includes(`posted: drop test`) && t.includes(`post ${id}`)),
    );
    for (const id of ids) {
      const lines = feed
        .split('\n')
        .filter((l) => l.includes(`post ${id}`) && l.includes(' posted: '));
      expect(lines).toHaveLength(1);
    }
    expect(updates.count(feedUri)).toBeGreaterThan(0);
  });

  it('backfills into the team feed a reaction made while a restart cut the WebSocket, once', async () => {
    const { team, channel, reader, writer } = await freshWorkspace(stack, 'react-gap');
    const client = await stack.connect(reader);
    const feedUri = ResourceUris.teamEvents(team.id);
    await client.subscribeResource({ uri: feedUri });
    await streaming(stack, reader);
    const rest = stack.rest(writer);
    const post = await rest.createPost({ channel_id: channel.id, message: 'react to me later' });
    await eventually(
      5000,
      () => readText(client, feedUri),
      (t) => t.includes(`post ${post.id}`),
    );
    const resyncsBefore = stack.bridge.live.hub.user(reader.id)!.stats.resyncs;
    await stack.sim.restart();
    // Made while the bridge's WebSocket reconnects; the new connection replays nothing.
    const react = () => stack.rest(writer).addReaction(writer.id, post.id, 'tada');
    await react().catch(react);
    const feed = await eventually(
      10_000,
      () => readText(client, feedUri),
      (t) => t.includes(`reacted tada (post ${post.id})`),
    );
    expect(feed.split(`reacted tada (post ${post.id})`)).toHaveLength(2);
    expect(stack.bridge.live.hub.user(reader.id)!.stats.resyncs).toBeGreaterThan(resyncsBefore);
  });

  it('updates the thread subscriber when someone reacts to a reply the bridge never saw', async () => {
    const { channel, reader, writer } = await freshWorkspace(stack, 'react-reply');
    const rest = stack.rest(writer);
    // Root and reply exist before the reader connects: no event ever told the bridge the reply's root.
    const root = await rest.createPost({ channel_id: channel.id, message: 'a root' });
    const reply = await rest.createPost({
      channel_id: channel.id,
      message: 'a reply',
      root_id: root.id,
    } as never);
    const client = await stack.connect(reader);
    const updates = watchUpdates(client);
    const threadUri = ResourceUris.thread(root.id);
    await client.subscribeResource({ uri: threadUri });
    await streaming(stack, reader);
    const before = updates.count(threadUri);
    await rest.addReaction(writer.id, reply.id, 'eyes');
    await updates.until(() => updates.count(threadUri) > before, 5000, 'thread update');
  });

  it('resyncs subscribed resources over REST after a restart hands out a new connection', async () => {
    const { channel, reader, writer, client, updates, uri } = await followedChannel(
      stack,
      'restart',
    );
    await streaming(stack, reader);
    const before = updates.count(uri);
    const resyncsBefore = stack.bridge.live.hub.user(reader.id)!.stats.resyncs;
    await stack.sim.restart();
    // Posted while the bridge's WebSocket is still reconnecting: only a resync can find it.
    // (The REST client's kept-alive connection died with the restart: one retry.)
    const say = () =>
      stack.rest(writer).createPost({ channel_id: channel.id, message: 'said during the restart' });
    await say().catch(say);
    await updates.until(() => updates.count(uri) > before, 10_000, 'update after the restart');
    const text = await eventually(
      5000,
      () => readText(client, uri),
      (t) => t.includes('said during the restart'),
    );
    expect(text.split('said during the restart')).toHaveLength(2);
    expect(stack.bridge.live.hub.user(reader.id)!.stats.resyncs).toBeGreaterThan(resyncsBefore);
  });

  it('serves the 2026-07-28 era: a subscriptions/listen stream receives the updates of its resources', async () => {
    const { channel, reader, writer } = await freshWorkspace(stack, 'modern');
    const modernClient = async (token: string) => {
      const c = new Client(
        { name: 'modern-test', version: '1.0.0' },
        { versionNegotiation: { mode: { pin: '2026-07-28' } } },
      );
      await c.connect(
        new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
          requestInit: { headers: { Authorization: `Bearer ${token}` } },
        }),
      );
      return c;
    };
    const client = await modernClient(reader.token);
    const stranger = await newUser(stack, 'outsider');
    const outsider = await modernClient(stranger.token);
    try {
      const uri = ResourceUris.channelPosts(channel.id);
      const updates = watchUpdates(client);
      const overheard = watchUpdates(outsider);
      const subscription = await client.listen({ resourceSubscriptions: [uri] });
      expect(subscription.honoredFilter.resourceSubscriptions).toEqual([uri]);
      // Another user listening for the same URI must hear nothing of this channel. Their own
      // status, changed once the reader has heard of the post, marks the end of their wait.
      const ownStatus = ResourceUris.userStatus(stranger.id);
      await outsider.listen({ resourceSubscriptions: [uri, ownStatus] });
      await streaming(stack, stranger);
      await stack
        .rest(writer)
        .createPost({ channel_id: channel.id, message: 'heard on the listen stream' });
      await updates.until(() => updates.count(uri) >= 1, 5000, 'update on the listen stream');
      expect(await readText(client, uri)).toContain('heard on the listen stream');
      // A leak would be sent with the reader's update, before this change, on the same stream.
      await stack.rest(stranger).updateStatus({ user_id: stranger.id, status: 'dnd' });
      await overheard.until(() => overheard.count(ownStatus) >= 1, 5000, 'the outsider’s status');
      expect(overheard.count(uri)).toBe(0);
      await subscription.close();
      await until(
        'the closed stream unsubscribed',
        () => (stack.bridge.live.hub.user(reader.id)?.subscriptionCount ?? 0) === 0,
      );
    } finally {
      await Promise.allSettled([client.close(), outsider.close()]);
    }
  });
});
