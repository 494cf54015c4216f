import { jest } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ResourceUris } from '../../src/resources/uris.js';
import { eventually, freshWorkspace, readText, streaming } from './harness.js';
import { followedChannel, hubStatsWhen, useLiveStack } from './live-fixtures.js';
import { until } from '../helpers/wait.js';

jest.setTimeout(30_000);

// Mattermost keeps a WebSocket open when the session behind it is revoked; it just goes silent.
describe('a user whose token is revoked while subscribed', () => {
  const stack = useLiveStack({
    BRIDGE_WEBSOCKET_PING_MS: '200',
    BRIDGE_WEBSOCKET_RETRY_MS: '50',
    BRIDGE_POLL_INTERVAL_MS: '500',
  });

  it('has its live subscriptions and sessions closed instead of left to wait for nothing', async () => {
    const { channel, reader } = await freshWorkspace(stack, 'revoked');
    const client = await stack.connect(reader);
    await client.subscribeResource({ uri: ResourceUris.channelPosts(channel.id) });
    await hubStatsWhen(stack, 3000, (s) => s.websockets === 1);
    expect(stack.bridge.sessions.size).toBe(1);

    const admin = stack.rest(stack.sim.admin);
    const tokens = await admin.getUserAccessTokensForUser(reader.id, 0, 10);
    for (const t of tokens) await admin.revokeUserAccessToken(t.id);

    const after = await eventually(
      5000,
      async () => ({ live: stack.bridge.live.hub.stats(), sessions: stack.bridge.sessions.size }),
      (s) => s.live.users === 0 && s.sessions === 0,
    );
    expect(after).toMatchObject({
      live: { users: 0, subscriptions: 0, websockets: 0 },
      sessions: 0,
    });
  });

  it('ends the 2026-07-28 listen streams of that user too', async () => {
    const { channel, reader } = await freshWorkspace(stack, 'revoked-modern');
    const client = new Client(
      { name: 'modern-test', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${reader.token}` } },
      }),
    );
    try {
      const subscription = await client.listen({
        resourceSubscriptions: [ResourceUris.channelPosts(channel.id)],
      });
      await hubStatsWhen(
        stack,
        3000,
        (s) =>
          s.websockets >= 1 && (stack.bridge.live.hub.user(reader.id)?.subscriptionCount ?? 0) > 0,
      );
      const admin = stack.rest(stack.sim.admin);
      for (const t of await admin.getUserAccessTokensForUser(reader.id, 0, 10))
        await admin.revokeUserAccessToken(t.id);
      // The stream ends (the client sees the server go), instead of staying open and silent.
      let how: unknown;
      void subscription.closed.then((reason) => (how = reason));
      await until('the listen stream ended', () => how !== undefined, 8000);
      expect(how).toBe('remote');
    } finally {
      await client.close().catch(() => undefined);
    }
  });

  it('keeps a subscription alive while Mattermost serves nothing on a socket whose token still works', async () => {
    const { channel, reader, writer, client, updates, uri } = await followedChannel(
      stack,
      'silent',
    );
    await hubStatsWhen(stack, 3000, (s) => s.websockets === 1);

    stack.sim.faults.set({ websocket_silent: true });
    await stack
      .rest(writer)
      .createPost({ channel_id: channel.id, message: 'said to a silent socket' });
    await updates.until(() => updates.count(uri) >= 1, 10_000, 'update while the socket is silent');
    expect(await readText(client, uri)).toContain('said to a silent socket');
    expect(stack.bridge.live.hub.stats()).toMatchObject({ users: 1, subscriptions: 1 });

    stack.sim.faults.clear();
    const back = await hubStatsWhen(stack, 10_000, (s) => s.websockets === 1 && s.polling === 0);
    expect(back).toMatchObject({ websockets: 1, polling: 0 });
    await streaming(stack, reader);
    const events = stack.bridge.live.hub.user(reader.id)!.stats.events;
    const before = updates.count(uri);
    await stack.rest(writer).createPost({ channel_id: channel.id, message: 'heard again' });
    await updates.until(() => updates.count(uri) > before, 10_000, 'update over the socket again');
    expect(stack.bridge.live.hub.user(reader.id)!.stats.events).toBeGreaterThan(events);
  });
});
