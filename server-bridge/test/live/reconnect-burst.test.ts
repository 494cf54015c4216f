import { jest } from '@jest/globals';
import type { SimContext } from '@mm-mcp/simulator';
import { createPost } from '../../../simulator/src/services/posts.js';
import { eventually, readText } from './harness.js';
import { followedChannel, hubStatsWhen, useLiveStack } from './live-fixtures.js';

jest.setTimeout(30_000);

// With the bridge's default reconnect delay (3 s and more), a burst made while it reconnected
// after a drop was notified only once the socket was back: seconds late.
describe('a burst right after the WebSockets dropped, with the default reconnect delay', () => {
  const stack = useLiveStack({
    BRIDGE_WEBSOCKET_RETRY_MS: '3000',
    BRIDGE_NOTIFY_COALESCE_MS: '150',
  });

  it('notifies the drop-time post and the first and last of 300 posts within 1 s each', async () => {
    const { channel, writer, client, updates, uri } = await followedChannel(stack, 'burst');
    await hubStatsWhen(stack, 3000, (s) => s.websockets === 1);
    const ctx = stack.sim.context as SimContext;
    const post = (message: string) =>
      createPost(ctx as never, writer.id, { channel_id: channel.id, message } as never);

    stack.sim.dropWebSockets();
    const dropPostAt = Date.now();
    post('said during the drop');
    // Read while the bridge reconnects, until the drop-time post shows.
    await eventually(
      5000,
      () => readText(client, uri),
      (t) => t.includes('said during the drop'),
    );
    await updates.until(
      () => updates.seen.some((s) => s.at >= dropPostAt),
      1000,
      'drop-time update',
    );

    const first = Date.now();
    for (let i = 0; i < 300; i++) {
      post(`burst ${i}`);
      // Not a wait for anything: it paces the burst at its specified rate, 300 posts in 300 ms.
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 10));
    }
    const last = Date.now();
    await updates.until(() => updates.seen.some((s) => s.at >= first), 1000, 'first burst update');
    expect(updates.seen.find((s) => s.at >= first)!.at - first).toBeLessThanOrEqual(1000);
    await updates.until(() => updates.seen.some((s) => s.at >= last), 1000, 'last burst update');
    expect(await readText(client, uri)).toContain('burst 299');
  });
});
