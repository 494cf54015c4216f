import type { UserGateway } from '../gateway/user-gateway.js';
import { ToolError } from '../errors.js';

/**
 * The thread a new post joins when it answers `rootId` in `channelId`: the root of that post's
 * thread (a reply to a reply belongs to the same root). A post of another channel is refused.
 */
export async function threadRootIn(
  mm: UserGateway,
  channelId: string,
  rootId: string | undefined,
): Promise<string | undefined> {
  if (!rootId) return undefined;
  // Only where the parent is matters here, which never changes: cached.
  const parent = await mm.getPostPlace(rootId);
  if (parent.channel_id !== channelId) {
    throw new ToolError(
      `root_id: post ${rootId} is in another channel than the one named; name the post’s own channel.`,
    );
  }
  return parent.root_id || parent.id;
}
