import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest, forbidden, invalidParam } from '../http/errors.js';
import {
  body,
  boolQuery,
  idParam,
  pageOf,
  paging,
  stringArrayField,
  strQuery,
  userIdParam,
} from '../http/params.js';
import {
  isAdmin,
  requireAdmin,
  requireChannel,
  requireReadChannel,
  requireTeam,
  requireTeamMember,
} from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import {
  createGroup,
  linkGroup,
  presentGroup,
  requireCustomGroupPermission,
  requireLicenseFor,
} from '../services/groups.js';
import { presentUser } from '../services/present.js';
import type { Group } from '../store/groups.js';
import type { Session } from '../store/types.js';

const groupNotFound = () =>
  new AppError(404, 'app.group.no_rows', 'No matching group found.', 'resource not found');

function requireGroup(ctx: SimContext, groupId: string): Group {
  const group = ctx.store.groups.groups.get(groupId);
  if (!group || group.delete_at > 0) throw groupNotFound();
  return group;
}

/** A group anyone may @mention is readable by all; others by those who read the console's groups. */
function requireReadGroup(ctx: SimContext, session: Session, groupId: string): Group {
  const group = requireGroup(ctx, groupId);
  requireLicenseFor(ctx, group.source);
  if (!group.allow_reference && !isAdmin(ctx, session))
    throw forbidden('sysconsole_read_user_management_groups');
  return group;
}

/** What a caller may list: groups of a licensed source, the unreferenceable ones for admins only. */
function visibleGroups(ctx: SimContext, session: Session): Group[] {
  const sku = ctx.store.license;
  if (!sku) return [];
  return ctx.store.groups
    .live()
    .filter((g) => (g.source === 'ldap' ? sku === 'enterprise' : true))
    .filter((g) => g.allow_reference || isAdmin(ctx, session));
}

function matches(group: Group, q: string): boolean {
  if (!q) return true;
  const term = q.toLowerCase().replace(/^@/, '');
  return group.name.includes(term) || group.display_name.toLowerCase().includes(term);
}

const byName = (a: Group, b: Group) => a.display_name.localeCompare(b.display_name);

