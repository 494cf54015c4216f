import type { Store } from '../store/store.js';
import type { Channel } from '../store/types.js';
import { dateWindow, type SearchQuery } from './query.js';

/** The parameters both search endpoints take, as Mattermost names them. */
export interface SearchParams {
  terms: string;
  is_or_search: boolean;
  /** Seconds the searcher's clock is ahead of UTC. */
  time_zone_offset: number;
  page: number;
  per_page: number;
  include_deleted_channels: boolean;
}

/** A query's names resolved against the store: which channels and authors qualify, and when. */
export interface SearchScope {
  channels: Channel[];
  /** undefined: any author. */
  authorIds?: Set<string>;
  excludedAuthorIds: Set<string>;
  from: number;
  to: number;
}

const dmPartner = (channel: Channel, userId: string): string | undefined => {
  if (channel.type !== 'D') return undefined;
  const [a, b] = channel.name.split('__');
  return a === userId ? b : a;
};

/** Whether `channel` is the one a user meant by `name` (a channel name, or `@username` for a DM). */
const namedBy = (store: Store, channel: Channel, name: string, userId: string): boolean => {
  if (!name.startsWith('@')) return channel.name.toLowerCase() === name;
  const partner = dmPartner(channel, userId);
  return partner !== undefined && store.user(partner)?.username === name.slice(1);
};

/**
 * The channels a user may search (those they belong to, in `teamId` and their DMs/GMs when given;
 * archived ones only on request) narrowed by `in:`, and the authors named by `from:`.
 */
export function resolveScope(
  store: Store,
  userId: string,
  teamId: string | undefined,
  query: SearchQuery,
  params: Pick<SearchParams, 'include_deleted_channels' | 'time_zone_offset'>,
): SearchScope {
  let channels = store
    .channelsOfUser(userId, teamId)
    .filter((c) => params.include_deleted_channels || c.delete_at === 0);
  if (query.inChannels.length > 0) {
    channels = channels.filter((c) => query.inChannels.some((n) => namedBy(store, c, n, userId)));
  }
  if (query.excludedInChannels.length > 0) {
    channels = channels.filter(
      (c) => !query.excludedInChannels.some((n) => namedBy(store, c, n, userId)),
    );
  }
  const idsOf = (names: string[]) =>
    new Set(
      names.map((n) => store.userByUsername(n)?.id).filter((id): id is string => id !== undefined),
    );
  const { from, to } = dateWindow(query, params.time_zone_offset);
  return {
    channels,
    authorIds: query.fromUsers.length > 0 ? idsOf(query.fromUsers) : undefined,
    excludedAuthorIds: idsOf(query.excludedFromUsers),
    from,
    to,
  };
}

/** Whether an item by `authorId` created at `createAt` passes the scope's author and date filters. */
export function inScope(scope: SearchScope, authorId: string, createAt: number): boolean {
  if (scope.authorIds && !scope.authorIds.has(authorId)) return false;
  if (scope.excludedAuthorIds.has(authorId)) return false;
  return createAt >= scope.from && createAt <= scope.to;
}

const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : fallback;

/** Reads a search request's body with Mattermost's defaults (page 0, 60 per page, at most 200). */
export function searchParams(body: Record<string, unknown>): SearchParams {
  return {
    terms: typeof body.terms === 'string' ? body.terms : '',
    is_or_search: body.is_or_search === true,
    time_zone_offset: num(body.time_zone_offset, 0),
    page: Math.max(0, num(body.page, 0)),
    per_page: Math.min(200, Math.max(1, num(body.per_page, 60))),
    include_deleted_channels: body.include_deleted_channels === true,
  };
}
