import { jest } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { SimUser } from '@mm-mcp/simulator';
import { ResourceUris } from '../../src/resources/uris.js';
import {
  eventually,
  freshChannel,
  freshWorkspace,
  newUser,
  readText,
  startStack,
  uniqueName,
  watchUpdates,
  type Stack,
} from '../live/harness.js';
import { heapAfterGc } from './heap.js';
import { quietPeriod } from '../helpers/wait.js';

/**
 * The channel deny list against every way content reaches a client that does not go through a
 * tool: the live team feed (both protocol eras), subscriptions and their notifications, and
 * `subscriptions/listen` itself, which must validate and bound a request before it follows anything.
 */

jest.setTimeout(240_000);

const MAX_SUBSCRIPTIONS = 8;

interface World {
  team: { id: string; name: string };
  open: { id: string };
  secret: { id: string; name: string };
  /** Private channel of the writer alone. */
  hidden: { id: string };
  reader: SimUser;
  writer: SimUser;
  carol: SimUser;
  /** The reader's DM with carol (denied by `@carol`), and the writer's with carol (not the reader's). */
  dm: string;
  othersDm: string;
}

let stack: Stack;
let world: World;

beforeAll(async () => {
  stack = await startStack(
    { BRIDGE_MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS) },
    async (upstream) => {
      const ws = await freshWorkspace(upstream, 'open');
      const { team, reader, writer, channel: open } = ws;
      const carol = await newUser(upstream, 'carol');
      await upstream.rest(upstream.sim.admin).addToTeam(team.id, carol.id);
      const secret = await freshChannel(upstream, ws, 'secret');
      const hidden = await upstream.rest(writer).createChannel({
        team_id: team.id,
        name: uniqueName('hidden'),
        display_name: 'hidden',
        type: 'P',
      } as never);
      const dm = await upstream.rest(reader).createDirectChannel([reader.id, carol.id]);
      const othersDm = await upstream.rest(writer).createDirectChannel([writer.id, carol.id]);
      world = {
        team: { id: team.id, name: team.name },
        open,
        secret,
        hidden: { id: hidden.id },
        reader,
        writer,
        carol,
        dm: dm.id,
        othersDm: othersDm.id,
      };
      return { BRIDGE_CHANNEL_DENY: `${team.name}/${secret.name},@${carol.username}` };
    },
  );
});

afterAll(async () => {
  await stack?.stop();
});

