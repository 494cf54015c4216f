import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { createLogger } from '../../src/observability/logger.js';
import { WebhookFeed, type WebhookDelivery } from '../../src/webhooks/feed.js';
import { createOutgoingWebhookRouter } from '../../src/webhooks/outgoing-route.js';

const TOKEN = 'hooktoken0123456789abcdefgh';
const ids = {
  team: 'teamteamteamteamteamteamte',
  channel: 'chanchanchanchanchanchanch',
  user: 'useruseruseruseruseruserus',
};
const postId = (n: number) => `post${String(n).padStart(22, '0')}`;

describe('POST /hooks/outgoing', () => {
  let url: string;
  let server: import('node:http').Server;
  let feed: WebhookFeed;
  let logs = '';

  beforeAll(async () => {
    feed = new WebhookFeed(100);
    const destination = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    const log = createLogger({ level: 'debug', destination });
    const app = express();
    app.use(
      '/hooks/outgoing',
      createOutgoingWebhookRouter({
        tokens: ['other-token', TOKEN],
        replyText: 'noted',
        feed,
        log,
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/outgoing`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  const fields = (n: number, token: string | null = TOKEN) => ({
    ...(token === null ? {} : { token }),
    team_id: ids.team,
    team_domain: 'demo',
    channel_id: ids.channel,
    channel_name: 'town-square',
    timestamp: '1700000000',
    user_id: ids.user,
    user_name: 'alice',
    post_id: postId(n),
    text: `secret words ${n}`,
    trigger_word: '',
    file_ids: '',
  });

  const postForm = (body: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(body).toString(),
      signal: AbortSignal.timeout(5000),
    });

  it('accepts a form-encoded delivery, replies with the configured text and feeds it', async () => {
    const seen: WebhookDelivery[] = [];
    feed.on('delivery', (d) => seen.push(d));
    const res = await postForm(fields(1));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ text: 'noted' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      post_id: postId(1),
      channel_id: ids.channel,
      text: 'secret words 1',
    });
    // Form bodies carry seconds; the feed keeps milliseconds.
    expect(seen[0]!.timestamp).toBe(1_700_000_000_000);
    expect(seen[0]).not.toHaveProperty('token');
  });

  it('accepts a JSON delivery with millisecond timestamps and file ids', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ...fields(2),
        timestamp: 1_700_000_000_123,
        file_ids: `${'f'.repeat(26)},${'g'.repeat(26)}`,
      }),
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(200);
    const d = feed.list().find((x) => x.post_id === postId(2))!;
    expect(d.timestamp).toBe(1_700_000_000_123);
    expect(d.file_ids).toEqual(['f'.repeat(26), 'g'.repeat(26)]);
  });

  it('refuses a wrong, missing or repeated token with 401 and keeps nothing', async () => {
    const before = feed.size;
    expect((await postForm(fields(3, 'wrong-token'))).status).toBe(401);
    expect((await postForm(fields(4, null))).status).toBe(401);
    expect((await postForm(fields(5, TOKEN.slice(0, -1)))).status).toBe(401);
    const repeated = new URLSearchParams(fields(6));
    repeated.append('token', TOKEN);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: repeated.toString(),
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(401);
    expect(feed.size).toBe(before);
  });

  it('answers 400 to malformed bodies and missing fields', async () => {
    const before = feed.size;
    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"token": "' + TOKEN + '", ',
      signal: AbortSignal.timeout(5000),
    });
    expect(bad.status).toBe(400);
    const { post_id: _omit, ...noPost } = fields(7);
    expect((await postForm(noPost)).status).toBe(400);
    expect((await postForm({ ...fields(8), channel_id: 'not-an-id' })).status).toBe(400);
    const arr = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '[1,2]',
      signal: AbortSignal.timeout(5000),
    });
    expect(arr.status).toBe(400);
    expect(feed.size).toBe(before);
  });

  it('keeps a delivery Mattermost repeats only once, and loses none of a burst', async () => {
    const before = feed.size;
    expect((await postForm(fields(1))).status).toBe(200);
    expect(feed.size).toBe(before);
    const burst = Array.from({ length: 50 }, (_, i) => postForm(fields(100 + i)));
    const statuses = (await Promise.all(burst)).map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const kept = new Set(feed.list().map((d) => d.post_id));
    for (let i = 0; i < 50; i++) expect(kept.has(postId(100 + i))).toBe(true);
  });

  it('never logs a token or a message body', () => {
    expect(logs).toContain('webhook_delivery');
    expect(logs).toContain('webhook_rejected');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('wrong-token');
    expect(logs).not.toContain('secret words');
  });
});

describe('WebhookFeed', () => {
  it('stays within its capacity, dropping the oldest', () => {
    const feed = new WebhookFeed(3);
    for (let i = 0; i < 10; i++) {
      feed.add({
        post_id: postId(i),
        channel_id: ids.channel,
        channel_name: '',
        team_id: ids.team,
        team_domain: '',
        user_id: ids.user,
        user_name: '',
        text: '',
        trigger_word: '',
        file_ids: [],
        timestamp: i,
        received_at: i,
      });
    }
    expect(feed.list().map((d) => d.timestamp)).toEqual([7, 8, 9]);
  });
});
