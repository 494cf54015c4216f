import type { SimContext } from '../context.js';
import { hasRole } from '../store/store.js';

export type Scope = 'channel' | 'team';

/** The scheme flags of a membership; a guest is never a user or an admin of the scheme. */
export interface SchemeFlags {
  scheme_guest: boolean;
  scheme_user: boolean;
  scheme_admin: boolean;
}

export function isGuest(ctx: SimContext, userId: string): boolean {
  return hasRole(ctx.store.user(userId)?.roles, 'system_guest');
}

/** The flags a new membership gets: guests join as guests, others as users (admins if asked). */
export function newMemberFlags(ctx: SimContext, userId: string, admin = false): SchemeFlags {
  const guest = isGuest(ctx, userId);
  return { scheme_guest: guest, scheme_user: !guest, scheme_admin: !guest && admin };
}

/** The `roles` string Mattermost answers for a membership: the scheme roles, then explicit ones. */
export function rolesOf(scope: Scope, flags: SchemeFlags, explicit = ''): string {
  const roles: string[] = [];
  if (flags.scheme_guest) roles.push(`${scope}_guest`);
  if (flags.scheme_user) roles.push(`${scope}_user`);
  if (flags.scheme_admin) roles.push(`${scope}_admin`);
  return [...roles, ...explicit.split(' ').filter(Boolean)].join(' ');
}
