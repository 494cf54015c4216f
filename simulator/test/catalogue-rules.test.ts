// Mattermost's rules for the sidebar, custom profile attributes, public file links, file bookmarks
// and the unread line, as a client meets them through the official REST client.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { failure } from './support/core.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

let w: Workspace;

beforeAll(async () => {
  w = await startWorkspace();
});

afterAll(async () => {
  await w.stop();
});

/** Uploads a text file to a channel as `who`, for a post or (`bookmark`) for a bookmark. */
async function upload(who: Workspace['alice'], channelId: string, text: string, bookmark = false) {
  const form = new FormData();
  form.append('channel_id', channelId);
  form.append('files', new Blob([text]), 'notes.txt');
  const answer = await who.client.uploadFile(form, bookmark);
  return answer.file_infos[0]!;
}

describe('sidebar categories', () => {
  it('are the owner’s alone, and a channel moved into a custom one leaves Favorites', async () => {
    const { alice, bob, team, town, secret } = w;
    expect(await failure(bob.client.getChannelCategories(alice.id, team.id))).toEqual({
      status: 403,
      id: 'api.context.permissions.app_error',
    });
    await alice.client.savePreferences(alice.id, [
      { user_id: alice.id, category: 'favorite_channel', name: town.id, value: 'true' },
    ]);
    const offTopic = w.sim.context.store.channelByName(team.id, 'off-topic')!;
    const rest = [offTopic.id, secret.id];
    const before = await alice.client.getChannelCategories(alice.id, team.id);
    expect(before.categories.map((c) => [c.type, c.channel_ids])).toEqual([
      ['favorites', [town.id]],
      ['channels', rest],
      ['direct_messages', []],
    ]);
    await alice.client.createChannelCategory(alice.id, team.id, {
      user_id: alice.id,
      team_id: team.id,
      display_name: 'Work',
      channel_ids: [town.id],
    });
    const after = await alice.client.getChannelCategories(alice.id, team.id);
    expect(after.categories.map((c) => [c.display_name, c.channel_ids])).toEqual([
      ['Favorites', []],
      ['Work', [town.id]],
      ['Channels', rest],
      ['Direct Messages', []],
    ]);
    expect(after.order).toEqual(after.categories.map((c) => c.id));
    // A channel the user is not in cannot be put in a category.
    const carolsTry = w.carol.client.createChannelCategory(w.carol.id, team.id, {
      user_id: w.carol.id,
      team_id: team.id,
      display_name: 'Peek',
      channel_ids: [secret.id],
    });
    expect((await failure(carolsTry)).status).toBe(400);
  });
});

describe('custom profile attributes', () => {
  it('need an Enterprise licence, and managed fields are not the user’s to change', async () => {
    const { admin, alice, bob } = w;
    expect(await failure(alice.client.getCustomProfileAttributeFields())).toEqual({
      status: 403,
      id: 'api.custom_profile_attributes.license_error',
    });
    await fetch(`${w.sim.url}/api/v4/simulator/license`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sku: 'enterprise' }),
    });
    expect(
      (await failure(alice.client.createCustomProfileAttributeField({ name: 'X', type: 'text' })))
        .status,
    ).toBe(403);
    const team = await admin.client.createCustomProfileAttributeField({
      name: 'Team',
      type: 'select',
      attrs: { options: [{ name: 'Core' }] },
    } as never);
    const badge = await admin.client.createCustomProfileAttributeField({
      name: 'Badge',
      type: 'text',
      attrs: { managed: 'admin' },
    } as never);
    const core = team.attrs.options![0]!.id;
    await alice.client.updateCustomProfileAttributeValues({ [team.id]: core });
    expect(await bob.client.getUserCustomProfileAttributesValues(alice.id)).toEqual({
      [team.id]: core,
    });
    expect(
      (await failure(alice.client.updateCustomProfileAttributeValues({ [team.id]: 'no-option' })))
        .status,
    ).toBe(400);
    expect(
      (await failure(alice.client.updateCustomProfileAttributeValues({ [badge.id]: '7' }))).status,
    ).toBe(403);
    const fields = await bob.client.getCustomProfileAttributeFields();
    expect(fields.map((f) => f.name)).toEqual(['Team', 'Badge']);
  });
});

