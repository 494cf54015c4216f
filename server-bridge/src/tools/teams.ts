import { z } from 'zod';
import { formatTeamLine, teamSummarySchema, toTeamSummary } from '../format/teams.js';
import { defineTool } from './define.js';

const listTeams = defineTool({
  name: 'list_teams',
  title: 'List my teams',
  description:
    'Lists the Mattermost teams the user belongs to, with their names (used in team/channel references) ' +
    'and display names.',
  toolset: 'teams',
  kind: 'read',
  input: z.object({}),
  output: z.object({ teams: z.array(teamSummarySchema) }),
  async handler(_args, { mm }) {
    const teams = (await mm.getMyTeams())
      .map(toTeamSummary)
      .sort((a, b) => a.name.localeCompare(b.name));
    const text = teams.length
      ? `${teams.length} team${teams.length === 1 ? '' : 's'}:\n${teams.map(formatTeamLine).join('\n')}`
      : 'You are not a member of any team.';
    return { text, structured: { teams } };
  },
});

export const teamTools = [listTeams];
