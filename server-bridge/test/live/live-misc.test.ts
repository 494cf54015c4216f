import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { freePort } from '../helpers/free-port.js';
import { jest } from '@jest/globals';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ResourceUris } from '../../src/resources/uris.js';
import {
  eventually,
  freshChannel,
  freshWorkspace,
  newUser,
  readText,
  watchUpdates,
  type Workspace,
} from './harness.js';
import { followedChannel, hubStatsWhen, useLiveStack } from './live-fixtures.js';
import { until } from '../helpers/wait.js';
import { HttpSession } from '../security/http.js';

jest.setTimeout(60_000);

const HOOK_TOKEN = 'outgoinghooktoken00000000001';

describe('webhooks, prompts and resumable streams through the bridge', () => {
  const stack = useLiveStack({
    BRIDGE_WEBHOOK_TOKENS: `unused-token,${HOOK_TOKEN}`,
    BRIDGE_EVENT_STORE_MAX: '1000',
  });

  const deliver = (body: Record<string, string>) =>
    fetch(`${stack.bridge.url}/hooks/outgoing`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
      signal: AbortSignal.timeout(5000),
    });

  it('feeds outgoing webhook deliveries to subscribers who are in the channel, and refuses bad tokens', async () => {
    const { team, channel, reader, writer } = await freshWorkspace(stack, 'hooks');
    const client = await stack.connect(reader);
    const updates = watchUpdates(client);
    await client.subscribeResource({ uri: ResourceUris.webhooks });
    const post = await stack
      .rest(writer)
      .createPost({ channel_id: channel.id, message: 'deploy now please' });
    const fields = {
      token: HOOK_TOKEN,
      team_id: team.id,
      team_domain: team.name,
      channel_id: channel.id,
      channel_name: channel.name,
      timestamp: String(Math.floor(post.create_at / 1000)),
      user_id: writer.id,
      user_name: writer.username,
      post_id: post.id,
      text: 'deploy now please',
      trigger_word: 'deploy',
      file_ids: '',
    };
    expect((await deliver({ ...fields, token: 'not-a-token' })).status).toBe(401);
    expect((await deliver({ ...fields, token: '' })).status).toBe(401);
    expect((await deliver({ ...fields, post_id: 'short' })).status).toBe(400);
    const ok = await deliver(fields);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
    await updates.until(() => updates.count(ResourceUris.webhooks) >= 1, 5000, 'webhook update');
    const text = await readText(client, ResourceUris.webhooks);
    expect(text).toContain(`post ${post.id}`);
    expect(text).toContain('trigger deploy');
    // The same delivery again (a retry) is kept once.
    expect((await deliver(fields)).status).toBe(200);
    expect((await readText(client, ResourceUris.webhooks)).split(`post ${post.id}`)).toHaveLength(
      2,
    );
    // Someone outside the channel never sees it.
    const outsider = await newUser(stack, 'outsider');
    const other = await stack.connect(outsider);
    expect(await readText(other, ResourceUris.webhooks)).not.toContain(post.id);
  });

  it('gathers real content into prompts and completes their arguments', async () => {
    const { team, channel, reader, writer } = await freshWorkspace(stack, 'prompts');
    const client = await stack.connect(reader);
    const rest = stack.rest(writer);
    const root = await rest.createPost({
      channel_id: channel.id,
      message: `@${reader.username} can you review the plan?`,
    });
    await rest.createPost({
      channel_id: channel.id,
      message: 'the plan is in the doc',
      root_id: root.id,
    });
    const prompts = await client.listPrompts();
    expect(prompts.prompts.map((p) => p.name).sort()).toEqual([
      'catch_up',
      'draft_reply',
      'summarize_channel',
      'summarize_thread',
    ]);

    const ref = `${team.name}/~${channel.name}`;
    const completion = await client.complete({
      ref: { type: 'ref/prompt', name: 'summarize_channel' },
      argument: { name: 'channel', value: channel.name.slice(0, 7) },
    });
    expect(completion.completion.values).toContain(ref);

    const summary = await client.getPrompt({
      name: 'summarize_channel',
      arguments: { channel: ref, since: '1h' },
    });
    const summaryText = (summary.messages[0]!.content as { text: string }).text;
    expect(summaryText).toContain('can you review the plan?');
    expect(summaryText).toContain('the plan is in the doc');

    const thread = await client.getPrompt({
      name: 'summarize_thread',
      arguments: { post_id: root.id },
    });
    expect((thread.messages[0]!.content as { text: string }).text).toContain(
      'the plan is in the doc',
    );

    const draft = await client.getPrompt({
      name: 'draft_reply',
      arguments: { post_id: root.id, intent: 'yes, today' },
    });
    const draftText = (draft.messages[0]!.content as { text: string }).text;
    expect(draftText).toContain('can you review the plan?');
    expect(draftText).toContain('yes, today');

    const catchUp = await client.getPrompt({ name: 'catch_up', arguments: { since: '1h' } });
    const catchUpText = (catchUp.messages[0]!.content as { text: string }).text;
    expect(catchUpText).toContain('can you review the plan?');
    expect(catchUpText).toContain(channel.name);
  });

  it('replays to a client that reconnects with Last-Event-ID what its stream missed', async () => {
    const { channel, reader, writer } = await freshWorkspace(stack, 'resume');
    const uri = ResourceUris.channelPosts(channel.id);
    const http = await HttpSession.open(stack.bridge.url, reader.token);
    await http.request('resources/subscribe', { uri });
    const session = http.headers();

    // First stream: read until one update arrives, remember its id, then hang up.
    const first = await fetch(`${stack.bridge.url}/mcp`, {
      method: 'GET',
      headers: { ...session, Accept: 'text/event-stream' },
    });
    const reader1 = first.body!.getReader();
    await stack.rest(writer).createPost({ channel_id: channel.id, message: 'while connected' });
    let buffer = '';
    const decoder = new TextDecoder();
    const deadline = Date.now() + 5000;
    while (!/id: \S+\ndata: \{[^\n]*resources\/updated/.test(buffer) && Date.now() < deadline) {
      const { value, done } = await reader1.read();
      if (done) break;
      buffer += decoder.decode(value);
    }
    const ids = [...buffer.matchAll(/id: (\S+)\ndata: \{[^\n]*resources\/updated/g)].map(
      (m) => m[1]!,
    );
    expect(ids.length).toBeGreaterThan(0);
    await reader1.cancel();

    // Missed while disconnected: sent to the session (and so kept for replay) with no stream open.
    const live = stack.bridge.live.hub.user(reader.id)!;
    const notifiedBefore = live.stats.notifications;
    await stack.rest(writer).createPost({ channel_id: channel.id, message: 'while away' });
    await until('the missed update sent', () => live.stats.notifications > notifiedBefore);

    const resumed = await fetch(`${stack.bridge.url}/mcp`, {
      method: 'GET',
      headers: { ...session, Accept: 'text/event-stream', 'Last-Event-ID': ids[ids.length - 1]! },
    });
    expect(resumed.status).toBe(200);
    const reader2 = resumed.body!.getReader();
    let replay = '';
    const replayDeadline = Date.now() + 5000;
    while (!replay.includes('resources/updated') && Date.now() < replayDeadline) {
      const { value, done } = await reader2.read();
      if (done) break;
      replay += decoder.decode(value);
    }
    await reader2.cancel();
    expect(replay).toContain(`"uri":"${uri}"`);
  });
});

describe('polling when WebSockets are off', () => {
  const stack = useLiveStack({ BRIDGE_WEBSOCKET: 'false', BRIDGE_POLL_INTERVAL_MS: '300' });

  it('still updates subscribers, by polling', async () => {
    const { channel, writer, client, updates, uri } = await followedChannel(stack, 'poll');
    await stack.rest(writer).createPost({ channel_id: channel.id, message: 'found by polling' });
    await updates.until(() => updates.count(uri) >= 1, 5000, 'update by polling');
    expect(await readText(client, uri)).toContain('found by polling');
    expect(stack.bridge.live.hub.stats()).toMatchObject({ polling: 1, websockets: 0 });
    const statusUri = ResourceUris.userStatus(writer.id);
    await client.subscribeResource({ uri: statusUri });
    await stack.rest(writer).updateStatus({ user_id: writer.id, status: 'dnd' });
    await updates.until(() => updates.count(statusUri) >= 1, 5000, 'status update');
    expect(
      await eventually(
        2000,
        () => readText(client, statusUri),
        (t) => t.includes('dnd'),
      ),
    ).toContain('dnd');
  });
});

describe('outgoing webhooks sent by Mattermost itself', () => {
  let ws!: Workspace;
  const stack = useLiveStack({}, async (upstream) => {
    const port = await freePort();
    ws = await freshWorkspace(upstream, 'hooked');
    // The admin registers the bridge as the channel's outgoing webhook; its token is the secret.
    const res = await fetch(`${upstream.sim.url}/api/v4/hooks/outgoing`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${upstream.sim.admin.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        team_id: ws.team.id,
        channel_id: ws.channel.id,
        display_name: 'MCP bridge',
        callback_urls: [`http://127.0.0.1:${port}/hooks/outgoing`],
        content_type: 'application/json',
      }),
    });
    expect(res.status).toBe(201);
    const hook = (await res.json()) as { token: string };
    return { BRIDGE_PORT: String(port), BRIDGE_WEBHOOK_TOKENS: hook.token };
  });

  it('brings a post in a public channel to the subscribers of the webhook feed', async () => {
    const client = await stack.connect(ws.reader);
    const updates = watchUpdates(client);
    await client.subscribeResource({ uri: ResourceUris.webhooks });
    const post = await stack
      .rest(ws.writer)
      .createPost({ channel_id: ws.channel.id, message: 'ship it' });
    await updates.until(
      () => updates.count(ResourceUris.webhooks) >= 1,
      5000,
      'webhook feed update',
    );
    const text = await readText(client, ResourceUris.webhooks);
    expect(text).toContain(`post ${post.id}`);
    expect(text).toContain('ship it');
  });
});

