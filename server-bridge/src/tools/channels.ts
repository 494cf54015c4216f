import { z } from 'zod';
import {
  channelSummarySchema,
  formatChannelLine,
  toChannelSummary,
  type ChannelSummary,
} from '../format/channels.js';
import { moreMarker } from '../format/text.js';
import type { ServerChannel, Team } from '../gateway/user-gateway.js';
import { describeChannelPlace, resolveChannel, resolveTeam } from '../resolve/names.js';
import { offsetOf, offsetCursor } from './cursor.js';
import { defineTool } from './define.js';
import { channelArg, cursorArg, teamArg } from './arguments.js';
import { directMessageNames } from '../resolve/direct-messages.js';
import { pageFields, pageState } from './paging.js';

const TYPE_ORDER = { public: 0, private: 1, direct: 2, group: 3 } as const;

const listChannels = defineTool({
  name: 'list_channels',
  title: 'List my channels',
  description:
    'Lists the channels the user is a member of: public and private channels of each team (as team/~name), ' +
    'then direct messages (as @username) and group messages. Pass `team` to see one team only.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({
    team: teamArg('A team name or id; all of your teams when omitted.').optional(),
    cursor: cursorArg(),
  }),
  output: z.object({
    channels: z.array(channelSummarySchema),
    ...pageFields,
  }),
  async handler({ team, cursor }, { mm, settings }) {
    const teams: Team[] = team ? [await resolveTeam(mm, team)] : await mm.getMyTeams();
    const perTeam = await Promise.all(teams.map((t) => mm.getMyChannels(t.id)));
    const teamNames = new Map(teams.map((t) => [t.id, t.name]));

    // Direct and group messages come back with every team: keep each once.
    const byId = new Map<string, ServerChannel>();
    for (const channel of perTeam.flat()) byId.set(channel.id, channel);
    const channels = [...byId.values()];

    const dmNames = await directMessageNames(mm, channels);

    const summaries: ChannelSummary[] = channels
      .map((channel) => {
        if (channel.type === 'D')
          return toChannelSummary(channel, { dmName: dmNames.get(channel.id) });
        return toChannelSummary(channel, { teamName: teamNames.get(channel.team_id) });
      })
      .sort(
        (a, b) =>
          TYPE_ORDER[a.type] - TYPE_ORDER[b.type] ||
          (a.team ?? '').localeCompare(b.team ?? '') ||
          a.name.localeCompare(b.name),
      );

    const scope = `channels:${team ?? '*'}`;
    const start = offsetOf(cursor, scope);
    const lines: string[] = [];
    const shown: ChannelSummary[] = [];
    let used = 0;
    for (const summary of summaries.slice(start)) {
      const line = formatChannelLine(summary);
      if (shown.length > 0 && used + line.length + 1 > settings.maxOutputChars) break;
      shown.push(summary);
      lines.push(line);
      used += line.length + 1;
    }
    const next =
      start + shown.length < summaries.length
        ? offsetCursor(scope, start + shown.length)
        : undefined;
    const header = summaries.length
      ? `${summaries.length} channel${summaries.length === 1 ? '' : 's'}${start ? ` (from #${start + 1})` : ''}:`
      : 'You are not a member of any channel.';
    const text = [header, ...lines, ...(next ? [moreMarker('channels', next)] : [])].join('\n');
    return { text, structured: { channels: shown, ...pageState(next) } };
  },
});

const getChannel = defineTool({
  name: 'get_channel',
  title: 'Get a channel',
  description:
    'Describes one channel: name, display name, type, team, purpose and header. `channel` accepts a channel id, ' +
    '~name (searched in your teams), team/name, or @username for the direct messages with that person.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({
    channel: channelArg('A channel id, ~name, team/name, or @username (direct message).'),
  }),
  output: channelSummarySchema,
  async handler({ channel }, { mm }) {
    const found = await resolveChannel(mm, channel);
    const summary = toChannelSummary(found, await describeChannelPlace(mm, found));
    const lines = [formatChannelLine(summary)];
    if (summary.header) lines.push(`header: ${summary.header}`);
    return { text: lines.join('\n'), structured: summary };
  },
});

export const channelTools = [listChannels, getChannel];
