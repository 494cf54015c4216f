import type { SimContext } from '../context.js';
import { AppError, badRequest, forbidden } from '../http/errors.js';
import { newId } from '../ids.js';
import type { Group, GroupSource, GroupSyncable } from '../store/groups.js';
import { isGuest } from './scheme-roles.js';

// The licence rules of Mattermost's groups (`licensedAndConfiguredForGroupBySource`): custom groups
// need at least a Professional licence, LDAP groups and their links to teams and channels an
// Enterprise one. An unlicensed server has no groups at all.

export function requireLicenseFor(ctx: SimContext, source: GroupSource): void {
  const sku = ctx.store.license;
  if (source === 'custom' && !sku)
    throw new AppError(501, 'api.custom_groups.license_error', 'Custom groups are not licensed.');
  if (source === 'ldap' && sku !== 'enterprise')
    throw new AppError(
      501,
      'api.ldap_groups.license_error',
      'Your license does not support LDAP groups.',
    );
}

const GROUP_NAME = /^[a-z0-9][a-z0-9.\-_]{0,63}$/;

export function createGroup(
  ctx: SimContext,
  fields: {
    name: string;
    displayName: string;
    source: GroupSource;
    allowReference: boolean;
    creatorId: string;
    remoteId?: string;
  },
  userIds: readonly string[],
): Group {
  const { store } = ctx;
  if (!GROUP_NAME.test(fields.name))
    throw badRequest('model.group.name.invalid_chars.app_error', 'Invalid characters in the name.');
  if (!fields.displayName.trim())
    throw badRequest('model.group.display_name.app_error', 'Invalid display name.');
  if (store.groups.byName(fields.name) || store.userByUsername(fields.name))
    throw badRequest(
      'app.group.username_conflict',
      `A user with the username "${fields.name}" already exists.`,
    );
  const now = ctx.now();
  const group: Group = {
    id: newId(),
    name: fields.name,
    display_name: fields.displayName,
    description: '',
    source: fields.source,
    remote_id: fields.remoteId ?? null,
    create_at: now,
    update_at: now,
    delete_at: 0,
    has_syncables: false,
    allow_reference: fields.allowReference,
    creator_id: fields.creatorId,
  };
  store.groups.groups.set(group.id, group);
  for (const userId of userIds) {
    if (!store.user(userId))
      throw badRequest('app.group.add_members.user_not_found', 'Unknown user.');
    store.groups.addMember(group.id, userId, now);
  }
  return group;
}

/** Custom group management (create, add members) is for licensed servers' users; guests may not. */
export function requireCustomGroupPermission(
  ctx: SimContext,
  userId: string,
  permission: string,
): void {
  requireLicenseFor(ctx, 'custom');
  if (isGuest(ctx, userId)) throw forbidden(permission);
}

/** A group as Mattermost answers it, with `member_count` when asked. */
export function presentGroup(
  ctx: SimContext,
  group: Group,
  withCount: boolean,
): Record<string, unknown> {
  return withCount
    ? { ...group, member_count: ctx.store.groups.memberIds(group.id).length }
    : { ...group };
}

/** Links a group to a team or channel; Mattermost keeps one link per pair. */
export function linkGroup(
  ctx: SimContext,
  group: Group,
  type: 'team' | 'channel',
  syncableId: string,
  patch: { auto_add?: boolean; scheme_admin?: boolean },
): GroupSyncable {
  const { store } = ctx;
  const now = ctx.now();
  let link = store.groups.linkedTo(type, syncableId).find((s) => s.group_id === group.id);
  if (!link) {
    link = {
      group_id: group.id,
      syncable_id: syncableId,
      type,
      auto_add: false,
      scheme_admin: false,
      create_at: now,
      update_at: now,
      delete_at: 0,
    };
    store.groups.syncables.push(link);
  }
  link.auto_add = patch.auto_add ?? link.auto_add;
  link.scheme_admin = patch.scheme_admin ?? link.scheme_admin;
  link.update_at = now;
  group.has_syncables = true;
  return link;
}
