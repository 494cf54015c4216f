import { z } from 'zod';
import { formatPostLine, postSummarySchema, type PostSummary } from './posts.js';

/** A post found away from its channel (search, saved, pinned, attention): where it is and its link. */
export const postHitSchema = postSummarySchema.extend({
  channel: z.string().describe('Where the post is: team/~channel, @username or group.'),
  channel_id: z.string(),
  permalink: z.string(),
});
export type PostHit = z.infer<typeof postHitSchema>;

export function toPostHit(
  post: PostSummary,
  place: { channel: string; channelId: string; permalink: string },
): PostHit {
  return {
    ...post,
    channel: place.channel,
    channel_id: place.channelId,
    permalink: place.permalink,
  };
}

/** `acme/~town · [time] @alice (id …): text · reactions … · <permalink>` */
export function formatPostHitLine(hit: PostHit): string {
  return `${hit.channel} · ${formatPostLine(hit)} · ${hit.permalink}`;
}

/**
 * Hits kept within a character budget, in the given order; the first is always kept so a page
 * is never empty. `dropped` says how many did not fit.
 */
export function fitHits(
  hits: readonly PostHit[],
  budgetChars: number,
): { kept: PostHit[]; lines: string[]; dropped: number } {
  const kept: PostHit[] = [];
  const lines: string[] = [];
  let used = 0;
  for (const hit of hits) {
    const line = formatPostHitLine(hit);
    if (kept.length > 0 && used + line.length + 1 > budgetChars) break;
    kept.push(hit);
    lines.push(line);
    used += line.length + 1;
  }
  return { kept, lines, dropped: hits.length - kept.length };
}
