import { jest } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import type { RunningBridge } from '../../src/index.js';
import { startPlainBridge, useStack } from '../helpers/fixtures.js';
import { callTool, connectClient, createUser, type Client4 } from '../helpers/stack.js';
import type { SimUser } from '@mm-mcp/simulator';
import { until, waitFor } from '../helpers/wait.js';

/**
 * A mixed workload (reads, sends, reactions; several users, two sessions each) while Mattermost
 * fails in every way the simulator can: 5xx answers, latency, 429 bursts, dropped WebSockets and
 * restarts. Afterwards Mattermost itself is asked what happened: every send the bridge acknowledged
 * exists exactly once, every send it reported as failed at most once. Every loop is bounded.
 */

jest.setTimeout(60_000);

// The official WebSocket client narrates every connect and drop with console.log.
jest.spyOn(console, 'log').mockImplementation(() => undefined);

const { stack, ws } = useStack({
  env: {
    BRIDGE_UPSTREAM_RETRIES: '4',
    BRIDGE_UPSTREAM_TIMEOUT_MS: '2000',
    // Random faults alone should not open the breaker here; it has its own test below.
    BRIDGE_BREAKER_THRESHOLD: '1000',
    BRIDGE_WEBSOCKET: 'true',
    BRIDGE_WEBSOCKET_RETRY_MS: '200',
  },
});
let carol: SimUser;

beforeAll(async () => {
  carol = await createUser(stack, 'carol');
  const admin = stack.rest(stack.sim.admin);
  await admin.addToTeam(ws.team.id, carol.id);
  await admin.addToChannel(carol.id, ws.channel.id);
});

afterEach(() => stack.sim.faults.clear());

interface Send {
  message: string;
  outcome: 'ok' | 'failed';
  postId?: string;
  error?: string;
}

/** Tool calls ended so far, and how many failed: the fault schedule is paced by them. */
const calls = { ended: 0, failed: 0 };

/** A tool call whose transport failure (the HTTP request itself) counts as a failed result. */
async function attempt(client: Client, name: string, args: Record<string, unknown>) {
  try {
    const result = await callTool(client, name, args);
    if (result.isError) calls.failed++;
    return { ok: !result.isError, result };
  } catch (err) {
    calls.failed++;
    return { ok: false, error: (err as Error).message };
  } finally {
    calls.ended++;
  }
}

/** Every post of a channel, all pages, as Mattermost has them. */
async function allPosts(rest: Client4, channelId: string) {
  const posts = [];
  for (let page = 0; page < 50; page++) {
    const list = await rest.getPosts(channelId, page, 200);
    const batch = list.order.map((id) => list.posts[id]!);
    posts.push(...batch);
    if (batch.length < 200) break;
  }
  return posts;
}

/** Checks `sends` against Mattermost; returns the failed sends that did reach it (ambiguous outcomes). */
async function verifySends(rest: Client4, channelId: string, sends: Send[]): Promise<Send[]> {
  const posts = await allPosts(rest, channelId);
  const copies = new Map<string, string[]>();
  for (const post of posts)
    copies.set(post.message, [...(copies.get(post.message) ?? []), post.id]);
  const ambiguous: Send[] = [];
  for (const send of sends) {
    const found = copies.get(send.message) ?? [];
    if (send.outcome === 'ok') {
      expect({ message: send.message, copies: found.length }).toEqual({
        message: send.message,
        copies: 1,
      });
      expect(found[0]).toBe(send.postId);
    } else {
      expect({ message: send.message, copies: found.length <= 1 }).toEqual({
        message: send.message,
        copies: true,
      });
      if (found.length === 1) ambiguous.push(send);
    }
  }
  return ambiguous;
}

