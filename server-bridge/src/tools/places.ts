import { channelReference, toChannelSummary, type ChannelSummary } from '../format/channels.js';
import { permalink } from '../format/links.js';
import { toPostSummary } from '../format/posts.js';
import { toPostHit, type PostHit } from '../format/post-hits.js';
import type { Post, UserGateway } from '../gateway/user-gateway.js';
import { describeChannelPlace } from '../resolve/names.js';
import type { ToolContext } from './define.js';
import { FAN_OUT, mapLimit } from './parallel.js';
import { MattermostError } from '../errors.js';

/** Where a post lives, as output shows it, and the team its permalink goes through. */
export interface Place {
  summary: ChannelSummary;
  reference: string;
  linkTeam?: string;
}

/**
 * The places of many channels, each channel looked up once (cached by the gateway), a few at a
 * time. Channels the user can no longer see are left out.
 */
export async function placesOf(
  mm: UserGateway,
  channelIds: Iterable<string>,
): Promise<Map<string, Place>> {
  const ids = [...new Set(channelIds)];
  let anyTeam: Promise<string | undefined> | undefined;
  // Direct and group messages have no team; any team of the user opens their permalinks.
  const fallbackTeam = () => (anyTeam ??= mm.getMyTeams().then((teams) => teams[0]?.name));
  const found = await mapLimit(ids, FAN_OUT, async (id) => {
    try {
      const channel = await mm.getChannel(id);
      const summary = toChannelSummary(channel, await describeChannelPlace(mm, channel));
      const linkTeam = summary.team ?? (await fallbackTeam());
      return [id, { summary, reference: channelReference(summary), linkTeam }] as const;
    } catch (err) {
      if (err instanceof MattermostError && (err.status === 403 || err.status === 404))
        return undefined;
      throw err;
    }
  });
  return new Map(found.filter((entry): entry is NonNullable<typeof entry> => !!entry));
}

/** Posts as hits: summaries with authors (one batched lookup), channel and permalink. */
export async function toHits(ctx: ToolContext, posts: readonly Post[]): Promise<PostHit[]> {
  const [authors, places] = await Promise.all([
    ctx.mm.getUsersByIds(posts.map((post) => post.user_id)),
    placesOf(
      ctx.mm,
      posts.map((post) => post.channel_id),
    ),
  ]);
  return posts.map((post) => {
    const place = places.get(post.channel_id);
    return toPostHit(toPostSummary(post, authors), {
      channel: place?.reference ?? post.channel_id,
      channelId: post.channel_id,
      permalink: permalink(ctx.settings.mattermostUrl, place?.linkTeam, post.id),
    });
  });
}
