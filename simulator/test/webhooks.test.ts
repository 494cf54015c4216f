import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { eventually, quietPeriod, startWorkspace, type Workspace } from './support/workspace.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let w: Workspace;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** What the receiver answers, by path. */
const replies: Record<string, unknown> = {};

const at = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  w = await startWorkspace();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      res.setHeader('Content-Type', 'application/json');
      res.end(replies[path] === undefined ? '' : JSON.stringify(replies[path]));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await w.stop();
  await new Promise((r) => receiver.close(r));
});

describe('outgoing webhooks', () => {
  it('posts a form on a trigger word, with the time in seconds, and posts the reply back', async () => {
    const hook = await w.admin.client.createOutgoingWebhook({
      team_id: w.team.id,
      display_name: 'deployer',
      trigger_words: ['deploy'],
      trigger_when: 0,
      callback_urls: [`${base}/form`],
    } as never);
    expect(hook).toMatchObject({
      content_type: 'application/x-www-form-urlencoded',
      token: expect.any(String),
    });
    replies['/form'] = { text: 'deploying now', username: 'robot' };

    const post = await w.alice.client.createPost({
      channel_id: w.town.id,
      message: 'deploy the api',
    } as never);
    await eventually(() => at('/form')[0]);
    const got = at('/form')[0]!;
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(got.headers.accept).toBe('application/json');
    const form = Object.fromEntries(new URLSearchParams(got.body));
    expect(form).toEqual({
      token: hook.token,
      team_id: w.team.id,
      team_domain: 'engineering',
      channel_id: w.town.id,
      channel_name: 'town-square',
      timestamp: String(Math.floor(post.create_at / 1000)),
      user_id: w.alice.id,
      user_name: 'alice',
      post_id: post.id,
      text: 'deploy the api',
      trigger_word: 'deploy',
      file_ids: '',
    });

    const reply = await eventually(async () => {
      const list = await w.alice.client.getPosts(w.town.id);
      return Object.values(list.posts).find((p) => p.message === 'deploying now');
    });
    expect(reply.user_id).toBe(w.admin.id);
    expect(reply.root_id).toBe('');
    expect(reply.props.from_webhook).toBe('true');

    // A word that merely starts with the trigger does not fire an exact-match hook.
    await w.alice.client.createPost({ channel_id: w.town.id, message: 'deployment done' } as never);
    // Proves an absence: the near miss is not delivered.
    await quietPeriod(200);
    expect(at('/form')).toHaveLength(1);
    await w.admin.client.removeOutgoingWebhook(hook.id);
  });

  it('delivers to a private or loopback host only when AllowedUntrustedInternalConnections allows it', async () => {
    const hook = await w.admin.client.createOutgoingWebhook({
      team_id: w.team.id,
      display_name: 'internal',
      trigger_words: ['internal'],
      trigger_when: 0,
      callback_urls: [`${base}/internal`],
    } as never);
    const allow = (value: string) =>
      w.admin.client.patchConfig({
        ServiceSettings: { AllowedUntrustedInternalConnections: value },
      } as never);
    try {
      // A fresh server allows nothing: the post is made, the delivery is not.
      await allow('');
      await w.alice.client.createPost({ channel_id: w.town.id, message: 'internal one' } as never);
      // Allowed by a CIDR holding the address, the next one arrives.
      await allow('10.0.0.0/8 127.0.0.0/8');
      await w.alice.client.createPost({ channel_id: w.town.id, message: 'internal two' } as never);
      await eventually(() => at('/internal').find((r) => r.body.includes('internal+two')));
      expect(at('/internal').map((r) => new URLSearchParams(r.body).get('text'))).toEqual([
        'internal two',
      ]);
    } finally {
      await allow('127.0.0.1');
      await w.admin.client.removeOutgoingWebhook(hook.id);
    }
  });

  it('posts JSON with the time in milliseconds, replies in the thread, and never fires on its own reply', async () => {
    const hook = await w.admin.client.createOutgoingWebhook({
      team_id: w.team.id,
      channel_id: w.town.id,
      content_type: 'application/json',
      callback_urls: [`${base}/json`],
    } as never);
    replies['/json'] = { text: 'noted', response_type: 'comment', props: { source: 'receiver' } };

    const post = await w.bob.client.createPost({
      channel_id: w.town.id,
      message: 'anything at all',
    } as never);
    await eventually(() => at('/json')[0]);
    const got = at('/json')[0]!;
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.body)).toMatchObject({
      token: hook.token,
      timestamp: post.create_at,
      post_id: post.id,
      text: 'anything at all',
      trigger_word: '',
      user_name: 'bob',
    });

    const thread = await eventually(async () => {
      const t = await w.bob.client.getPostThread(post.id);
      return t.order.length === 2 ? t : undefined;
    });
    const comment = Object.values(thread.posts).find((p) => p.id !== post.id)!;
    expect(comment).toMatchObject({
      message: 'noted',
      root_id: post.id,
      props: { source: 'receiver', from_webhook: 'true' },
    });
    // Proves an absence: the hook's own reply does not fire it again.
    await quietPeriod(200);
    expect(at('/json')).toHaveLength(1);
    await w.admin.client.removeOutgoingWebhook(hook.id);
  });

  it('fires with starts-with matching and never in private channels', async () => {
    const hook = await w.admin.client.createOutgoingWebhook({
      team_id: w.team.id,
      trigger_words: ['!ops'],
      trigger_when: 1,
      callback_urls: [`${base}/starts`],
    } as never);
    await w.alice.client.createPost({
      channel_id: w.secret.id,
      message: '!ops in private',
    } as never);
    await w.alice.client.createPost({ channel_id: w.town.id, message: '!opsy in public' } as never);
    await eventually(() => at('/starts')[0]);
    // Proves an absence: the private channel's post is never delivered.
    await quietPeriod(200);
    expect(at('/starts').map((r) => new URLSearchParams(r.body).get('text'))).toEqual([
      '!opsy in public',
    ]);
    await w.admin.client.removeOutgoingWebhook(hook.id);
  });

  it('is managed by admins: get, list, update, regenerate the token, delete; others are refused', async () => {
    const hook = await w.admin.client.createOutgoingWebhook({
      team_id: w.team.id,
      trigger_words: ['status'],
      callback_urls: [`${base}/manage`],
    } as never);
    expect(await w.admin.client.getOutgoingWebhook(hook.id)).toMatchObject({
      id: hook.id,
      trigger_words: ['status'],
    });
    expect((await w.admin.client.getOutgoingWebhooks('', w.team.id)).map((h) => h.id)).toContain(
      hook.id,
    );
    const updated = await w.admin.client.updateOutgoingWebhook({
      ...hook,
      display_name: 'status bot',
    });
    expect(updated.display_name).toBe('status bot');
    const regenerated = await w.admin.client.regenOutgoingHookToken(hook.id);
    expect(regenerated.token).not.toBe(hook.token);

    await expect(w.alice.client.getOutgoingWebhook(hook.id)).rejects.toMatchObject({
      status_code: 403,
    });
    await expect(
      w.alice.client.createOutgoingWebhook({
        team_id: w.team.id,
        trigger_words: ['x'],
        callback_urls: [`${base}/x`],
      } as never),
    ).rejects.toMatchObject({ status_code: 403 });
    await expect(
      w.admin.client.createOutgoingWebhook({
        team_id: w.team.id,
        channel_id: w.secret.id,
        callback_urls: [`${base}/x`],
      } as never),
    ).rejects.toMatchObject({ status_code: 403 });
    await expect(
      w.admin.client.createOutgoingWebhook({
        team_id: w.team.id,
        callback_urls: [`${base}/x`],
      } as never),
    ).rejects.toMatchObject({ status_code: 400 });

    await w.admin.client.removeOutgoingWebhook(hook.id);
    await expect(w.admin.client.getOutgoingWebhook(hook.id)).rejects.toMatchObject({
      status_code: 404,
    });
  });
});