async function healthOf(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function eventually<T>(
  ms: number,
  probe: () => Promise<T>,
  done: (v: T) => boolean,
): Promise<T> {
  return waitFor(
    'the condition',
    async () => {
      const value = await probe().catch(() => undefined);
      return value !== undefined && done(value) ? value : undefined;
    },
    ms,
  );
}

describe('a mixed workload while Mattermost misbehaves', () => {
  it('loses and duplicates no post, and the bridge stays healthy', async () => {
    const users = [ws.alice, ws.bob, carol];
    const clients = await Promise.all(
      users.flatMap((user) => [stack.connect(user), stack.connect(user)]),
    );
    // Someone follows the channel live while its WebSocket is dropped and Mattermost restarts.
    await clients[0]!.subscribeResource({ uri: `mattermost://channels/${ws.channel.id}/posts` });

    const sends: Send[] = [];
    const reactions: { postId: string; emoji: string; userId: string }[] = [];
    let readsOk = 0;
    let readsFailed = 0;
    const ROUNDS = 12;

    const worker = async (client: Client, index: number) => {
      const user = users[Math.floor(index / 2)]!;
      for (let round = 0; round < ROUNDS; round++) {
        const message = `chaos ${index}-${round} ${Math.random().toString(36).slice(2, 8)}`;
        const sent = await attempt(client, 'send_message', { channel: ws.channel.id, message });
        const postId = sent.ok ? (sent.result!.structuredContent?.post_id as string) : undefined;
        sends.push({
          message,
          outcome: sent.ok ? 'ok' : 'failed',
          postId,
          error: sent.ok ? undefined : (sent.error ?? JSON.stringify(sent.result?.content)),
        });
        const read = await attempt(client, 'read_channel', { channel: ws.channel.id, limit: 20 });
        if (read.ok) readsOk++;
        else readsFailed++;
        if (postId) {
          const emoji = index % 2 ? 'tada' : 'thumbsup';
          const reacted = await attempt(client, 'add_reaction', { post_id: postId, emoji });
          if (reacted.ok) reactions.push({ postId, emoji, userId: user.id });
          const got = await attempt(client, 'get_post', { post_id: postId });
          if (got.ok) readsOk++;
          else readsFailed++;
        }
      }
    };

    const faults = async (stop: () => boolean) => {
      const steps: (() => Promise<void> | void)[] = [
        () => stack.sim.faults.set({ error_rate: 0.3 }),
        () => stack.sim.faults.set({ latency_ms: 150 }),
        () => stack.sim.faults.set({ rate_limit_per_second: 4 }),
        () => stack.sim.faults.clear(),
        () => stack.sim.dropWebSockets(),
        () => stack.sim.restart(),
        () => stack.sim.faults.set({ error_rate: 0.2, latency_ms: 50 }),
        // An outage longer than a call's retries: it lasts until a call has failed for good.
        async () => {
          const failedBefore = calls.failed;
          stack.sim.faults.set({ error_rate: 1 });
          await until(
            'a call failed by the outage',
            () => stop() || calls.failed > failedBefore,
            30_000,
          );
        },
        () => stack.sim.faults.clear(),
      ];
      // Each fault lasts while the workers end a few calls, however fast the machine is.
      for (let i = 0; !stop(); i++) {
        await steps[i % steps.length]!();
        const endedBefore = calls.ended;
        await until(
          'calls under the fault',
          () => stop() || calls.ended >= endedBefore + 12,
          30_000,
        );
      }
      stack.sim.faults.clear();
    };

    let finished = false;
    const chaos = faults(() => finished);
    await Promise.all(clients.map((client, i) => worker(client, i)));
    finished = true;
    await chaos;

    // The bridge is still up and healthy once Mattermost is.
    const health = await eventually(
      10_000,
      () => healthOf(stack.bridge.url),
      (h) => h.status === 200 && h.body.status === 'ok',
    );
    expect(health.body.breaker).toBe('closed');
    const after = await attempt(clients[1]!, 'get_me', {});
    expect(after.ok).toBe(true);

    const ambiguous = await verifySends(stack.rest(ws.bob), ws.channel.id, sends);
    const ok = sends.filter((s) => s.outcome === 'ok').length;
    expect(sends).toHaveLength(clients.length * ROUNDS);
    expect(ok).toBeGreaterThan(sends.length / 2);

    // Every acknowledged reaction is there.
    for (const reaction of reactions) {
      const list = await stack.rest(ws.bob).getReactionsForPost(reaction.postId);
      expect(
        list.some((r) => r.user_id === reaction.userId && r.emoji_name === reaction.emoji),
      ).toBe(true);
    }
    // Printed so the run shows what the faults did (and which failures were ambiguous).
    console.info(
      `chaos: ${sends.length} sends, ${ok} acknowledged, ${sends.length - ok} failed ` +
        `(${ambiguous.length} of them reached Mattermost anyway: ${ambiguous.map((s) => s.message).join('; ') || 'none'}); ` +
        `reads ${readsOk} ok / ${readsFailed} failed; ${reactions.length} reactions`,
    );
  });

  it('keeps every one of many sends one user makes at the same moment from several sessions', async () => {
    const clients = await Promise.all([stack.connect(ws.alice), stack.connect(ws.alice)]);
    const sends: Send[] = [];
    // Eight at once: the per-user concurrency limit (BRIDGE_MAX_CONCURRENT_CALLS_PER_USER).
    for (let burst = 0; burst < 8; burst++) {
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const message = `burst ${burst}-${i} ${Math.random().toString(36).slice(2, 8)}`;
          const sent = await attempt(clients[i % 2]!, 'send_message', {
            channel: ws.channel.id,
            message,
          });
          sends.push({
            message,
            outcome: sent.ok ? 'ok' : 'failed',
            postId: sent.ok ? (sent.result!.structuredContent?.post_id as string) : undefined,
          });
        }),
      );
    }
    expect(sends.every((s) => s.outcome === 'ok')).toBe(true);
    expect(new Set(sends.map((s) => s.postId)).size).toBe(sends.length);
    await verifySends(stack.rest(ws.bob), ws.channel.id, sends);
  });

  it('opens the breaker during a total outage and closes it when Mattermost is back', async () => {
    const bridge = await startPlainBridge(stack.sim.url, {
      BRIDGE_WEBSOCKET: 'false',
      BRIDGE_BREAKER_THRESHOLD: '3',
      BRIDGE_BREAKER_HALF_OPEN_MS: '500',
      BRIDGE_UPSTREAM_RETRIES: '0',
    });
    const breakerGauge = async () =>
      (await bridge.metrics.registry.getSingleMetricAsString('mcp_bridge_upstream_breaker_state'))
        .trim()
        .split(' ')
        .pop();
    try {
      const client = await connectClient(bridge.url, ws.alice.token);
      expect((await attempt(client, 'get_channel', { channel: ws.channel.id })).ok).toBe(true);
      expect(await breakerGauge()).toBe('0');

      stack.sim.faults.set({ error_rate: 1 });
      for (let i = 0; i < 4; i++)
        expect((await attempt(client, 'read_channel', { channel: ws.channel.id })).ok).toBe(false);
      expect(await breakerGauge()).toBe('2');
      const down = await healthOf(bridge.url);
      expect(down.status).toBe(503);
      expect(down.body.breaker).toBe('open');

      stack.sim.faults.clear();
      // After the half-open wait, one trial request reaches Mattermost and closes the breaker.
      const back = await eventually(
        5000,
        () => attempt(client, 'read_channel', { channel: ws.channel.id }),
        (r) => r.ok,
      );
      expect(back.ok).toBe(true);
      expect(await breakerGauge()).toBe('0');
      const up = await healthOf(bridge.url);
      expect(up.status).toBe(200);
      expect(up.body).toMatchObject({ status: 'ok', breaker: 'closed' });
      await client.close();
    } finally {
      stack.sim.faults.clear();
      await bridge.stop(1000);
    }
  });
});

