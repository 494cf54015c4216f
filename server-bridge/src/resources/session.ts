import type { DocumentTexts } from '../documents/document-text.js';
import type { McpServer } from '@modelcontextprotocol/server';
import type { LiveHub, LiveSession } from '../events/live-hub.js';
import type { LiveAccess, LiveSink } from '../events/live-types.js';
import type { AuthenticatedUser } from '../gateway/types.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import type { ChannelGuard } from '../policy/channel-guard.js';
import { registerPrompts } from '../prompts/register.js';
import type { WebhookFeed } from '../webhooks/feed.js';
import { readResource, type ResourceContext } from './read.js';
import { registerResources } from './register.js';
import { serveWithinSession } from './session-scope.js';

/** The live session of each server the live surface was registered on. */
const liveSessions = new WeakMap<McpServer, LiveSession>();

/**
 * The live session behind a server, for a transport that serves `subscriptions/listen` itself
 * (stdio in the 2026-07-28 era): it follows the resources a listen stream names.
 */
export function liveSessionOf(server: McpServer): LiveSession | undefined {
  return liveSessions.get(server);
}

export interface LiveSurfaceDeps {
  hub: LiveHub;
  webhooks: WebhookFeed;
  user: AuthenticatedUser;
  /** The session's Mattermost token, for the user's WebSocket (never logged). */
  token: string;
  /** The user's gateway under the policy. */
  mm: UserGateway;
  /** The channel rules of the policy, for what does not come through the gateway. */
  guard: ChannelGuard;
  /** The server answers one request and is gone (2026-07-28 era): read live state, hold no sink. */
  observeOnly?: boolean;
  /** Reads the text of PDF and Office files for the file resource. */
  documents?: DocumentTexts;
}

/**
 * Gives one session's MCP server the live part of the bridge: resources (with subscriptions),
 * prompts, and the link to the user's shared event source. Call before connecting the server;
 * call the returned function when the session ends.
 */
export function registerLiveSurface(server: McpServer, deps: LiveSurfaceDeps): () => void {
  const { mm, user } = deps;
  const sink: LiveSink = {
    // Never awaited in turn: a slow or gone client must not hold up the others.
    resourceUpdated: (uri) => server.server.sendResourceUpdated({ uri }).catch(() => undefined),
    resourcesListChanged: () => server.sendResourceListChanged(),
    // The user's token stopped working: end the session rather than leave it subscribed to nothing.
    ended: () => void server.close().catch(() => undefined),
  };
  const ctx = resourceContext(user, mm, deps.guard, deps.webhooks, deps.documents);
  const access = liveAccessFor(mm, ctx);
  ctx.live = deps.observeOnly
    ? deps.hub.observe(user, deps.token, access)
    : deps.hub.attach(user, deps.token, access, sink);
  liveSessions.set(server, ctx.live);
  registerResources(server, ctx, deps.hub.settings.maxSubscriptions);
  registerPrompts(server);
  // The resources' and prompts' records are shared: their requests carry the session to them.
  serveWithinSession(server, ctx);
  return () => ctx.live.detach();
}

/** A resource context without its live session, which the caller attaches. */
export function resourceContext(
  user: { id: string; username: string },
  mm: UserGateway,
  guard: ChannelGuard,
  webhooks: WebhookFeed,
  documents?: DocumentTexts,
): ResourceContext {
  return {
    user: { id: user.id, username: user.username },
    mm,
    webhooks,
    ...(documents ? { documents } : {}),
    // A channel that cannot even be looked up is not read either.
    channelAllowed: (channelId) => guard.allows(channelId, 'read').catch(() => false),
  } as ResourceContext;
}

/** What the live layer reads for one user, through that user's gateway and resource reader. */
export function liveAccessFor(mm: UserGateway, ctx: ResourceContext): LiveAccess {
  return {
    read: async (uri) => {
      const body = await readResource(uri, ctx);
      return 'text' in body ? body.text : body.blob;
    },
    channelAllowed: (channelId) => ctx.channelAllowed(channelId),
    channelTeam: async (channelId) => (await mm.getChannel(channelId)).team_id ?? '',
    isChannelMember: (channelId) =>
      mm.getMyChannelMember(channelId).then(
        () => true,
        () => false,
      ),
    myChannels: (teamId) => mm.getMyChannels(teamId),
    postsSince: async (channelId, sinceMs) => {
      const list = await mm.getPostsSince(channelId, sinceMs);
      return list.order.flatMap((id) => {
        const p = list.posts[id];
        if (!p) return [];
        const reactions = (p.metadata?.reactions ?? []).map((r) => ({
          user_id: r.user_id,
          emoji_name: r.emoji_name,
          create_at: r.create_at,
        }));
        return [{ ...p, root_id: p.root_id ?? '', type: p.type ?? '', reactions }];
      });
    },
    postRoot: async (postId) => {
      const post = await mm.getPost(postId).catch(() => undefined);
      return post ? post.root_id || post.id : undefined;
    },
    statuses: async (userIds) =>
      Object.fromEntries((await mm.getStatusesByIds(userIds)).map((s) => [s.user_id, s.status])),
  };
}
