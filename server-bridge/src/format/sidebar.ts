import { z } from 'zod';
import type { ChannelCategory } from '../gateway/user-gateway.js';

export const sidebarCategorySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['favorites', 'channels', 'direct_messages', 'custom', 'managed']),
  muted: z.boolean(),
  collapsed: z.boolean(),
  channels: z
    .array(z.string())
    .describe('How to name each channel in other tools: team/~name, @username, group ….'),
});
export type SidebarCategorySummary = z.infer<typeof sidebarCategorySchema>;

/** A category with its channels named; channels without a name (no longer readable) are left out. */
export function toSidebarCategory(
  category: ChannelCategory,
  referenceOf: (channelId: string) => string | undefined,
): SidebarCategorySummary {
  return {
    id: category.id,
    name: category.display_name,
    type: category.type,
    muted: category.muted,
    collapsed: category.collapsed,
    channels: category.channel_ids.flatMap((id) => referenceOf(id) ?? []),
  };
}

/** `Shipping (custom, 2): acme/~releases, acme/~incidents` */
export function formatSidebarCategoryLine(category: SidebarCategorySummary): string {
  const notes = [
    ...(category.type === 'custom' ? ['custom'] : []),
    String(category.channels.length),
    ...(category.muted ? ['muted'] : []),
    ...(category.collapsed ? ['collapsed'] : []),
  ];
  const list = category.channels.length ? category.channels.join(', ') : '(empty)';
  return `${category.name} (${notes.join(', ')}): ${list}`;
}
