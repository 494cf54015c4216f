import { z } from 'zod';
import {
  bookmarkSummarySchema,
  formatBookmarkLine,
  sortBookmarks,
  toBookmarkSummary,
} from '../format/bookmarks.js';
import { channelReference } from '../format/channels.js';
import { resolveChannel } from '../resolve/names.js';
import { summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';
import { channelArg, idArg } from './arguments.js';
import { ToolError } from '../errors.js';

const listBookmarks = defineTool({
  name: 'list_channel_bookmarks',
  title: 'List channel bookmarks',
  description:
    'Lists the bookmarks (links and files) pinned to the top of a channel, in their order.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({ channel: channelArg() }),
  output: z.object({ channel: z.string(), bookmarks: z.array(bookmarkSummarySchema) }),
  async handler(args, { mm }) {
    const channel = await resolveChannel(mm, args.channel);
    const [bookmarks, summary] = await Promise.all([
      mm.getChannelBookmarks(channel.id),
      summarizeChannel(mm, channel),
    ]);
    const list = sortBookmarks(bookmarks).map(toBookmarkSummary);
    const reference = channelReference(summary);
    const text = list.length
      ? [
          `${list.length} bookmark${list.length === 1 ? '' : 's'} in ${reference}:`,
          ...list.map(formatBookmarkLine),
        ].join('\n')
      : `No bookmarks in ${reference}.`;
    return { text, structured: { channel: reference, bookmarks: list } };
  },
});

const addBookmark = defineTool({
  name: 'add_channel_bookmark',
  title: 'Bookmark a link in a channel',
  description: 'Adds a link bookmark to the top of a channel, shown to every member.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    display_name: z.string().min(1).max(64).describe('The label people see.'),
    link_url: z.url({ protocol: /^https?$/ }).describe('The http(s) address it opens.'),
    emoji: z.string().max(64).optional().describe('An emoji name to show with it, e.g. books.'),
  }),
  output: z.object({ channel: z.string(), bookmark: bookmarkSummarySchema }),
  async handler(args, { mm }) {
    const channel = await resolveChannel(mm, args.channel);
    const created = await mm.addChannelBookmark(channel.id, {
      displayName: args.display_name,
      linkUrl: args.link_url,
      ...(args.emoji ? { emoji: args.emoji.replace(/:/g, '') } : {}),
    });
    const bookmark = toBookmarkSummary(created);
    const reference = channelReference(await summarizeChannel(mm, channel));
    return {
      text: `Bookmarked in ${reference}: ${formatBookmarkLine(bookmark)}`,
      structured: { channel: reference, bookmark },
    };
  },
});

const removeBookmark = defineTool({
  name: 'remove_channel_bookmark',
  title: 'Remove a channel bookmark',
  description:
    'Deletes a bookmark from a channel for everyone. Take its id from list_channel_bookmarks.',
  toolset: 'channels',
  kind: 'destructive',
  input: z.object({
    channel: channelArg(),
    bookmark_id: idArg('bookmark', 'The bookmark id.'),
  }),
  output: z.object({ channel: z.string(), bookmark: bookmarkSummarySchema }),
  async handler(args, { mm }) {
    const channel = await resolveChannel(mm, args.channel);
    const existing = (await mm.getChannelBookmarks(channel.id)).find(
      (b) => b.id === args.bookmark_id && !b.delete_at,
    );
    if (!existing)
      throw new ToolError(
        `bookmark_id: no bookmark ${args.bookmark_id} in this channel; see list_channel_bookmarks.`,
      );
    await mm.removeChannelBookmark(channel.id, existing.id);
    const bookmark = toBookmarkSummary(existing);
    const reference = channelReference(await summarizeChannel(mm, channel));
    return {
      text: `Removed from ${reference}: ${formatBookmarkLine(bookmark)}`,
      structured: { channel: reference, bookmark },
    };
  },
});

export const bookmarkTools = [listBookmarks, addBookmark, removeBookmark];
