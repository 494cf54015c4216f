import { z } from 'zod';
import type { ChannelModeration, Role } from '../gateway/roles.js';
import type { ChannelMembership, TeamMembership } from '../gateway/user-gateway.js';

export const roleSummarySchema = z.object({
  name: z.string(),
  display_name: z.string(),
  permissions: z.array(z.string()),
});
export type RoleSummary = z.infer<typeof roleSummarySchema>;

export function toRoleSummary(role: Role): RoleSummary {
  return {
    name: role.name,
    display_name: role.description || role.display_name,
    permissions: [...role.permissions].sort(),
  };
}

export function formatRole(role: RoleSummary): string {
  return (
    `${role.name} (${role.display_name}): ${role.permissions.length} permission` +
    `${role.permissions.length === 1 ? '' : 's'}\n${role.permissions.join(', ')}`
  );
}

export const membershipSchema = z.object({
  roles: z.array(z.string()),
  admin: z.boolean(),
  guest: z.boolean(),
});
export type MembershipSummary = z.infer<typeof membershipSchema>;

/** Roles of a channel or team membership, with the admin and guest flags Mattermost keeps apart. */
export function toMembershipSummary(member: ChannelMembership | TeamMembership): MembershipSummary {
  const roles = member.roles.split(' ').filter(Boolean);
  return {
    roles,
    admin: Boolean(member.scheme_admin) || roles.some((role) => role.endsWith('_admin')),
    guest:
      Boolean((member as { scheme_guest?: boolean }).scheme_guest) ||
      roles.some((role) => role.endsWith('_guest')),
  };
}

/** `admin` / `guest` / `member`, as a person would say it. */
export function membershipRank(member: MembershipSummary): string {
  return member.admin ? 'admin' : member.guest ? 'guest' : 'member';
}

export const moderationSchema = z.object({
  permission: z.string(),
  members: z.boolean(),
  guests: z.boolean().optional(),
});

export function toModerations(moderations: readonly ChannelModeration[]) {
  return moderations.map((m) => ({
    permission: m.name,
    members: m.roles.members.value,
    ...(m.roles.guests ? { guests: m.roles.guests.value } : {}),
  }));
}

export function formatModeration(m: z.infer<typeof moderationSchema>): string {
  const who = (allowed: boolean) => (allowed ? 'yes' : 'no');
  return `${m.permission}: members ${who(m.members)}${m.guests === undefined ? '' : ` · guests ${who(m.guests)}`}`;
}
