import { jest } from '@jest/globals';
import { formatTeamStats } from '../../src/format/teams.js';
import { closedTeam, useStack } from '../helpers/fixtures.js';
import { callTool, createUser, textOf, uniqueName } from '../helpers/stack.js';
import { expectToolsMatchSnapshots } from '../helpers/tool-expectations.js';

jest.setTimeout(40_000);

const { stack, ws, alice } = useStack({ connect: ['alice'] });

describe('get_team_stats', () => {
  it('is listed read-only, its schema matching the snapshot', async () => {
    await expectToolsMatchSnapshots(alice, ['get_team_stats'], { readOnly: () => true });
  });

  it('counts every member and the active ones', async () => {
    const admin = stack.rest(stack.sim.admin);
    const leaver = await createUser(stack, 'leaver');
    await admin.addToTeam(ws.team.id, leaver.id);
    await admin.updateUserActive(leaver.id, false);
    const members = await admin.getTeamMembers(ws.team.id, 0, 200);

    const result = await callTool(alice, 'get_team_stats', { team: ws.team.name });
    if (result.isError) throw new Error(textOf(result));
    expect(result.structuredContent).toMatchObject({
      team: { id: ws.team.id, name: ws.team.name },
      member_count: members.length,
      active_member_count: members.length - 1,
    });
    expect(textOf(result)).toBe(
      `${ws.team.name} — Team ${ws.team.name}: ${members.length} members, ${members.length - 1} active`,
    );
  });

  it('refuses a team the caller is not in', async () => {
    const other = await closedTeam(stack);
    const result = await callTool(alice, 'get_team_stats', { team: other.id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).not.toMatch(/members, \d+ active/);
  });

  it('answers an unknown team as not found', async () => {
    const result = await callTool(alice, 'get_team_stats', { team: uniqueName('noteam') });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('No team');
  });

  it('counts the active users of the server without a team', async () => {
    const result = await callTool(alice, 'get_team_stats', {});
    expect(result.isError).toBeFalsy();
    const active = [...stack.sim.context.store.users.values()].filter((u) => !u.delete_at);
    expect(result.structuredContent).toEqual({ member_count: active.length });
    expect(textOf(result)).toBe(
      `The server has ${active.length} active accounts you can see, bots included.`,
    );
  });

  it('formats one member in the singular', () => {
    const team = { id: 't'.repeat(26), name: 'solo', display_name: 'Solo', type: 'open' as const };
    expect(formatTeamStats({ team, member_count: 1, active_member_count: 1 })).toBe(
      'solo — Solo: 1 member, 1 active',
    );
  });
});
