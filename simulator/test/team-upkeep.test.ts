import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { enableFeatures, type Simulator } from '../src/index.js';
import { failure, startWithPeople, type Client, type Person } from './support/core.js';

// Inviting by email, adding many people to a team or a channel: Mattermost's permissions, its
// per-item answers and its defaults.
describe('team upkeep over REST', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let bob: Person;
  let guest: Person;
  let outsider: Person;
  let teamId: string;
  let channelId: string;

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'bob', 'guest', 'outsider');
    ({ sim, admin } = started);
    const person = (name: string): Person => started.people[name]!;
    alice = person('alice');
    bob = person('bob');
    guest = person('guest');
    outsider = person('outsider');
    await admin.updateUserRoles(guest.id, 'system_guest');
    teamId = (await admin.createTeam({ name: 'crew', display_name: 'Crew', type: 'I' } as never))
      .id;
    for (const person of [alice, guest]) await admin.addToTeam(teamId, person.id);
    channelId = (
      await alice.client.createChannel({
        team_id: teamId,
        name: 'deck',
        display_name: 'Deck',
        type: 'O',
      } as never)
    ).id;
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('refuses email invitations while the server has them off (the default)', async () => {
    expect(
      await failure(alice.client.sendEmailInvitesToTeamGracefully(teamId, ['x@example.com'])),
    ).toEqual({ status: 501, id: 'api.team.invite_members.disabled.app_error' });
    expect(sim.context.store.emailInvites).toEqual([]);
  });

  it('lets a team member invite, per address, and keeps guests and outsiders out', async () => {
    await enableFeatures(admin, { emailInvitations: true });
    await admin.patchTeam({ id: teamId, allowed_domains: 'example.com' } as never);
    const answer = (await alice.client.sendEmailInvitesToTeamAndChannelsGracefully(
      teamId,
      [channelId],
      ['Carol@Example.com', 'dave@elsewhere.org'],
      'Welcome aboard',
    )) as unknown as { email: string; error: { id: string } | null }[];
    expect(answer.map((a) => [a.email, a.error?.id ?? null])).toEqual([
      ['carol@example.com', null],
      ['dave@elsewhere.org', 'api.team.invite_members.invalid_email.app_error'],
    ]);
    expect(sim.context.store.emailInvites).toMatchObject([
      {
        email: 'carol@example.com',
        team_id: teamId,
        channel_ids: [channelId],
        sender_id: alice.id,
        message: 'Welcome aboard',
      },
    ]);
    for (const who of [guest, outsider])
      expect(
        await failure(who.client.sendEmailInvitesToTeamGracefully(teamId, ['e@example.com'])),
      ).toEqual({ status: 403, id: 'api.context.permissions.app_error' });
    // Without channels Mattermost sends its plain team invitation: the personal note is dropped.
    await alice.client.sendEmailInvitesToTeamAndChannelsGracefully(
      teamId,
      [],
      ['fay@example.com'],
      'Unsent note',
    );
    expect(sim.context.store.emailInvites.at(-1)).toMatchObject({
      email: 'fay@example.com',
      channel_ids: [],
      message: '',
    });
  });

  it('adds many to a team gracefully, each with its own answer', async () => {
    const missing = 'a'.repeat(26);
    const answer = (await alice.client.addUsersToTeamGracefully(teamId, [
      bob.id,
      missing,
    ])) as unknown as { user_id: string; member: object | null; error: { id: string } | null }[];
    expect(answer.map((a) => [a.user_id, a.member !== null, a.error?.id ?? null])).toEqual([
      [bob.id, true, null],
      [missing, false, 'app.user.missing_account.const'],
    ]);
    expect(await failure(guest.client.addUsersToTeamGracefully(teamId, [outsider.id]))).toEqual({
      status: 403,
      id: 'api.context.permissions.app_error',
    });
  });

  it('adds many to a channel, skipping those it cannot add, failing only when none could be', async () => {
    const added = await alice.client.addToChannels([bob.id, outsider.id], channelId);
    expect(added.map((m) => m.user_id)).toEqual([bob.id]);
    expect(await failure(alice.client.addToChannels([outsider.id], channelId))).toEqual({
      status: 403,
      id: 'api.channel.add_members.user_denied',
    });
  });
});
