import { z } from 'zod';
import type { Group } from '../gateway/groups.js';
import { pick } from './fields.js';

export const groupSummarySchema = z.object({
  id: z.string(),
  name: z.string().describe('Mention it as @name.'),
  display_name: z.string(),
  source: z.string().describe('custom or ldap.'),
  member_count: z.number().int().optional(),
  mentionable: z.boolean(),
});
export type GroupSummary = z.infer<typeof groupSummarySchema>;

export function toGroupSummary(group: Group): GroupSummary {
  return {
    ...pick(group, 'id', 'name', 'display_name', 'source'),
    ...(typeof group.member_count === 'number' ? { member_count: group.member_count } : {}),
    mentionable: Boolean(group.allow_reference),
  };
}

/** `@backend-team — Backend Team · 5 members · ldap · id …` */
export function formatGroupLine(group: GroupSummary): string {
  const parts = [`@${group.name} — ${group.display_name}`];
  if (group.member_count !== undefined)
    parts.push(`${group.member_count} member${group.member_count === 1 ? '' : 's'}`);
  parts.push(group.source);
  if (!group.mentionable) parts.push('not mentionable');
  parts.push(`id ${group.id}`);
  return parts.join(' · ');
}