describe('one WebSocket per user, shared and closed when idle', () => {
  const stack = useLiveStack({ BRIDGE_EVENT_IDLE_CLOSE_MS: '300', BRIDGE_POLL_INTERVAL_MS: '200' });

  it('shares one socket between a user’s sessions, polls other users’ statuses, signals list changes, and closes when idle', async () => {
    const { team, channel, reader, writer } = await freshWorkspace(stack, 'shared');
    const first = await stack.connect(reader);
    const second = await stack.connect(reader);
    const updates = watchUpdates(second);
    await first.subscribeResource({ uri: ResourceUris.channelPosts(channel.id) });
    const statusUri = ResourceUris.userStatus(writer.id);
    await second.subscribeResource({ uri: statusUri });
    await hubStatsWhen(stack, 3000, (s) => s.websockets === 1);
    expect(stack.bridge.live.hub.stats()).toMatchObject({
      users: 1,
      sessions: 2,
      websockets: 1,
      subscriptions: 2,
    });

    // Mattermost sends status_change only to its owner: the bridge polls the writer's status.
    await stack.rest(writer).updateStatus({ user_id: writer.id, status: 'away' } as never);
    await updates.until(() => updates.count(statusUri) >= 1, 5000, 'status update by polling');
    expect(await readText(second, statusUri)).toContain('away');

    // Joining a channel changes what the reader can list.
    const before = updates.listChanged;
    await freshChannel(stack, { team, reader, writer }, 'joined');
    await updates.until(() => updates.listChanged > before, 5000, 'list_changed');

    // Ending both sessions (DELETE /mcp) leaves the user without subscriptions.
    for (const client of [first, second]) {
      await (client.transport as StreamableHTTPClientTransport).terminateSession();
      await client.close();
    }
    const idle = await hubStatsWhen(stack, 5000, (s) => s.websockets === 0);
    expect(idle).toMatchObject({ websockets: 0, subscriptions: 0 });

    // Reading a team's live feed opens the socket for a while, without any subscription.
    const reading = await stack.connect(reader);
    await readText(reading, ResourceUris.teamEvents(team.id));
    expect(stack.bridge.live.hub.stats().websockets).toBe(1);
    const closedAgain = await hubStatsWhen(stack, 5000, (s) => s.websockets === 0);
    expect(closedAgain).toMatchObject({ websockets: 0, sessions: 1 });
  });
});

