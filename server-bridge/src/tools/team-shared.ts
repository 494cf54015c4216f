import { z } from 'zod';
import { formatTeamLine, teamSummarySchema, toTeamSummary } from '../format/teams.js';
import { toUserSummary, userSummarySchema } from '../format/users.js';
import type { Team, UserGateway } from '../gateway/user-gateway.js';
import { resolveTeam, resolveUser } from '../resolve/names.js';
import { teamArg, userArg } from './arguments.js';
import { defineTool, type ToolKind } from './define.js';

/** `<verb> <team line>`: the answer of a tool that changed a team or the user's place in it. */
export function teamChange(verb: string, team: Team) {
  const summary = toTeamSummary(team);
  return { text: `${verb} ${formatTeamLine(summary)}`, structured: summary };
}

/** A tool that adds someone to a team or removes them, answering with both. */
export interface TeamMemberChange {
  name: string;
  title: string;
  description: string;
  kind: Exclude<ToolKind, 'read'>;
  /** How the answer reads: `Added @bob to <team>`. */
  done: 'Added' | 'Removed';
  act(mm: UserGateway, teamId: string, userId: string): Promise<unknown>;
}

export function teamMemberChangeTool(change: TeamMemberChange) {
  const where = change.done === 'Added' ? 'to' : 'from';
  return defineTool({
    name: change.name,
    title: change.title,
    description: change.description,
    toolset: 'teams',
    kind: change.kind,
    input: z.object({ team: teamArg('A team name or id.'), user: userArg() }),
    output: z.object({ team: teamSummarySchema, user: userSummarySchema }),
    async handler(args, { mm }) {
      const [team, user] = await Promise.all([
        resolveTeam(mm, args.team),
        resolveUser(mm, args.user),
      ]);
      await change.act(mm, team.id, user.id);
      const structured = { team: toTeamSummary(team), user: toUserSummary(user) };
      const line = formatTeamLine(structured.team);
      return { text: `${change.done} @${user.username} ${where} ${line}`, structured };
    },
  });
}
