import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
} from '@modelcontextprotocol/server';
import type { ResourceContext } from './read.js';
import { parseResourceUri } from './uris.js';

/** Longest URI a subscription may name: every resource URI of the bridge is far shorter. */
export const MAX_SUBSCRIPTION_URI = 256;

export function subscriptionLimitMessage(max: number): string {
  return `At most ${max} resources can be followed at once (BRIDGE_MAX_SUBSCRIPTIONS): unsubscribe from some first.`;
}

/**
 * Refuses a subscription to anything the user could not read: what is no resource of the bridge,
 * a channel (or its thread, or its file) the user may not see or the channel rules hide, a team
 * the user is not a member of. Checked through the user's gateway under the policy, so Mattermost
 * and the channel rules decide, as for a read. Both protocol eras subscribe through here.
 */
export async function checkSubscribable(uri: string, ctx: ResourceContext): Promise<void> {
  const parsed = uri.length <= MAX_SUBSCRIPTION_URI ? parseResourceUri(uri) : undefined;
  if (!parsed) throw new ResourceNotFoundError(uri.slice(0, MAX_SUBSCRIPTION_URI));
  try {
    switch (parsed.kind) {
      case 'channelPosts':
        await ctx.mm.getChannel(parsed.channelId);
        break;
      case 'thread':
        await ctx.mm.getPost(parsed.postId);
        break;
      case 'teamChannels':
      case 'teamEvents':
        if (!(await ctx.mm.getMyTeams()).some((team) => team.id === parsed.teamId))
          throw new Error('you are not a member of this team');
        break;
      case 'userStatus':
        await ctx.mm.getUser(parsed.userId);
        break;
      case 'file':
        await ctx.mm.getFileInfo(parsed.fileId);
        break;
      default:
        break;
    }
  } catch (err) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Cannot subscribe to ${uri}: ${(err as Error).message}`,
    );
  }
}

/** The URIs among `uris` the user may follow, in order; the others are left out. */
export async function subscribableOnly(
  uris: readonly string[],
  ctx: ResourceContext,
): Promise<string[]> {
  const verdicts = await Promise.all(
    uris.map((uri) =>
      checkSubscribable(uri, ctx).then(
        () => true,
        () => false,
      ),
    ),
  );
  return uris.filter((_uri, i) => verdicts[i]);
}
