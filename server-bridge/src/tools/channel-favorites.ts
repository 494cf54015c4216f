import { z } from 'zod';
import {
  favoriteChannelIds,
  FAVORITE_CATEGORY,
  favoritesHeader,
} from '../format/channel-favorites.js';
import { channelSummarySchema, formatChannelLine } from '../format/channels.js';
import { clip } from '../format/text.js';
import type { ServerChannel } from '../gateway/user-gateway.js';
import { channelActionTool, summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';
import { FAN_OUT, mapLimit } from './parallel.js';

const favoriteChannel = channelActionTool({
  name: 'favorite_channel',
  title: 'Favorite a channel',
  description:
    'Adds a channel (or direct message) to your Favorites, at the top of your sidebar. Undo with ' +
    'unfavorite_channel.',
  kind: 'write',
  done: 'Favorited',
  async act(mm, channel) {
    await mm.setChannelFavorite(channel.id, true);
  },
});

const unfavoriteChannel = channelActionTool({
  name: 'unfavorite_channel',
  title: 'Unfavorite a channel',
  description: 'Removes a channel (or direct message) from your Favorites.',
  kind: 'write',
  done: 'Unfavorited',
  async act(mm, channel) {
    await mm.setChannelFavorite(channel.id, false);
  },
});

const listFavoriteChannels = defineTool({
  name: 'list_favorite_channels',
  title: 'List my favorite channels',
  description:
    'Lists the channels and direct messages you marked favorite, the ones you care most about. Favorites ' +
    'you can no longer see are left out.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({}),
  output: z.object({ channels: z.array(channelSummarySchema) }),
  async handler(_args, { mm, settings }) {
    const [preferences, teams] = await Promise.all([
      mm.getMyPreferences(FAVORITE_CATEGORY),
      mm.getMyTeams(),
    ]);
    const ids = favoriteChannelIds(preferences);
    const perTeam = await mapLimit(teams, FAN_OUT, (team) => mm.getMyChannels(team.id));
    // Direct and group messages come back with every team: keep each once.
    const favorites = new Map<string, ServerChannel>();
    for (const channel of perTeam.flat())
      if (ids.has(channel.id)) favorites.set(channel.id, channel);
    const summaries = (
      await mapLimit([...favorites.values()], FAN_OUT, (channel) => summarizeChannel(mm, channel))
    ).sort((a, b) => a.display_name.localeCompare(b.display_name));
    const text = [favoritesHeader(summaries.length), ...summaries.map(formatChannelLine)].join(
      '\n',
    );
    return { text: clip(text, settings.maxOutputChars), structured: { channels: summaries } };
  },
});

export const channelFavoriteTools = [favoriteChannel, unfavoriteChannel, listFavoriteChannels];