describe('falling back to polling while WebSockets fail', () => {
  let proxy: Server | undefined;
  let refuseUpgrades = true;
  const stack = useLiveStack(
    { BRIDGE_WEBSOCKET_RETRY_MS: '50', BRIDGE_POLL_INTERVAL_MS: '200' },
    async (upstream) => {
      // Between the bridge and Mattermost: REST passes, WebSocket upgrades are refused at will.
      const target = new URL(upstream.sim.url);
      proxy = createHttpServer((req, res) => {
        const out = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        req.pipe(out);
      });
      proxy.on('upgrade', (req, socket, head) => {
        if (refuseUpgrades) {
          socket.end(
            'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
          );
          return;
        }
        const upstreamSocket = connect(Number(target.port), target.hostname, () => {
          const lines = [`${req.method} ${req.url} HTTP/1.1`];
          for (let i = 0; i < req.rawHeaders.length; i += 2)
            lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
          upstreamSocket.write(`${lines.join('\r\n')}\r\n\r\n`);
          upstreamSocket.write(head);
          upstreamSocket.pipe(socket);
          socket.pipe(upstreamSocket);
        });
        upstreamSocket.on('error', () => socket.destroy());
        socket.on('error', () => upstreamSocket.destroy());
      });
      await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
      return { MATTERMOST_URL: `http://127.0.0.1:${(proxy!.address() as AddressInfo).port}` };
    },
  );
  // Registered after useLiveStack's afterAll, so it runs once the stack has stopped.
  afterAll(() => {
    proxy?.closeAllConnections();
    proxy?.close();
  });

  it('polls while the WebSocket upgrade is refused and switches back when it works again', async () => {
    const { channel, reader, writer, client, updates, uri } = await followedChannel(
      stack,
      'fallback',
    );
    const polling = await hubStatsWhen(stack, 5000, (s) => s.polling === 1);
    expect(polling).toMatchObject({ polling: 1 });
    await stack.rest(writer).createPost({ channel_id: channel.id, message: 'found while polling' });
    await updates.until(() => updates.count(uri) >= 1, 5000, 'update while polling');
    expect(await readText(client, uri)).toContain('found while polling');

    refuseUpgrades = false;
    const back = await hubStatsWhen(stack, 10_000, (s) => s.websockets === 1);
    expect(back).toMatchObject({ websockets: 1, polling: 0 });
    const live = stack.bridge.live.hub.user(reader.id)!;
    const eventsBefore = live.stats.events;
    const before = updates.count(uri);
    await stack
      .rest(writer)
      .createPost({ channel_id: channel.id, message: 'heard over the WebSocket again' });
    await updates.until(() => updates.count(uri) > before, 5000, 'update over the WebSocket');
    expect(live.stats.events).toBeGreaterThan(eventsBefore);
  });
});
