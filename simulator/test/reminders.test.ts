import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { eventually, startWorkspace, type Workspace } from './support/workspace.js';

let w: Workspace;

beforeAll(async () => {
  w = await startWorkspace();
});

afterAll(async () => {
  await w.stop();
});

describe('post reminders', () => {
  it('sends the user a direct message from the system bot with a link to the post at the target time', async () => {
    const post = await w.bob.client.createPost({
      channel_id: w.town.id,
      message: 'Remember the release notes',
    } as never);
    const target = Math.floor(Date.now() / 1000) + 1;
    await w.alice.client.addPostReminder(w.alice.id, post.id, target);
    const bot = await eventually(() => w.sim.context.store.userByUsername('system-bot'), 4000);
    expect(bot.is_bot).toBe(true);
    const dm = w.sim.context.store.channelByName('', [bot.id, w.alice.id].sort().join('__'))!;
    const reminder = await eventually(async () => {
      const list = await w.alice.client.getPosts(dm.id);
      return list.order.map((id) => list.posts[id]!).find((p) => p.type === 'reminder');
    }, 4000);
    expect(reminder.user_id).toBe(bot.id);
    expect(reminder.message).toContain(`@${w.bob.username}`);
    expect(reminder.message).toContain(`${w.sim.url}/${w.team.name}/pl/${post.id}`);
    expect(reminder.props).toMatchObject({ post_id: post.id, team_name: w.team.name });
    expect(Date.now()).toBeGreaterThanOrEqual(target * 1000);
  });

  it('refuses a post the user cannot read, another user, and a missing target time', async () => {
    const secret = await w.alice.client.createPost({
      channel_id: w.secret.id,
      message: 'private',
    } as never);
    const later = Math.floor(Date.now() / 1000) + 3600;
    await expect(
      w.carol.client.addPostReminder(w.carol.id, secret.id, later),
    ).rejects.toMatchObject({
      status_code: 403,
    });
    await expect(
      w.carol.client.addPostReminder(w.alice.id, secret.id, later),
    ).rejects.toMatchObject({
      status_code: 403,
    });
    await expect(
      w.alice.client.addPostReminder(w.alice.id, secret.id, undefined as never),
    ).rejects.toMatchObject({ status_code: 400 });
    await expect(
      w.alice.client.addPostReminder(w.alice.id, 'abcdefghijklmnopqrstuvwxyz', later),
    ).rejects.toMatchObject({ status_code: 404 });
  });
});
