import { z } from 'zod';
import { MattermostError, ToolError } from '../errors.js';
import type { PostInfo } from '../gateway/user-gateway.js';
import { postArg } from './arguments.js';
import { defineTool } from './define.js';

const CHANNEL_KINDS = { O: 'public', P: 'private', D: 'direct', G: 'group' } as const;

const postInfoSchema = z.object({
  post_id: z.string(),
  channel_id: z.string(),
  channel: z.string().describe('Display name.'),
  channel_type: z.enum(['public', 'private', 'direct', 'group']),
  joined_channel: z.boolean(),
  team_id: z.string().optional(),
  team: z.string().optional().describe('Display name.'),
  team_type: z.enum(['open', 'invite']).optional(),
  joined_team: z.boolean().optional(),
});
type PostPlaceInfo = z.infer<typeof postInfoSchema>;

function toPlace(postId: string, info: PostInfo): PostPlaceInfo {
  const kind = CHANNEL_KINDS[info.channel_type as keyof typeof CHANNEL_KINDS] ?? 'public';
  return {
    post_id: postId,
    channel_id: info.channel_id,
    channel: info.channel_display_name,
    channel_type: kind,
    joined_channel: info.has_joined_channel,
    ...(info.team_id
      ? {
          team_id: info.team_id,
          team: info.team_display_name,
          team_type: info.team_type === 'O' ? ('open' as const) : ('invite' as const),
          joined_team: info.has_joined_team,
        }
      : {}),
  };
}

/** What the user would do to read the post, when they cannot yet. */
function nextStep(place: PostPlaceInfo): string {
  if (place.team_id && !place.joined_team)
    return place.team_type === 'open'
      ? ' To read it: join_team, then join_channel.'
      : ' The team is by invitation only.';
  if (!place.joined_channel && place.channel_type === 'public')
    return ' To follow it: join_channel.';
  return '';
}

const getPostInfo = defineTool({
  name: 'get_post_info',
  title: 'Where a post is',
  description:
    'Where a post is, also one you cannot read yet (a link into a channel or team you have not joined): ' +
    'its channel and team and whether you joined each.',
  toolset: 'posts',
  kind: 'read',
  input: z.object({ post_id: postArg('The post.') }),
  output: postInfoSchema,
  async handler({ post_id }, { mm }) {
    const info = await mm.getPostInfo(post_id).catch((err: unknown) => {
      // Mattermost answers 404 alike for a post that does not exist and one the user could not join.
      if (err instanceof MattermostError && err.status === 404)
        throw new ToolError(
          `Post ${post_id} does not exist, or is in a channel or team you could not join.`,
        );
      throw err;
    });
    const place = toPlace(post_id, info);
    const channel = `${place.channel_type} channel "${place.channel}" (${place.joined_channel ? 'joined' : 'not joined'})`;
    const team = place.team_id
      ? ` of ${place.team_type} team "${place.team}" (${place.joined_team ? 'joined' : 'not joined'})`
      : '';
    return {
      text: `Post ${post_id} is in the ${channel}${team}, channel id ${place.channel_id}.${nextStep(place)}`,
      structured: place,
    };
  },
});

export const postInfoTools = [getPostInfo];