function modernClient(token: string): Promise<Client> {
  const client = new Client(
    { name: 'findings', version: '1' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  return client
    .connect(
      new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    )
    .then(() => client);
}

const post = (user: SimUser, channelId: string, message: string) =>
  stack.rest(user).createPost({ channel_id: channelId, message } as never);

describe('the live team feed under a deny list', () => {
  it('shows and notifies nothing of a denied channel or DM, on both eras', async () => {
    const client = await stack.connect(world.reader);
    const updates = watchUpdates(client);
    const feed = ResourceUris.teamEvents(world.team.id);
    await client.subscribeResource({ uri: feed });
    await eventually(
      10_000,
      async () => stack.bridge.live.hub.user(world.reader.id)?.mode,
      (mode) => mode === 'websocket',
    );
    // Denied places only: the feed must not change, nor tell anyone it did.
    await post(world.writer, world.secret.id, 'SECRET-CHANNEL-WORDS');
    await post(world.carol, world.dm, 'SECRET-DM-WORDS');
    // Proves an absence: no update for the denied places. A later allowed post cannot mark the
    // end, since its update could be coalesced with a wrongly sent one; so wait past the window.
    await quietPeriod(1500);
    expect(updates.count(feed)).toBe(0);
    await post(world.writer, world.open.id, 'OPEN-WORDS');
    await updates.until(() => updates.count(feed) >= 1, 10_000, 'the open post in the feed');
    const legacy = await readText(client, feed);
    expect(legacy).toContain('OPEN-WORDS');
    const modern = await modernClient(world.reader.token);
    try {
      const text = await readText(modern, feed);
      expect(text).toContain('OPEN-WORDS');
      for (const read of [legacy, text]) {
        expect(read).not.toContain('SECRET-CHANNEL-WORDS');
        expect(read).not.toContain('SECRET-DM-WORDS');
      }
    } finally {
      await modern.close();
      await client.unsubscribeResource({ uri: feed });
    }
  });
});

/** URIs the reader must not follow: not resources, not hers, or hidden by the rules. */
function refusedUris(): string[] {
  return [
    ResourceUris.channelPosts(world.secret.id),
    ResourceUris.channelPosts(world.dm),
    ResourceUris.channelPosts(world.hidden.id),
    ResourceUris.channelPosts(world.othersDm),
    'mattermost://nothing/here',
    'https://evil.example/feed',
    `mattermost://channels/${'x'.repeat(300)}/posts`,
  ];
}

describe('subscriptions', () => {
  it('refuses on the 2025-11-25 era what the user may not read, and more than the cap', async () => {
    const client = await stack.connect(world.reader);
    for (const uri of refusedUris()) {
      await expect(client.subscribeResource({ uri })).rejects.toThrow();
    }
    const allowed = [
      ResourceUris.me,
      ResourceUris.teams,
      ResourceUris.mentions,
      ResourceUris.unreads,
      ResourceUris.webhooks,
      ResourceUris.channelPosts(world.open.id),
      ResourceUris.teamEvents(world.team.id),
      ResourceUris.teamChannels(world.team.id),
    ];
    for (const uri of allowed) await client.subscribeResource({ uri });
    await expect(
      client.subscribeResource({ uri: ResourceUris.userStatus(world.reader.id) }),
    ).rejects.toThrow(/At most 8 resources/);
    await client.close();
  });

  it('honours on the 2026-07-28 era only what the user may read, and notifies nothing else', async () => {
    const client = await modernClient(world.reader.token);
    const open = ResourceUris.channelPosts(world.open.id);
    const heard: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (n) => {
      heard.push(n.params.uri);
    });
    try {
      const subscription = await client.listen({ resourceSubscriptions: [open, ...refusedUris()] });
      expect(subscription.honoredFilter.resourceSubscriptions).toEqual([open]);
      await post(world.writer, world.secret.id, 'more secret words');
      await post(world.writer, world.open.id, 'more open words');
      await eventually(
        10_000,
        async () => heard,
        (uris) => uris.includes(open),
      );
      expect(heard.filter((uri) => uri !== open)).toEqual([]);
      await subscription.close();
    } finally {
      await client.close();
    }
  });
});

describe('subscriptions/listen amplification', () => {
  /** One listen request as the 2026-07-28 era sends it, with `uris` to follow. */
  async function listen(uris: string[]): Promise<{ status: number; body: string }> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 15_000);
    try {
      const res = await fetch(`${stack.bridge.url}/mcp`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${world.writer.token}`,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'MCP-Protocol-Version': '2026-07-28',
          'Mcp-Method': 'subscriptions/listen',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 'listen:attack',
          method: 'subscriptions/listen',
          params: {
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientInfo': { name: 'attack', version: '1' },
              'io.modelcontextprotocol/clientCapabilities': {},
            },
            notifications: { resourceSubscriptions: uris },
          },
        }),
        signal: abort.signal,
      });
      // A stream that opened is read no further: its status says enough.
      const body = res.headers.get('content-type')?.includes('json') ? await res.text() : '';
      if (!body) abort.abort();
      return { status: res.status, body };
    } finally {
      clearTimeout(timer);
    }
  }

  it('refuses 15,000 URIs before following any, and memory stays flat over 100 attacks', async () => {
    const uris = Array.from({ length: 15_000 }, (_, i) =>
      ResourceUris.channelPosts(i.toString(36).padStart(26, 'a')),
    );
    const first = await listen(uris);
    expect(first.status).toBe(400);
    expect(first.body).toContain('At most 8 resources');
    expect(stack.bridge.live.hub.user(world.writer.id)?.subscriptionCount ?? 0).toBe(0);
    const before = await heapAfterGc();
    for (let i = 0; i < 100; i++) expect((await listen(uris)).status).toBe(400);
    const after = await heapAfterGc();
    process.stdout.write(
      `subscriptions/listen attack: heap ${mb(before)} → ${mb(after)} MB over 100 requests of 15,000 URIs\n`,
    );
    expect(stack.bridge.live.hub.user(world.writer.id)?.subscriptionCount ?? 0).toBe(0);
    expect(after - before).toBeLessThan(15 * 1024 * 1024);
  });
});

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
