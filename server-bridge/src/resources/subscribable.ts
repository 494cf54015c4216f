import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
} from '@modelcontextprotocol/server';
import type { UserGateway } from '../gateway/user-gateway.js';
import type { ResourceContext } from './read.js';
import { parseResourceUri, type ParsedResourceUri } from './uris.js';

/** Longest URI a subscription may name: every resource URI of the bridge is far shorter. */
export const MAX_SUBSCRIPTION_URI = 256;

export function subscriptionLimitMessage(max: number): string {
  return `At most ${max} resources can be followed at once (BRIDGE_MAX_SUBSCRIPTIONS): unsubscribe from some first.`;
}

type ResourceKind = ParsedResourceUri['kind'];

/** Reads what a resource of one kind is about, failing when the user may not see it. */
type ReadCheck<K extends ResourceKind> = (
  resource: ParsedResourceUri & { kind: K },
  mm: UserGateway,
) => Promise<unknown>;

async function memberOfTeam(mm: UserGateway, teamId: string): Promise<void> {
  if (!(await mm.getMyTeams()).some((team) => team.id === teamId))
    throw new Error('you are not a member of this team');
}

const anyone = async () => undefined;

/** What shows, per kind of resource, that the user may read it; the user's own ones need nothing. */
const READ_CHECKS: { [K in ResourceKind]: ReadCheck<K> } = {
  me: anyone,
  teams: anyone,
  mentions: anyone,
  unreads: anyone,
  webhooks: anyone,
  teamChannels: (resource, mm) => memberOfTeam(mm, resource.teamId),
  teamEvents: (resource, mm) => memberOfTeam(mm, resource.teamId),
  channelPosts: (resource, mm) => mm.getChannel(resource.channelId),
  thread: (resource, mm) => mm.getPost(resource.postId),
  userStatus: (resource, mm) => mm.getUser(resource.userId),
  file: (resource, mm) => mm.getFileInfo(resource.fileId),
};

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
    await (READ_CHECKS[parsed.kind] as ReadCheck<ResourceKind>)(parsed, ctx.mm);
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
