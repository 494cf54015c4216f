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

/** Members sorted by username, admins first, so a listing reads the same every time. */
export function sortMembers(members: readonly MemberSummary[]): MemberSummary[] {
  return [...members].sort(
    (a, b) => Number(b.admin) - Number(a.admin) || a.username.localeCompare(b.username),
  );
}