describe('a graceful shutdown under load', () => {
  let bridge: RunningBridge | undefined;

  afterEach(async () => {
    await bridge?.stop(1000);
  });

  it('loses nothing it acknowledged', async () => {
    bridge = await startPlainBridge(stack.sim.url, {
      BRIDGE_WEBSOCKET: 'false',
    });
    const url = bridge.url;
    const clients = await Promise.all(
      [ws.alice, ws.bob, carol].map((user) => connectClient(url, user.token)),
    );
    // Slow answers, so calls are in flight when the stop begins.
    stack.sim.faults.set({ latency_ms: 40 });
    const sends: Send[] = [];
    const worker = async (client: Client, index: number) => {
      for (let round = 0; round < 200; round++) {
        const message = `shutdown ${index}-${round} ${Math.random().toString(36).slice(2, 8)}`;
        const sent = await attempt(client, 'send_message', { channel: ws.channel.id, message });
        sends.push({
          message,
          outcome: sent.ok ? 'ok' : 'failed',
          postId: sent.ok ? (sent.result!.structuredContent?.post_id as string) : undefined,
        });
        // Once the bridge refuses, later calls would only repeat the refusal.
        if (!sent.ok) return;
      }
    };
    const load = Promise.all(clients.map((client, i) => worker(client, i)));
    await eventually(
      10_000,
      async () => sends.length,
      (n) => n >= 9,
    );
    const stopped = bridge.stop(5000);
    await Promise.all([load, stopped]);
    stack.sim.faults.clear();
    await Promise.allSettled(clients.map((client) => client.close()));

    expect(bridge.sessions.size).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    const acknowledged = sends.filter((s) => s.outcome === 'ok');
    expect(acknowledged.length).toBeGreaterThanOrEqual(9);
    expect(sends.filter((s) => s.outcome === 'failed')).toHaveLength(clients.length);
    await verifySends(stack.rest(ws.bob), ws.channel.id, sends);
  });
});
