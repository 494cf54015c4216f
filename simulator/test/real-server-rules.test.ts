import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { enableFeatures, startSimulator } from '../src/index.js';
import { createPost } from '../src/services/posts.js';
import { createSession } from '../src/services/users.js';
import { startWorkspace, restClient, type Workspace } from './support/workspace.js';
import { failure } from './support/core.js';

// Reading, unreads, limits and errors as a real Mattermost has them (see the server's post.go,
// post_store.go, reaction.go, user.go, handlers.go and ratelimit.go).
describe('read state and posts', () => {
  let w: Workspace;

  beforeAll(async () => {
    w = await startWorkspace();
  });

  afterAll(async () => {
    await w?.stop();
  });

  it("marks the channel viewed for the author's root post, not for their collapsed-thread reply", async () => {
    const root = await w.bob.client.createPost({ channel_id: w.town.id, message: 'root' });
    const afterRoot = await w.alice.client.getMyChannelMember(w.town.id);
    await w.alice.client.createPost({ channel_id: w.town.id, message: 'mine' });
    const afterOwn = await w.alice.client.getMyChannelMember(w.town.id);
    expect(afterOwn.last_viewed_at).toBeGreaterThan(afterRoot.last_viewed_at);

    await w.alice.client.createPost({ channel_id: w.town.id, message: 'reply', root_id: root.id });
    const afterReply = await w.alice.client.getMyChannelMember(w.town.id);
    const channel = await w.alice.client.getChannel(w.town.id);
    // Collapsed threads are always on: the reply leaves the view time and msg_count alone, and the
    // root counts (what the apps show) have nothing unread.
    expect(afterReply.last_viewed_at).toBe(afterOwn.last_viewed_at);
    expect(channel.total_msg_count).toBeGreaterThan(afterReply.msg_count);
    expect(channel.total_msg_count_root).toBe(afterReply.msg_count_root);
  });

  it("marks bots' posts from_bot and does not mark the channel viewed for the bot", async () => {
    const bot = await w.admin.client.createBot({ username: 'notice-bot' } as never);
    await w.admin.client.addToTeam(w.team.id, bot.user_id);
    await w.admin.client.addToChannel(bot.user_id, w.town.id);
    const token = await w.admin.client.createUserAccessToken(bot.user_id, 'bot');
    const botClient = restClient(w.sim.url, token.token!);
    const before = await botClient.getMyChannelMember(w.town.id);
    const post = await botClient.createPost({ channel_id: w.town.id, message: 'beep' });
    expect(post.props).toMatchObject({ from_bot: 'true' });
    const after = await botClient.getMyChannelMember(w.town.id);
    expect(after.last_viewed_at).toBe(before.last_viewed_at);
    expect(after.msg_count).toBe(before.msg_count);
  });

  it('answers ?since= strictly after, with the roots of changed replies', async () => {
    const root = await w.bob.client.createPost({ channel_id: w.town.id, message: 'since root' });
    const reply = await w.carol.client.createPost({
      channel_id: w.town.id,
      message: 'since reply',
      root_id: root.id,
    });
    const at = reply.update_at;
    const strict = await w.alice.client.getPostsSince(w.town.id, at);
    expect(strict.order).not.toContain(reply.id);

    const edited = await w.carol.client.patchPost({ id: reply.id, message: 'edited reply' });
    const changed = await w.alice.client.getPostsSince(w.town.id, edited.update_at - 1);
    expect(changed.order).toContain(reply.id);
    // The root did not change after that, yet comes along so the reply has its thread.
    expect(changed.order).toContain(root.id);
  });

  it('leaves deleted posts out of ?since= in collapsed-threads mode, and keeps them otherwise', async () => {
    const doomed = await w.bob.client.createPost({ channel_id: w.town.id, message: 'doomed' });
    const since = doomed.create_at - 1;
    await w.bob.client.deletePost(doomed.id);
    const flat = await w.alice.client.getPostsSince(w.town.id, since, true, false);
    expect(flat.order).toContain(doomed.id);
    const collapsed = await w.alice.client.getPostsSince(w.town.id, since, true, true);
    expect(collapsed.order).not.toContain(doomed.id);
  });

  it('answers at most 1000 posts to ?since=, the oldest changes first', async () => {
    const team = await w.admin.client.createTeam({
      name: 'busy',
      display_name: 'Busy',
      type: 'O',
    } as never);
    await w.admin.client.addToTeam(team.id, w.alice.id);
    const channel = await w.alice.client.createChannel({
      team_id: team.id,
      name: 'firehose',
      display_name: 'Firehose',
      type: 'O',
    } as never);
    const first = await w.alice.client.createPost({ channel_id: channel.id, message: 'p0' });
    // The rest written in process: a thousand REST round trips add nothing to what is tested.
    for (let i = 1; i < 1005; i++)
      createPost(w.sim.context, w.alice.id, { channel_id: channel.id, message: `p${i}` });
    const page = await w.alice.client.getPostsSince(channel.id, first.create_at - 1);
    expect(page.order).toHaveLength(1000);
    expect(page.order).toContain(first.id);
  }, 60_000);

  it('sends post_deleted with the post as it was, and delete_by to admins only', async () => {
    const post = await w.bob.client.createPost({ channel_id: w.town.id, message: 'to remove' });
    const seen = new Promise<{ data: Record<string, unknown>; perUser?: unknown }>((resolve) => {
      const off = w.sim.context.bus.subscribe((event) => {
        if (event.event !== 'post_deleted') return;
        off();
        resolve(event);
      });
    });
    await w.bob.client.deletePost(post.id);
    const event = await seen;
    const carried = JSON.parse(event.data['post'] as string) as { id: string; delete_at: number };
    expect(carried).toMatchObject({ id: post.id, delete_at: 0 });
    expect(event.data['delete_by']).toBeUndefined();
    expect(event.perUser).toEqual({ [w.admin.id]: { delete_by: w.bob.id } });
  });

  it('answers 200 to a reaction and makes the reactor follow the thread', async () => {
    const root = await w.bob.client.createPost({ channel_id: w.town.id, message: 'thread' });
    await w.carol.client.createPost({ channel_id: w.town.id, message: 'r', root_id: root.id });
    const res = await fetch(`${w.sim.url}/api/v4/reactions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${w.alice.token}` },
      body: JSON.stringify({ user_id: w.alice.id, post_id: root.id, emoji_name: 'eyes' }),
    });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    const thread = await w.alice.client.getUserThread(w.alice.id, w.team.id, root.id, false);
    expect(thread.is_following).toBe(true);
  });

  it('counts the message length in characters, not UTF-16 units', async () => {
    // 16383 emoji are 32766 UTF-16 units but 16383 characters: within the limit.
    const emoji = await w.alice.client.createPost({
      channel_id: w.town.id,
      message: '😀'.repeat(16383),
    });
    expect([...emoji.message]).toHaveLength(16383);
    const tooLong = await failure(
      w.alice.client.createPost({ channel_id: w.town.id, message: '😀'.repeat(16384) }),
    );
    expect(tooLong).toEqual({ status: 400, id: 'model.post.is_valid.message_length.app_error' });
    // Edits count the same way.
    const edited = await w.alice.client.patchPost({ id: emoji.id, message: '🙂'.repeat(16383) });
    expect([...edited.message]).toHaveLength(16383);
    const editTooLong = await failure(
      w.alice.client.patchPost({ id: emoji.id, message: '🙂'.repeat(16384) }),
    );
    expect(editTooLong).toEqual({
      status: 400,
      id: 'model.post.is_valid.message_length.app_error',
    });
  });

  it('drops file ids it cannot attach and still creates the post', async () => {
    const post = await w.alice.client.createPost({
      channel_id: w.town.id,
      message: 'with a missing file',
      file_ids: ['aaaaaaaaaaaaaaaaaaaaaaaaaa'],
    });
    expect(post.file_ids ?? []).toEqual([]);
  });

  it('refuses a user search for more than 1000 users', async () => {
    const search = (limit: number) =>
      fetch(`${w.sim.url}/api/v4/users/search`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${w.alice.token}` },
        body: JSON.stringify({ term: 'a', limit }),
      });
    const ok = await search(1000);
    await ok.arrayBuffer();
    expect(ok.status).toBe(200);
    const refused = await search(1001);
    expect(((await refused.json()) as { id: string }).id).toBe(
      'api.context.invalid_param.app_error',
    );
    expect(refused.status).toBe(400);
  });

  it('takes ?access_token= from OAuth sessions only', async () => {
    const me = (token: string) => fetch(`${w.sim.url}/api/v4/users/me?access_token=${token}`);
    const personal = await me(w.alice.token);
    expect(((await personal.json()) as { id: string }).id).toBe(
      'api.context.token_provided.app_error',
    );
    expect(personal.status).toBe(401);
    const oauth = createSession(w.sim.context, w.alice.id, 'oauth');
    const viaOAuth = await me(oauth.token);
    expect(((await viaOAuth.json()) as { id: string }).id).toBe(w.alice.id);
  });
});

/** Asks until the answer is a 429 (at most 50 times), and returns that answer. */
async function untilRefused(ask: () => Promise<Response>): Promise<Response> {
  for (let i = 0; i < 50; i++) {
    const answer = await ask();
    if (answer.status === 429) return answer;
    await answer.arrayBuffer();
  }
  throw new Error('no request was refused');
}

describe('rate limiting', () => {
  it('is off by default, and when on refuses per address with a plain-text 429 and its headers', async () => {
    const sim = await startSimulator({ seed: 'empty' });
    try {
      const admin = restClient(sim.url, sim.admin.token);
      const ping = () => fetch(`${sim.url}/api/v4/system/ping`);
      const free = await ping();
      await free.arrayBuffer();
      expect(free.headers.get('x-ratelimit-limit')).toBeNull();

      await enableFeatures(admin, {
        rateLimit: {
          Enable: true,
          PerSec: 1,
          MaxBurst: 2,
          VaryByRemoteAddr: true,
          VaryByUser: false,
        },
      });
      // Burst 2 allows three at once (limit = burst + 1); then one a second, so asking faster than
      // that meets a refusal, whoever asks.
      for (let i = 0; i < 3; i++) {
        const a = await ping();
        await a.arrayBuffer();
        expect(a.status).toBe(200);
        expect(a.headers.get('x-ratelimit-limit')).toBe('3');
      }
      const refused = await untilRefused(() =>
        fetch(`${sim.url}/api/v4/users/me`, {
          headers: { Authorization: `Bearer ${sim.admin.token}` },
        }),
      );
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await refused.text()).toBe('limit exceeded\n');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('x-ratelimit-reset')).not.toBeNull();
    } finally {
      await sim.stop();
    }
  });

  it('limits each token on its own with VaryByUser', async () => {
    const sim = await startSimulator({ seed: 'empty' });
    try {
      const admin = restClient(sim.url, sim.admin.token);
      const other = createSession(sim.context, sim.admin.id, 'login');
      await enableFeatures(admin, {
        rateLimit: { Enable: true, PerSec: 1, MaxBurst: 0, VaryByUser: true },
      });
      const me = (token: string) =>
        fetch(`${sim.url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${token}` } });
      const first = await me(sim.admin.token);
      await first.arrayBuffer();
      expect(first.status).toBe(200);
      await (await untilRefused(() => me(sim.admin.token))).arrayBuffer();
      // Another token from the same address has its own budget.
      const another = await me(other.token);
      await another.arrayBuffer();
      expect(another.status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});

describe('the demo seed', () => {
  it('has whole-millisecond timestamps only', async () => {
    const sim = await startSimulator({ seed: 'demo' });
    try {
      const { store } = sim.context;
      const stamps: number[] = [];
      for (const p of store.posts.values()) stamps.push(p.create_at, p.update_at, p.edit_at);
      for (const c of store.channels.values()) stamps.push(c.create_at, c.last_post_at);
      expect(stamps.length).toBeGreaterThan(100);
      expect(stamps.filter((t) => !Number.isInteger(t))).toEqual([]);
    } finally {
      await sim.stop();
    }
  });
});
