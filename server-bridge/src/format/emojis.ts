import { z } from 'zod';
import type { CustomEmojiRecord } from '../gateway/user-gateway.js';
import { isoTime } from './time.js';

export const emojiSummarySchema = z.object({
  name: z.string().describe('Use it as the emoji of add_reaction, or as :name: in a message.'),
  id: z.string(),
  creator: z.string().describe('Username of who added it.'),
  created_at: z.string(),
});
export type EmojiSummary = z.infer<typeof emojiSummarySchema>;

export function toEmojiSummary(emoji: CustomEmojiRecord, creatorUsername?: string): EmojiSummary {
  return {
    name: emoji.name,
    id: emoji.id,
    creator: creatorUsername ?? emoji.creator_id,
    created_at: isoTime(emoji.create_at),
  };
}

/** `:party-parrot: · by @alice · 2026-01-02T03:04:05Z` */
export function formatEmojiLine(emoji: EmojiSummary): string {
  return `:${emoji.name}: · by @${emoji.creator} · ${emoji.created_at}`;
}
