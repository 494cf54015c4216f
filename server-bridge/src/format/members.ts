import { z } from 'zod';
import type { ChannelMembership, TeamMembership, UserProfile } from '../gateway/user-gateway.js';
import { displayName } from './users.js';

export const memberSummarySchema = z.object({
  user_id: z.string(),
  username: z.string().describe('Username, or the user id when the profile could not be read.'),
  display_name: z.string(),
  roles: z.array(z.string()),
  admin: z.boolean().describe('Channel or team admin.'),
  is_bot: z.boolean(),
  deactivated: z.boolean(),
});
export type MemberSummary = z.infer<typeof memberSummarySchema>;

type Membership = Pick<ChannelMembership | TeamMembership, 'user_id' | 'roles' | 'scheme_admin'>;

/** One member of a channel or team, named with the profile looked up for it (if any). */
export function toMemberSummary(member: Membership, user: UserProfile | undefined): MemberSummary {
  const roles = member.roles.split(' ').filter(Boolean);
  return {
    user_id: member.user_id,
    username: user?.username ?? member.user_id,
    display_name: user ? displayName(user) : member.user_id,
    roles,
    admin: Boolean(member.scheme_admin) || roles.some((role) => role.endsWith('_admin')),
    is_bot: Boolean(user?.is_bot),
    deactivated: Boolean(user?.delete_at),
  };
}

/** `@alice — Alice Smith · admin · bot · id …` */
export function formatMemberLine(member: MemberSummary): string {
  const parts = [`@${member.username} — ${member.display_name}`];
  if (member.admin) parts.push('admin');
  if (member.is_bot) parts.push('bot');
  if (member.deactivated) parts.push('deactivated');
  parts.push(`id ${member.user_id}`);
  return parts.join(' · ');
}

/**
 * A page of members named with their profiles, admins first and then by username, so a listing
 * reads the same every time; bots left out when asked.
 */
export function memberSummaries(
  members: readonly Membership[],
  users: ReadonlyMap<string, UserProfile>,
  options: { excludeBots: boolean },
): MemberSummary[] {
  return members
    .map((member) => toMemberSummary(member, users.get(member.user_id)))
    .filter((member) => !(options.excludeBots && member.is_bot))
    .sort((a, b) => Number(b.admin) - Number(a.admin) || a.username.localeCompare(b.username));
}
