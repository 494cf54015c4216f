import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { jest } from '@jest/globals';
import { ResourceUris } from '../../src/resources/uris.js';
import { eventually, freshWorkspace, readText, streaming, watchUpdates } from './harness.js';
import { followedChannel, useLiveStack } from './live-fixtures.js';
import { baseHeaders, postInitialize } from '../helpers/mcp-http.js';
import { until } from '../helpers/wait.js';

jest.setTimeout(180_000);

// A full collection before each heap reading, so the difference is what stays reachable, not
// garbage the collector has not reached yet (which depends on whatever else ran in this worker).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function retainedHeap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('live updates under load', () => {
  const stack = useLiveStack({ BRIDGE_NOTIFY_COALESCE_MS: '200' });

  it('coalesces a burst of 10,000 posts, ends with the complete final state and stays within memory bounds', async () => {
    const { channel, reader, writer, client, updates, uri } = await followedChannel(stack, 'burst');
    await streaming(stack, reader);
    const heapBefore = retainedHeap();
    const rest = stack.rest(writer);
    const total = 10_000;
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        await rest.createPost({ channel_id: channel.id, message: `burst ${i}` });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const elapsed = Date.now() - started;
    const lastText = `burst ${total - 1}`;
    const text = await eventually(
      15_000,
      () => readText(client, uri),
      (t) => t.includes(lastText),
    );
    expect(text).toContain(lastText);
    const live = stack.bridge.live.hub.user(reader.id)!;
    await until('the last coalesced update sent', () => !live.coalescing);
    const notified = updates.count(uri);
    // At most one update per 200 ms window (plus the leading one), far fewer than the posts.
    expect(notified).toBeGreaterThan(0);
    expect(notified).toBeLessThanOrEqual(Math.ceil((elapsed + 1500) / 200) + 2);
    expect(live.stats.events).toBeGreaterThanOrEqual(total);
    // What the bridge keeps for the burst is bounded by its settings, not by the number of posts.
    const kept = live.retained();
    expect(kept.feedEvents).toBeLessThanOrEqual(stack.bridge.live.hub.settings.feedPerTeam);
    expect(kept.pendingUpdates).toBeLessThanOrEqual(kept.subscriptions);
    expect(kept.postRoots).toBeLessThanOrEqual(20_000);
    expect(stack.bridge.live.streamEvents.size).toBeLessThanOrEqual(
      stack.bridge.live.streamEvents.maxEvents,
    );
    // Simulator (which keeps the 10,000 posts), bridge and test share this heap; after a full
    // collection, the growth is what they retain, far below the garbage the burst produced.
    const heapGrowth = retainedHeap() - heapBefore;
    expect(heapGrowth).toBeLessThan(100 * 1024 * 1024);
    console.log(
      `burst: ${total} posts in ${elapsed} ms → ${notified} notifications; retained heap ` +
        `+${(heapGrowth / 1048576).toFixed(1)} MB, bridge ${JSON.stringify(kept)}, stream events ` +
        `${stack.bridge.live.streamEvents.size}`,
    );
  });

  it('does not let a subscriber that stopped reading hold up the others', async () => {
    const { channel, reader, writer } = await freshWorkspace(stack, 'slow');
    const uri = ResourceUris.channelPosts(channel.id);
    // A raw session whose notification stream is opened and then never read.
    const headers = baseHeaders(reader.token);
    const init = await postInitialize(stack.bridge.url, reader.token, 'slow', '2025-06-18');
    const sessionId = init.headers.get('mcp-session-id')!;
    await init.text();
    const session = {
      ...headers,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
    };
    await (
      await fetch(`${stack.bridge.url}/mcp`, {
        method: 'POST',
        headers: session,
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      })
    ).text();
    const stalled = await fetch(`${stack.bridge.url}/mcp`, {
      method: 'GET',
      headers: { ...session, Accept: 'text/event-stream' },
    });
    expect(stalled.status).toBe(200);
    await (
      await fetch(`${stack.bridge.url}/mcp`, {
        method: 'POST',
        headers: session,
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'resources/subscribe',
          params: { uri },
        }),
      })
    ).text();

    const client = await stack.connect(reader);
    const updates = watchUpdates(client);
    await client.subscribeResource({ uri });
    const rest = stack.rest(writer);
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = updates.count(uri);
      const t0 = Date.now();
      await rest.createPost({ channel_id: channel.id, message: `slow ${i} ${'x'.repeat(2000)}` });
      await updates.until(() => updates.count(uri) > before, 5000, `update ${i}`);
      latencies.push(Date.now() - t0);
      // Each post is timed alone: the next one waits for the coalescing window to close.
      await until(
        'the coalescing window closed',
        () => !stack.bridge.live.hub.user(reader.id)!.coalescing,
      );
    }
    // Every update arrived (each `until` above is bounded); typically well under half a second.
    latencies.sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length / 2)]!).toBeLessThan(500);
    await stalled.body?.cancel();
  });
});