export function registerGroupRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.get('/groups', (req, res) => {
    const session = requireSession(req);
    const { page, perPage } = paging(req);
    const member = strQuery(req, 'filter_has_member');
    const groups = visibleGroups(ctx, session)
      .filter((g) => matches(g, strQuery(req, 'q')))
      .filter((g) => !member || store.groups.isMember(g.id, member))
      .filter((g) => !boolQuery(req, 'filter_allow_reference') || g.allow_reference)
      .sort(byName);
    const withCount = boolQuery(req, 'include_member_count');
    sendJson(
      res,
      pageOf(groups, page, perPage).map((g) => presentGroup(ctx, g, withCount)),
    );
  });

  r.post('/groups', (req, res) => {
    const session = requireSession(req);
    requireCustomGroupPermission(ctx, session.user_id, 'create_custom_group');
    const b = body(req);
    // Mattermost decodes the group's fields and user_ids side by side (what the webapp sends);
    // the OpenAPI text nests the fields under `group`, which is read as well.
    const fields = (typeof b['group'] === 'object' && b['group'] ? b['group'] : b) as Record<
      string,
      unknown
    >;
    if (fields['source'] !== 'custom' || fields['allow_reference'] !== true)
      throw new AppError(
        501,
        'app.group.crud_permission',
        'Unable to create a group of that source or one that cannot be referenced.',
      );
    const userIds = stringArrayField(b, 'user_ids');
    const group = createGroup(
      ctx,
      {
        name: String(fields['name'] ?? ''),
        displayName: String(fields['display_name'] ?? ''),
        source: 'custom',
        allowReference: true,
        creatorId: session.user_id,
      },
      userIds,
    );
    sendJson(res, presentGroup(ctx, group, true), 201);
  });

  r.get('/groups/:group_id', (req, res) => {
    const session = requireSession(req);
    const group = requireReadGroup(ctx, session, idParam(req, 'group_id'));
    sendJson(res, presentGroup(ctx, group, boolQuery(req, 'include_member_count')));
  });

  r.get('/groups/:group_id/members', (req, res) => {
    const session = requireSession(req);
    const group = requireReadGroup(ctx, session, idParam(req, 'group_id'));
    const { page, perPage } = paging(req);
    const users = store.groups
      .memberIds(group.id)
      .map((id) => store.user(id))
      .filter((u) => u !== undefined)
      .sort((a, b) => a.username.localeCompare(b.username));
    sendJson(res, {
      members: pageOf(users, page, perPage).map((u) => presentUser(ctx, u, session.user_id)),
      total_member_count: users.length,
    });
  });

  r.post('/groups/:group_id/members', (req, res) => {
    const session = requireSession(req);
    const group = requireGroup(ctx, idParam(req, 'group_id'));
    if (group.source !== 'custom')
      throw badRequest('app.group.crud_permission', 'Only custom groups can change members here.');
    requireCustomGroupPermission(ctx, session.user_id, 'manage_custom_group_members');
    const ids = stringArrayField(body(req), 'user_ids');
    if (ids.length === 0) throw invalidParam('user_ids');
    const added = ids.map((id) => {
      if (!store.user(id)) throw invalidParam('user_id');
      return store.groups.addMember(group.id, id, ctx.now());
    });
    group.update_at = ctx.now();
    sendJson(res, added);
  });

  r.get('/users/:user_id/groups', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    if (userId !== session.user_id && !isAdmin(ctx, session)) throw forbidden('manage_system');
    sendJson(
      res,
      visibleGroups(ctx, session)
        .filter((g) => store.groups.isMember(g.id, userId))
        .sort(byName)
        .map((g) => presentGroup(ctx, g, false)),
    );
  });

  const linked = (type: 'team' | 'channel', syncableId: string, session: Session) =>
    visibleGroups(ctx, session).flatMap((g) => {
      const link = store.groups.linkedTo(type, syncableId).find((s) => s.group_id === g.id);
      return link ? [{ ...presentGroup(ctx, g, true), scheme_admin: link.scheme_admin }] : [];
    });

  r.get('/channels/:channel_id/groups', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    requireLicenseFor(ctx, 'ldap');
    const { page, perPage } = paging(req);
    const groups = linked('channel', channel.id, session);
    sendJson(res, { groups: pageOf(groups, page, perPage), total_group_count: groups.length });
  });

  r.get('/teams/:team_id/groups', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    requireLicenseFor(ctx, 'ldap');
    const { page, perPage } = paging(req);
    const groups = linked('team', team.id, session);
    sendJson(res, { groups: pageOf(groups, page, perPage), total_group_count: groups.length });
  });

  for (const type of ['team', 'channel'] as const) {
    r.post(`/groups/:group_id/${type}s/:syncable_id/link`, (req, res) => {
      const session = requireSession(req);
      requireLicenseFor(ctx, 'ldap');
      const group = requireGroup(ctx, idParam(req, 'group_id'));
      const syncableId = idParam(req, 'syncable_id');
      if (type === 'team') requireTeam(ctx, syncableId);
      else requireChannel(ctx, syncableId);
      requireAdmin(ctx, session, `manage_${type}`);
      if (group.source === 'custom')
        throw badRequest('app.group.crud_permission', 'Custom groups cannot be linked.');
      const b = body(req);
      sendJson(
        res,
        linkGroup(ctx, group, type, syncableId, {
          auto_add: typeof b['auto_add'] === 'boolean' ? b['auto_add'] : undefined,
          scheme_admin: typeof b['scheme_admin'] === 'boolean' ? b['scheme_admin'] : undefined,
        }),
        201,
      );
    });
  }
}
