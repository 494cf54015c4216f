import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { clientFor, failure, startWithPeople, type Client, type Person } from './support/core.js';
import { holdsWithin } from './support/workspace.js';

const ADMIN_PASSWORD = 'Sys@dmin-sample1';

// Bookmarks, scheduled posts, acknowledgements, unread windows, configuration and OAuth.
describe('workspace features', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let bob: Person;
  let teamId: string;
  let channelId: string;

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'bob');
    ({ sim, admin } = started);
    [alice, bob] = [started.people['alice']!, started.people['bob']!];
    teamId = (await admin.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as never))
      .id;
    await admin.addToTeam(teamId, alice.id);
    await admin.addToTeam(teamId, bob.id);
    channelId = (
      await alice.client.createChannel({
        team_id: teamId,
        name: 'work',
        display_name: 'Work',
        type: 'O',
      })
    ).id;
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('keeps channel bookmarks in order and versions edits', async () => {
    const a = await alice.client.createChannelBookmark(
      channelId,
      { display_name: 'Docs', type: 'link', link_url: 'https://docs.example.com' },
      '',
    );
    const b = await alice.client.createChannelBookmark(
      channelId,
      {
        display_name: 'Board',
        type: 'link',
        link_url: 'https://board.example.com',
        emoji: 'clipboard',
      },
      '',
    );
    expect([a.sort_order, b.sort_order]).toEqual([0, 1]);
    const sorted = await alice.client.updateChannelBookmarkSortOrder(channelId, b.id, 0, '');
    expect(sorted.map((x: { display_name: string }) => x.display_name)).toEqual(['Board', 'Docs']);
    const edit = await alice.client.updateChannelBookmark(
      channelId,
      a.id,
      { display_name: 'Handbook' },
      '',
    );
    expect(edit.updated.display_name).toBe('Handbook');
    expect(edit.deleted.id).toBe(a.id);
    await alice.client.deleteChannelBookmark(channelId, b.id, '');
    const list = await bob.client.getChannelBookmarks(channelId);
    expect(list.map((x) => x.display_name)).toEqual(['Handbook']);
    expect(
      await failure(
        alice.client.createChannelBookmark(
          channelId,
          { display_name: 'x', type: 'link', link_url: 'ftp://x' },
          '',
        ),
      ),
    ).toMatchObject({ status: 400 });
  });

  it('sends a scheduled post when it is due', async () => {
    const { data: scheduled } = await alice.client.createScheduledPost(
      { channel_id: channelId, message: 'Reminder: retro at 3', scheduled_at: Date.now() + 1200 },
      '',
    );
    const { data: pending } = await alice.client.getScheduledPosts(teamId, true);
    expect(pending[teamId]?.map((s) => s.id)).toEqual([scheduled.id]);
    expect(
      (
        await failure(
          alice.client.createScheduledPost(
            { channel_id: channelId, message: 'past', scheduled_at: Date.now() - 1000 },
            '',
          ),
        )
      ).status,
    ).toBe(400);
    const found = await holdsWithin(async () => {
      const posts = await bob.client.getPosts(channelId, 0, 10);
      return Object.values(posts.posts).some(
        (p) => p.message === 'Reminder: retro at 3' && p.user_id === alice.id,
      );
    }, 5000);
    expect(found).toBe(true);
    expect((await alice.client.getScheduledPosts(teamId, true)).data[teamId]).toEqual([]);
  });

  it('records acknowledgements in post metadata', async () => {
    const post = await alice.client.createPost({
      channel_id: channelId,
      message: 'Please ack',
      metadata: { priority: { priority: 'important', requested_ack: true } },
    } as never);
    const ack = await bob.client.acknowledgePost(post.id, bob.id);
    expect(ack).toMatchObject({ user_id: bob.id, post_id: post.id });
    const seen = await alice.client.getPost(post.id);
    expect(seen.metadata.acknowledgements?.map((a) => a.user_id)).toEqual([bob.id]);
    expect(seen.metadata.priority).toMatchObject({ priority: 'important', requested_ack: true });
    await bob.client.unacknowledgePost(post.id, bob.id);
    expect((await alice.client.getPost(post.id)).metadata.acknowledgements).toBeUndefined();
  });

  it('reports unread counts and marks them read', async () => {
    await bob.client.addToChannel(bob.id, channelId);
    await bob.client.viewMyChannel(channelId);
    const one = await alice.client.createPost({ channel_id: channelId, message: 'one' });
    await alice.client.createPost({ channel_id: channelId, message: 'two @bob' });
    // Client4 has no call for this route; the bridge and the webapp read it directly.
    const unreadOf = async () =>
      (await (
        await fetch(`${sim.url}/api/v4/users/${bob.id}/channels/${channelId}/unread`, {
          headers: { Authorization: `Bearer ${bob.token}` },
        })
      ).json()) as Record<string, unknown>;
    const unread = await unreadOf();
    expect(unread).toMatchObject({
      channel_id: channelId,
      team_id: teamId,
      msg_count: 2,
      mention_count: 1,
    });
    const window = await bob.client.getPostsUnread(channelId, bob.id);
    expect(window.order.slice(0, 2).map((id) => window.posts[id]!.message)).toEqual([
      'two @bob',
      'one',
    ]);
    const viewed = await bob.client.viewMyChannel(channelId);
    expect(viewed.status).toBe('OK');
    expect(await unreadOf()).toMatchObject({ msg_count: 0, mention_count: 0 });
    const marked = await bob.client.markPostAsUnread(bob.id, one.id);
    expect(marked).toMatchObject({
      channel_id: channelId,
      mention_count: 1,
      last_viewed_at: one.create_at - 1,
    });
    expect(await unreadOf()).toMatchObject({ msg_count: 2, mention_count: 1 });
  });

  it('patches the configuration deeply, plugin settings included', async () => {
    const patched = await admin.patchConfig({
      PluginSettings: {
        Plugins: { 'mattermost-mcp-bridge': { bridgeurl: 'http://127.0.0.1:8787' } },
      },
    } as never);
    expect(patched.PluginSettings.Plugins['mattermost-mcp-bridge']).toEqual({
      bridgeurl: 'http://127.0.0.1:8787',
    });
    expect(patched.PluginSettings.Enable).toBe(true);
    await admin.patchConfig({
      PluginSettings: { Plugins: { 'mattermost-mcp-bridge': { readonly: true } } },
    } as never);
    const config = await admin.getConfig();
    expect(config.PluginSettings.Plugins['mattermost-mcp-bridge']).toEqual({
      bridgeurl: 'http://127.0.0.1:8787',
      readonly: true,
    });
    expect(config.ServiceSettings.SiteURL).toBe(sim.url);
    const stats = await admin.getAnalytics('standard');
    expect(stats.find((s) => s.name === 'post_count')?.value).toBeGreaterThan(0);
  });

  it('runs the OAuth authorization code flow and refresh', async () => {
    const app = await admin.createOAuthApp({
      name: 'Assistant',
      description: 'An OAuth client',
      homepage: 'https://assistant.example.com',
      callback_urls: ['https://assistant.example.com/callback'],
      icon_url: '',
      is_trusted: true,
    } as never);
    expect(app.client_secret).toMatch(/^[a-z0-9]{26}$/);
    expect(
      (
        await failure(
          alice.client.createOAuthApp({
            name: 'x',
            homepage: 'https://x',
            callback_urls: ['https://x'],
          } as never),
        )
      ).status,
    ).toBe(403);

    const login = clientFor(sim.url);
    await login.login('sysadmin', ADMIN_PASSWORD);
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.id,
      redirect_uri: 'https://assistant.example.com/callback',
      state: 'xyz',
    });
    const authorize = await fetch(`${sim.url}/oauth/authorize?${query}`, {
      headers: { Authorization: `Bearer ${login.getToken()}` },
      redirect: 'manual',
    });
    expect(authorize.status).toBe(302);
    const redirected = new URL(authorize.headers.get('location')!);
    expect(redirected.searchParams.get('state')).toBe('xyz');
    const code = redirected.searchParams.get('code')!;

    const exchange = (form: Record<string, string>) =>
      fetch(`${sim.url}/oauth/access_token`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: app.id, client_secret: app.client_secret, ...form }),
      });
    const tokenAnswer = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://assistant.example.com/callback',
    });
    expect(tokenAnswer.status).toBe(200);
    const tokens = (await tokenAnswer.json()) as {
      access_token: string;
      refresh_token: string;
      token_type: string;
      expires_in: number;
    };
    expect(tokens.token_type).toBe('bearer');
    expect((await clientFor(sim.url, tokens.access_token).getMe()).username).toBe('sysadmin');
    const reused = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://assistant.example.com/callback',
    });
    expect(reused.status).toBe(400);

    const refreshed = (await (
      await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).json()) as { access_token: string };
    expect((await clientFor(sim.url, refreshed.access_token).getMe()).username).toBe('sysadmin');
    expect((await failure(clientFor(sim.url, tokens.access_token).getMe())).status).toBe(401);
  });
});