describe('webhook permissions and overrides', () => {
  it('lets a team admin manage hooks of their team, and names the reply as the receiver asks when allowed', async () => {
    const store = w.sim.context.store;
    store.teamMember(w.team.id, w.carol.id)!.roles = 'team_user team_admin';
    store.config.ServiceSettings.EnablePostUsernameOverride = true;
    try {
      const hook = await w.carol.client.createOutgoingWebhook({
        team_id: w.team.id,
        trigger_words: ['weather'],
        callback_urls: [`${base}/override`],
        content_type: 'application/json',
      } as never);
      expect(hook.creator_id).toBe(w.carol.id);
      replies['/override'] = { text: 'sunny', username: 'forecaster' };
      await w.bob.client.createPost({
        channel_id: w.town.id,
        message: 'weather tomorrow?',
      } as never);
      const reply = await eventually(async () => {
        const list = await w.bob.client.getPosts(w.town.id);
        return Object.values(list.posts).find((p) => p.message === 'sunny');
      });
      expect(reply.user_id).toBe(w.carol.id);
      expect(reply.props.override_username).toBe('forecaster');
      await w.carol.client.removeOutgoingWebhook(hook.id);
    } finally {
      store.teamMember(w.team.id, w.carol.id)!.roles = 'team_user';
      store.config.ServiceSettings.EnablePostUsernameOverride = false;
    }
  });

  it('keeps a locked incoming hook to its own channel', async () => {
    const hook = await w.admin.client.createIncomingWebhook({
      channel_id: w.town.id,
      channel_locked: true,
    } as never);
    const call = (payload: Record<string, string>) =>
      fetch(`${w.sim.url}/hooks/${hook.id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(payload),
      });
    expect((await call({ text: 'elsewhere', channel: 'off-topic' })).status).toBe(403);
    expect((await call({ text: 'locked message', channel: 'town-square' })).status).toBe(200);
    const town = await w.alice.client.getPosts(w.town.id);
    expect(Object.values(town.posts).map((p) => p.message)).toContain('locked message');
    await w.admin.client.removeIncomingWebhook(hook.id);
  });
});

describe('incoming webhooks', () => {
  it('posts a message sent as JSON or as a form payload, and is managed by admins', async () => {
    const hook = await w.admin.client.createIncomingWebhook({
      channel_id: w.town.id,
      display_name: 'alerts',
    } as never);
    expect(hook).toMatchObject({ channel_id: w.town.id, team_id: w.team.id });

    const json = await fetch(`${w.sim.url}/hooks/${hook.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'disk almost full' }),
    });
    expect(json.status).toBe(200);
    expect(await json.text()).toBe('ok');
    const form = await fetch(`${w.sim.url}/hooks/${hook.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        payload: JSON.stringify({ text: 'disk full', channel: 'off-topic' }),
      }).toString(),
    });
    expect(form.status).toBe(200);

    const town = await w.alice.client.getPosts(w.town.id);
    expect(
      Object.values(town.posts).find((p) => p.message === 'disk almost full')?.props.from_webhook,
    ).toBe('true');
    const offTopic = w.sim.context.store.channelByName(w.team.id, 'off-topic')!;
    const other = await w.alice.client.getPosts(offTopic.id);
    expect(Object.values(other.posts).map((p) => p.message)).toContain('disk full');

    const empty = await fetch(`${w.sim.url}/hooks/${hook.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(empty.status).toBe(400);

    const listed = (await w.admin.client.getIncomingWebhooks(w.team.id)) as { id: string }[];
    expect(listed.map((h) => h.id)).toContain(hook.id);
    const counted = await w.admin.client.getIncomingWebhooks(w.team.id, 0, 60, true);
    expect(counted).toMatchObject({
      total_count: 1,
      incoming_webhooks: [expect.objectContaining({ id: hook.id })],
    });
    expect(await w.admin.client.getIncomingWebhook(hook.id)).toMatchObject({
      display_name: 'alerts',
    });
    await expect(w.alice.client.getIncomingWebhook(hook.id)).rejects.toMatchObject({
      status_code: 403,
    });
    await w.admin.client.removeIncomingWebhook(hook.id);
    const gone = await fetch(`${w.sim.url}/hooks/${hook.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'too late' }),
    });
    expect(gone.status).toBe(400);
  });
});