describe('public file links', () => {
  it('are refused while FileSettings.EnablePublicLink is off, and checked by their hash', async () => {
    const { admin, alice, bob, town } = w;
    const info = await upload(alice, town.id, 'shared notes');
    await alice.client.createPost({
      channel_id: town.id,
      message: 'notes',
      file_ids: [info.id],
    } as never);
    expect(await failure(bob.client.getFilePublicLink(info.id))).toEqual({
      status: 403,
      id: 'api.file.get_public_link.disabled.app_error',
    });
    await admin.client.patchConfig({ FileSettings: { EnablePublicLink: true } } as never);
    const { link } = await bob.client.getFilePublicLink(info.id);
    expect(link).toMatch(new RegExp(`^${w.sim.url}/files/${info.id}/public\\?h=[\\w-]+$`));
    const opened = await fetch(link);
    expect(await opened.text()).toBe('shared notes');
    expect((await fetch(link.replace(/h=.*/, 'h=forged'))).status).toBe(400);
    // An upload not yet posted has no link.
    const loose = await upload(alice, town.id, 'draft');
    expect(await failure(alice.client.getFilePublicLink(loose.id))).toEqual({
      status: 400,
      id: 'api.file.get_public_link.no_post.app_error',
    });
    await admin.client.patchConfig({ FileSettings: { EnablePublicLink: false } } as never);
    expect((await fetch(link)).status).toBe(403);
  });
});

describe('file bookmarks', () => {
  it('take a file uploaded for the bookmark in its channel, never a posted one', async () => {
    const { alice, town, secret } = w;
    const posted = await upload(alice, town.id, 'posted');
    await alice.client.createPost({
      channel_id: town.id,
      message: 'x',
      file_ids: [posted.id],
    } as never);
    const fileBookmark = (fileId: string, channelId = town.id) =>
      alice.client.createChannelBookmark(
        channelId,
        { type: 'file', display_name: 'Notes', file_id: fileId },
        '',
      );
    expect((await failure(fileBookmark(posted.id))).status).toBe(400);
    const forBookmark = await upload(alice, town.id, 'for the bookmark', true);
    expect(forBookmark.user_id).toBe('bookmark');
    expect((await failure(fileBookmark(forBookmark.id, secret.id))).status).toBe(400);
    const made = await fileBookmark(forBookmark.id);
    expect(made).toMatchObject({ type: 'file', file_id: forBookmark.id });
    // A bookmark's file is read by whoever reads the channel, not by its uploader alone.
    const info = await fetch(`${w.sim.url}/api/v4/files/${forBookmark.id}/info`, {
      headers: { Authorization: `Bearer ${w.carol.token}` },
    });
    expect(info.status).toBe(200);
    expect((await failure(fileBookmark(forBookmark.id))).status).toBe(400);
  });
});

describe('the unread line', () => {
  it('falls between root posts with collapsed threads and needs limit_after', async () => {
    const { alice, bob, town } = w;
    const root = await bob.client.createPost({ channel_id: town.id, message: 'root' } as never);
    await alice.client.viewMyChannel(town.id);
    const reply = await bob.client.createPost({
      channel_id: town.id,
      message: 'reply',
      root_id: root.id,
    } as never);
    const next = await bob.client.createPost({ channel_id: town.id, message: 'next' } as never);
    await alice.client.markPostAsUnread(alice.id, next.id);
    const collapsed = await alice.client.getPostsUnread(town.id, alice.id, 10, 1, false, true);
    expect(collapsed.order).toEqual([next.id, root.id]);
    const expanded = await alice.client.getPostsUnread(town.id, alice.id, 10, 1, false, false);
    expect(expanded.order).toEqual([next.id, reply.id]);
    expect((await failure(alice.client.getPostsUnread(town.id, alice.id, 0, 5))).status).toBe(400);
  });
});
