import { z } from 'zod';
import type { ChannelBookmark } from '../gateway/user-gateway.js';
import { pick, pickPresent } from './fields.js';

export const bookmarkSummarySchema = z.object({
  id: z.string(),
  display_name: z.string(),
  type: z.enum(['link', 'file', 'board']),
  link_url: z.string().optional(),
  file_name: z.string().optional(),
  emoji: z.string().optional(),
});
export type BookmarkSummary = z.infer<typeof bookmarkSummarySchema>;

export function toBookmarkSummary(bookmark: ChannelBookmark): BookmarkSummary {
  return {
    ...pick(bookmark, 'id', 'display_name', 'type'),
    ...pickPresent(bookmark, 'link_url', 'emoji'),
    ...(bookmark.file?.name ? { file_name: bookmark.file.name } : {}),
  };
}

/** Bookmarks in the order the channel shows them. */
export function sortBookmarks(bookmarks: readonly ChannelBookmark[]): ChannelBookmark[] {
  return bookmarks
    .filter((bookmark) => !bookmark.delete_at)
    .sort((a, b) => a.sort_order - b.sort_order || a.create_at - b.create_at);
}

/** `Runbook → https://… · id …` */
export function formatBookmarkLine(bookmark: BookmarkSummary): string {
  const target =
    bookmark.link_url ?? (bookmark.file_name ? `file ${bookmark.file_name}` : bookmark.type);
  const emoji = bookmark.emoji ? `:${bookmark.emoji.replace(/:/g, '')}: ` : '';
  return `${emoji}${bookmark.display_name} → ${target} · id ${bookmark.id}`;
}
