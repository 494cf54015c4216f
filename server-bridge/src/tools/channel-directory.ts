import { z } from 'zod';
import { channelSummarySchema, formatChannelLine, toChannelSummary } from '../format/channels.js';
import type { ServerChannel, Team, UserGateway } from '../gateway/user-gateway.js';
import { resolveTeam } from '../resolve/names.js';
import { defineTool } from './define.js';
import { cursorArg, teamArg } from './arguments.js';
import { countHeader, listAnswer, pageFields, pageRequest, type PageRequest } from './paging.js';

/** A generous size of one listed line, to size pages to the output budget. */
const CHANNEL_LINE_CHARS = 200;

const listedChannelSchema = channelSummarySchema.extend({
  member: z.boolean().describe('You are a member.'),
});
type ListedChannel = z.infer<typeof listedChannelSchema>;

const listOutput = z.object({ channels: z.array(listedChannelSchema), ...pageFields });

const byPlace = (a: ListedChannel, b: ListedChannel) =>
  (a.team ?? '').localeCompare(b.team ?? '') || a.name.localeCompare(b.name);

/** Team channels (public and private, not direct messages) as listed, marked when the user is in them. */
function listed(channels: readonly ServerChannel[], team: Team, mine: ReadonlySet<string>) {
  return channels
    .filter((c) => (c.type === 'O' || c.type === 'P') && c.team_id === team.id)
    .map((c) => ({ ...toChannelSummary(c, { teamName: team.name }), member: mine.has(c.id) }));
}

/** The ids of the user's channels in a team, and the channels themselves. */
async function myChannels(mm: UserGateway, team: Team) {
  const channels = await mm.getMyChannels(team.id);
  return { channels, ids: new Set(channels.map((c) => c.id)) };
}

/** One page of a list the bridge holds whole, cut as Mattermost would cut it. */
function slicePage<T>(items: readonly T[], request: PageRequest): { items: T[]; next?: string } {
  const start = request.page * request.perPage;
  const page = items.slice(start, start + request.perPage);
  const more = start + request.perPage < items.length;
  return { items: page, next: more ? request.next(request.perPage) : undefined };
}

function channelsAnswer(channels: ListedChannel[], header: string, next: string | undefined) {
  // Where every channel listed is one of the user's, saying so on each line adds nothing.
  const mixed = channels.some((c) => !c.member);
  const lines = channels.map(
    (c) => `${formatChannelLine(c)}${mixed && c.member ? ' · member' : ''}`,
  );
  return listAnswer('channels', channels, { header, lines, next });
}

const contains = (channel: ServerChannel, term: string) =>
  channel.name.toLowerCase().includes(term) || channel.display_name.toLowerCase().includes(term);

const searchChannels = defineTool({
  name: 'search_channels',
  title: 'Search channels',
  description:
    'Finds channels by name: the public channels of your teams and the private ones you are in, marked ' +
    'when you are a member. Pass `team` to look in one team only, `archived` for archived channels.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({
    term: z.string().trim().min(1).max(64).describe('Part of the channel name or display name.'),
    team: teamArg('A team name or id; all of your teams when omitted.').optional(),
    archived: z.boolean().default(false),
    cursor: cursorArg(),
  }),
  output: listOutput,
  async handler(args, { mm, settings }) {
    const teams = args.team ? [await resolveTeam(mm, args.team)] : await mm.getMyTeams();
    const term = args.term.toLowerCase();
    const perTeam = await Promise.all(
      teams.map(async (team) => {
        const mine = await myChannels(mm, team);
        // Mattermost searches the archived channels the user may read (public, or private ones
        // they were in) in one call.
        if (args.archived)
          return listed(await mm.searchArchivedChannels(team.id, args.term), team, mine.ids);
        // Mattermost searches the public channels; the private ones are the user's own.
        const found = await mm.searchPublicChannels(team.id, args.term);
        const matches = [...found, ...mine.channels.filter((c) => contains(c, term))];
        return listed(matches, team, mine.ids);
      }),
    );
    const byId = new Map(perTeam.flat().map((c) => [c.id, c]));
    const all = [...byId.values()].filter((c) => c.archived === args.archived).sort(byPlace);
    const kind = args.archived ? 'archived ' : '';
    const scope = `search-channels:${args.team ?? '*'}:${kind}${term}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, CHANNEL_LINE_CHARS);
    const { items, next } = slicePage(all, request);
    const header = all.length
      ? countHeader(
          all.length,
          `${kind}channel matching "${args.term}"`,
          request.page,
          `${kind}channels matching "${args.term}"`,
        )
      : `No ${kind}channel matching "${args.term}".`;
    return channelsAnswer(items, header, next);
  },
});

const FILTERS = ['public', 'private', 'archived', 'joined'] as const;

const listTeamChannels = defineTool({
  name: 'list_team_channels',
  title: 'List a team’s channels',
  description:
    'Lists the channels of a team by kind: `public` (every public channel, joined or not), `private` (the ' +
    'private ones you are in; all of them for system admins), `archived` (those you may still read) or ' +
    '`joined` (every channel you are in).',
  toolset: 'channels',
  kind: 'read',
  input: z.object({
    team: teamArg('The team name or id.'),
    filter: z.enum(FILTERS).default('public').describe('Which channels (default public).'),
    cursor: cursorArg(),
  }),
  output: listOutput,
  async handler(args, { mm, settings, user }) {
    const team = await resolveTeam(mm, args.team);
    const scope = `team-channels:${team.id}:${args.filter}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, CHANNEL_LINE_CHARS);
    const { page, perPage } = request;
    const mine = await myChannels(mm, team);
    let channels: ListedChannel[];
    let next: string | undefined;
    // A system admin sees every private channel of the team (manage_system), joined or not.
    const everyPrivate = args.filter === 'private' && user.isSystemAdmin;
    if (args.filter === 'public' || args.filter === 'archived' || everyPrivate) {
      // Mattermost pages these lists itself.
      const received =
        args.filter === 'public'
          ? await mm.getPublicChannels(team.id, page, perPage)
          : args.filter === 'archived'
            ? await mm.getArchivedChannels(team.id, page, perPage)
            : await mm.getPrivateTeamChannels(team.id, page, perPage);
      channels = listed(received, team, mine.ids).sort(byPlace);
      next = request.next(received.length);
    } else {
      const wanted = mine.channels.filter(
        (c) => !c.delete_at && (args.filter === 'joined' || c.type === 'P'),
      );
      ({ items: channels, next } = slicePage(
        listed(wanted, team, mine.ids).sort(byPlace),
        request,
      ));
    }
    const kind = args.filter === 'joined' ? 'joined' : args.filter;
    const header = channels.length
      ? `${team.name}: ${countHeader(channels.length, `${kind} channel`, page)}`
      : `No ${kind} channel in ${team.name}${page ? ' on this page' : ''}.`;
    return channelsAnswer(channels, header, next);
  },
});

export const channelDirectoryTools = [searchChannels, listTeamChannels];
