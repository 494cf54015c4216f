import type { Request, Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { forbidden, invalidParam } from '../http/errors.js';
import { body, idParam, userIdParam } from '../http/params.js';
import { requireSelfOrAdmin, requireTeam } from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import { newId } from '../ids.js';
import type { Channel, SidebarCategory } from '../store/types.js';

type CategoryType = 'favorites' | 'channels' | 'direct_messages' | 'custom';

/** A category as Mattermost answers it (`SidebarCategoryWithChannels`). */
interface CategoryAnswer {
  id: string;
  user_id: string;
  team_id: string;
  display_name: string;
  type: CategoryType;
  sort_order: number;
  sorting: string;
  muted: boolean;
  collapsed: boolean;
  channel_ids: string[];
}

const byName = (a: Channel, b: Channel) => a.display_name.localeCompare(b.display_name);

/**
 * The user's sidebar in a team, as Mattermost keeps it: every channel of the user's in exactly one
 * category. Custom categories hold what was put in them; Favorites the channels marked favorite
 * (`favorite_channel` preferences, which Mattermost keeps in step with the category); Direct
 * Messages the user's direct and group messages; Channels the rest.
 */
export function sidebarOf(ctx: SimContext, userId: string, teamId: string): CategoryAnswer[] {
  const { store } = ctx;
  const mine = store.channelsOfUser(userId, teamId);
  const placed = new Set<string>();
  const base = { user_id: userId, team_id: teamId, sorting: '', muted: false, collapsed: false };
  const derived = (type: CategoryType, name: string, channels: Channel[]): CategoryAnswer => {
    for (const c of channels) placed.add(c.id);
    return {
      ...base,
      id: `${type}_${userId}_${teamId}`,
      display_name: name,
      type,
      sort_order: 0,
      channel_ids: channels.map((c) => c.id),
    };
  };
  const favorites = derived(
    'favorites',
    'Favorites',
    mine
      .filter((c) => store.preference(userId, 'favorite_channel', c.id)?.value === 'true')
      .sort(byName),
  );
  const mineById = new Map(mine.map((c) => [c.id, c]));
  const custom = store.sidebarCategories
    .values(userId)
    .filter((category) => category.team_id === teamId)
    .sort((a, b) => b.create_at - a.create_at)
    .map((category): CategoryAnswer => {
      const ids = category.channel_ids.filter((id) => mineById.has(id) && !placed.has(id));
      for (const id of ids) placed.add(id);
      const { create_at: _created, ...kept } = category;
      return { ...kept, type: 'custom', sort_order: 0, channel_ids: ids };
    });
  const rest = mine.filter((c) => !placed.has(c.id));
  const channels = derived(
    'channels',
    'Channels',
    rest.filter((c) => c.type === 'O' || c.type === 'P').sort(byName),
  );
  const direct = derived(
    'direct_messages',
    'Direct Messages',
    rest
      .filter((c) => c.type === 'D' || c.type === 'G')
      .sort((a, b) => b.last_post_at - a.last_post_at),
  );
  return [favorites, ...custom, channels, direct].map((category, i) => ({
    ...category,
    sort_order: i * 10,
  }));
}

/** A sidebar of a team member: their own, or anyone's for an admin (`edit_other_users`). */
function requireSidebar(ctx: SimContext, req: Request): { userId: string; teamId: string } {
  const session = requireSession(req);
  const userId = userIdParam(req, session);
  requireSelfOrAdmin(ctx, session, userId);
  const team = requireTeam(ctx, idParam(req, 'team_id'));
  if (!ctx.store.isTeamMember(team.id, userId)) throw forbidden('view_team');
  return { userId, teamId: team.id };
}

/** Sidebar categories: the ordered list of a user's categories in a team, and new custom ones. */
export function registerSidebarRoutes(r: Router, ctx: SimContext): void {
  r.get('/users/:user_id/teams/:team_id/channels/categories', (req, res) => {
    const { userId, teamId } = requireSidebar(ctx, req);
    const categories = sidebarOf(ctx, userId, teamId);
    sendJson(res, { categories, order: categories.map((c) => c.id) });
  });

  r.post('/users/:user_id/teams/:team_id/channels/categories', (req, res) => {
    const { userId, teamId } = requireSidebar(ctx, req);
    const b = body(req);
    // The category names its owner and team, which must be the ones of the path.
    if (b['user_id'] !== userId || b['team_id'] !== teamId) throw invalidParam('category');
    const displayName = typeof b['display_name'] === 'string' ? b['display_name'].trim() : '';
    if (!displayName || displayName.length > 64) throw invalidParam('display_name');
    const raw = b['channel_ids'] ?? [];
    if (!Array.isArray(raw) || raw.some((id) => typeof id !== 'string'))
      throw invalidParam('channel_ids');
    const mine = new Set(ctx.store.channelsOfUser(userId, teamId).map((c) => c.id));
    const channelIds = [...new Set(raw as string[])];
    if (channelIds.some((id) => !mine.has(id))) throw invalidParam('channel_ids');
    // A channel lives in one category: moving it here takes it out of the others.
    for (const other of ctx.store.sidebarCategories.values(userId))
      other.channel_ids = other.channel_ids.filter((id) => !channelIds.includes(id));
    for (const id of channelIds) ctx.store.preferences.delete(userId, `favorite_channel:${id}`);
    const category: SidebarCategory = {
      id: newId(),
      user_id: userId,
      team_id: teamId,
      display_name: displayName,
      create_at: ctx.now(),
      sorting: '',
      muted: false,
      collapsed: false,
      channel_ids: channelIds,
    };
    ctx.store.sidebarCategories.set(userId, category.id, category);
    const answer = sidebarOf(ctx, userId, teamId).find((c) => c.id === category.id);
    sendJson(res, answer);
  });
}
