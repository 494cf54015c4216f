import { z } from 'zod';
import type { Team } from '../gateway/user-gateway.js';
import { pick, pickPresent } from './fields.js';

export const teamSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  display_name: z.string(),
  type: z.enum(['open', 'invite']),
  description: z.string().optional(),
});
export type TeamSummary = z.infer<typeof teamSummarySchema>;

export function toTeamSummary(team: Team): TeamSummary {
  return {
    ...pick(team, 'id', 'name', 'display_name'),
    type: team.type === 'O' ? 'open' : 'invite',
    ...pickPresent(team, 'description'),
  };
}

/** `acme — Acme Inc · open · id …` */
export function formatTeamLine(team: TeamSummary): string {
  const parts = [`${team.name} — ${team.display_name}`, team.type];
  if (team.description) parts.push(team.description);
  parts.push(`id ${team.id}`);
  return parts.join(' · ');
}

/** `acme — Acme Inc: 12 members, 11 active` */
export function formatTeamStats(stats: {
  team: TeamSummary;
  member_count: number;
  active_member_count: number;
}): string {
  const { team, member_count: total, active_member_count: active } = stats;
  return `${team.name} — ${team.display_name}: ${total} member${total === 1 ? '' : 's'}, ${active} active`;
}
