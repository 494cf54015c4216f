import { z } from 'zod';
import type { UserProfile } from '../gateway/user-gateway.js';
import { pick, pickPresent } from './fields.js';

export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  email: z.string().optional(),
  position: z.string().optional(),
  is_bot: z.boolean(),
  deactivated: z.boolean(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export function displayName(
  user: Pick<UserProfile, 'first_name' | 'last_name' | 'nickname' | 'username'>,
): string {
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return full || user.nickname || user.username;
}

export function toUserSummary(user: UserProfile): UserSummary {
  return {
    ...pick(user, 'id', 'username'),
    display_name: displayName(user),
    ...pickPresent(user, 'email', 'position'),
    is_bot: Boolean(user.is_bot),
    deactivated: Boolean(user.delete_at),
  };
}

/** `@alice — Alice Smith · alice@example.com · Engineer · id 8x…` */
export function formatUserLine(user: UserSummary): string {
  const parts = [`@${user.username} — ${user.display_name}`];
  if (user.email) parts.push(user.email);
  if (user.position) parts.push(user.position);
  if (user.is_bot) parts.push('bot');
  if (user.deactivated) parts.push('deactivated');
  parts.push(`id ${user.id}`);
  return parts.join(' · ');
}
