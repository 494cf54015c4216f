import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { ResourceUris } from '../../src/resources/uris.js';
import { startCluster, type ClusterStack } from '../helpers/cluster.js';
import { redisAvailability } from '../helpers/redis-server.js';
import { HttpSession } from '../security/http.js';
import { waitFor } from '../helpers/wait.js';

const available = redisAvailability();
const describeRedis = available.ok ? describe : describe.skip;
if (!available.ok) console.warn(`Skipping the cluster tests: ${available.message}`);

jest.setTimeout(60_000);

const UPDATE = /id: (\S+)\ndata: (\{[^\n]*"notifications\/resources\/updated"[^\n]*)/g;

/** Reads an SSE body until `done` holds for what arrived, or `ms` passed; then hangs up. */
async function readSse(res: Response, done: (text: string) => boolean, ms = 10_000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  try {
    while (!done(text) && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const next = await Promise.race([
        reader.read(),
        new Promise<undefined>(
          (resolve) => (timer = setTimeout(() => resolve(undefined), deadline - Date.now())),
        ),
      ]).finally(() => clearTimeout(timer));
      if (!next || next.done) break;
      text += decoder.decode(next.value);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

describeRedis('SSE streams resumed on another bridge of the cluster', () => {
  let stack: ClusterStack;
  let probe: Redis;

  beforeAll(async () => {
    stack = await startCluster(2);
    probe = new Redis(stack.redis.url);
  });
  afterAll(async () => {
    probe?.disconnect();
    await stack?.stop();
  });

  /** A raw 2025-era session of alice on `url`, following `uri`. */
  async function openSession(url: string, uri: string) {
    const http = await HttpSession.open(url, stack.sim.users.alice!.token);
    await http.request('resources/subscribe', { uri });
    return { sessionId: http.id, session: http.headers() };
  }

  it('replays on the second bridge what the first kept for the stream after the last id the client saw', async () => {
    const [a, b] = stack.bridges;
    const alice = stack.sim.users.alice!;
    const rest = stack.rest(alice);
    const team = (await rest.getMyTeams())[0]!;
    const channel = await rest.getChannelByName(team.id, 'town-square');
    const uri = ResourceUris.channelPosts(channel.id);
    const { sessionId, session } = await openSession(a!.url, uri);

    // The stream on the first bridge: one update, then the client loses the connection.
    const first = await fetch(`${a!.url}/mcp`, {
      method: 'GET',
      headers: { ...session, Accept: 'text/event-stream' },
    });
    const writer = stack.rest(stack.sim.users.bob!);
    await writer.createPost({ channel_id: channel.id, message: 'while connected' } as never);
    const seen = await readSse(first, (text) => [...text.matchAll(UPDATE)].length > 0);
    const lastSeen = [...seen.matchAll(UPDATE)].pop()?.[1];
    expect(lastSeen).toMatch(/^r:\d+-\d+$/);

    // Missed while away: the first bridge keeps it in Redis, then stops.
    const key = `mcp-bridge:sse:${sessionId}`;
    await writer.createPost({ channel_id: channel.id, message: 'while away' } as never);
    await waitFor('the first bridge to keep the missed update', async () => {
      const after = await probe.xrange(key, `(${lastSeen!.slice(2)}`, '+');
      return after.some(([, fields]) => fields.join(' ').includes('resources/updated'))
        ? true
        : undefined;
    });
    await a!.stop(500);

    // The client comes back through the load balancer, to the other bridge.
    const resumed = await fetch(`${b!.url}/mcp`, {
      method: 'GET',
      headers: { ...session, Accept: 'text/event-stream', 'Last-Event-ID': lastSeen! },
    });
    expect(resumed.status).toBe(200);
    const replay = await readSse(resumed, (text) => [...text.matchAll(UPDATE)].length > 0);
    const replayed = [...replay.matchAll(UPDATE)];
    expect(replayed.length).toBe(1);
    expect(replayed[0]![1]).not.toBe(lastSeen);
    expect(replayed[0]![2]).toContain(`"uri":"${uri}"`);
    expect(await probe.pttl(key)).toBeGreaterThan(0);
  });

  it("replays nothing of another session's stream", async () => {
    const b = stack.bridges[1]!;
    const uri = ResourceUris.me;
    const mine = await openSession(b.url, uri);
    const other = await openSession(b.url, uri);
    const [otherEntry] = await probe.xrevrange(
      `mcp-bridge:sse:${other.sessionId}`,
      '+',
      '-',
      'COUNT',
      1,
    );
    expect(otherEntry).toBeDefined();
    const res = await fetch(`${b.url}/mcp`, {
      method: 'GET',
      headers: {
        ...mine.session,
        Accept: 'text/event-stream',
        'Last-Event-ID': `r:${otherEntry![0]}`,
      },
    });
    expect(res.status).toBe(400);
    await res.text();
  });
});
