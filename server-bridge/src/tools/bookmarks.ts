import { z } from 'zod';
import { channelTool } from './subject-tools.js';
import { listText } from '../format/text.js';
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
import { ToolError } from '../errors.js';
import { channelArg, fileArg, idArg } from './arguments.js';
import type { ChannelBookmark, ServerChannel, UserGateway } from '../gateway/user-gateway.js';

const linkUrl = z.url({ protocol: /^https?$/ }).describe('The http(s) address it opens.');
const emojiName = z.string().max(64).describe('An emoji name to show with it, e.g. books.');
const emojiOf = (emoji: string | undefined) => (emoji ? { emoji: emoji.replace(/:/g, '') } : {});

/** A live bookmark of the channel, or a ToolError that says where to find the ids. */
async function bookmarkIn(mm: UserGateway, channelId: string, bookmarkId: string) {
  const found = (await mm.getChannelBookmarks(channelId)).find(
    (b) => b.id === bookmarkId && !b.delete_at,
  );
  if (!found)
    throw new ToolError(
      `bookmark_id: no bookmark ${bookmarkId} in this channel; see list_channel_bookmarks.`,
    );
  return found;
}

/**
 * Mattermost bookmarks only a file uploaded for the bookmark in its channel, never a posted one:
 * the file is copied there, within the server's size limit.
 */
async function bookmarkFileCopy(mm: UserGateway, channelId: string, fileId: string) {
  const [info, config] = await Promise.all([mm.getFileInfo(fileId), mm.getClientConfig()]);
  const maxBytes = Number(config.MaxFileSize) || undefined;
  const data = await mm.getFileContent(fileId, maxBytes);
  const copy = await mm.uploadFile(channelId, info.name, data, { forBookmark: true });
  return copy.id;
}

/** The answer of a tool that changed a bookmark: what it did, where, and the bookmark. */
async function bookmarkChange(
  mm: UserGateway,
  channel: ServerChannel,
  done: string,
  changed: ChannelBookmark,
) {
  const bookmark = toBookmarkSummary(changed);
  const reference = channelReference(await summarizeChannel(mm, channel));
  return {
    text: `${done} ${reference}: ${formatBookmarkLine(bookmark)}`,
    structured: { channel: reference, bookmark },
  };
}

const listBookmarks = channelTool({
  name: 'list_channel_bookmarks',
  title: 'List channel bookmarks',
  description:
    'Lists the bookmarks (links and files) pinned to the top of a channel, in their order.',
  toolset: 'channels',
  kind: 'read',
  output: z.object({ channel: z.string(), bookmarks: z.array(bookmarkSummarySchema) }),
  async handler(channel, { mm }) {
    const [bookmarks, summary] = await Promise.all([
      mm.getChannelBookmarks(channel.id),
      summarizeChannel(mm, channel),
    ]);
    const list = sortBookmarks(bookmarks).map(toBookmarkSummary);
    const reference = channelReference(summary);
    const text = listText(
      'bookmark',
      list.map(formatBookmarkLine),
      `No bookmarks in ${reference}.`,
      ` in ${reference}`,
    );
    return { text, structured: { channel: reference, bookmarks: list } };
  },
});

const addBookmark = defineTool({
  name: 'add_channel_bookmark',
  title: 'Bookmark a link or file in a channel',
  description:
    'Adds a bookmark to the top of a channel, shown to every member: a link (`link_url`) or a file ' +
    '(`file_id`, for example one posted in the channel).',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    display_name: z.string().min(1).max(64).describe('The label people see.'),
    link_url: linkUrl.optional(),
    file_id: fileArg(
      'A file to bookmark instead of a link; a copy is kept with the bookmark.',
    ).optional(),
    emoji: emojiName.optional(),
  }),
  output: z.object({ channel: z.string(), bookmark: bookmarkSummarySchema }),
  async handler(args, { mm }) {
    if ((args.link_url === undefined) === (args.file_id === undefined))
      throw new ToolError('Give exactly one of link_url (a link) or file_id (a file).');
    const channel = await resolveChannel(mm, args.channel);
    const label = { displayName: args.display_name, ...emojiOf(args.emoji) };
    const created = args.file_id
      ? await mm.addChannelBookmark(channel.id, {
          ...label,
          fileId: await bookmarkFileCopy(mm, channel.id, args.file_id),
        })
      : await mm.addChannelBookmark(channel.id, { ...label, linkUrl: args.link_url! });
    return bookmarkChange(mm, channel, 'Bookmarked in', created);
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
    const existing = await bookmarkIn(mm, channel.id, args.bookmark_id);
    await mm.removeChannelBookmark(channel.id, existing.id);
    return bookmarkChange(mm, channel, 'Removed from', existing);
  },
});

const updateBookmark = defineTool({
  name: 'update_channel_bookmark',
  title: 'Change a channel bookmark',
  description:
    'Changes the label, link or emoji of a channel bookmark for everyone. Take its id from ' +
    'list_channel_bookmarks; the changed bookmark gets a new id.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    bookmark_id: idArg('bookmark', 'The bookmark id.'),
    display_name: z.string().min(1).max(64).optional().describe('A new label.'),
    link_url: linkUrl.optional().describe('A new address (link bookmarks only).'),
    emoji: emojiName.optional(),
  }),
  output: z.object({ channel: z.string(), bookmark: bookmarkSummarySchema }),
  async handler(args, { mm }) {
    if (args.display_name === undefined && args.link_url === undefined && args.emoji === undefined)
      throw new ToolError('Give at least one of display_name, link_url or emoji to change.');
    const channel = await resolveChannel(mm, args.channel);
    const existing = await bookmarkIn(mm, channel.id, args.bookmark_id);
    if (args.link_url !== undefined && existing.type !== 'link')
      throw new ToolError('link_url: this bookmark is a file, not a link.');
    const updated = await mm.updateChannelBookmark(channel.id, existing.id, {
      ...(args.display_name !== undefined ? { display_name: args.display_name } : {}),
      ...(args.link_url !== undefined ? { link_url: args.link_url } : {}),
      ...emojiOf(args.emoji),
    });
    return bookmarkChange(mm, channel, 'Changed in', updated);
  },
});

export const bookmarkTools = [listBookmarks, addBookmark, updateBookmark, removeBookmark];
