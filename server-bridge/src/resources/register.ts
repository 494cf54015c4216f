import {
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
  ResourceTemplate,
  type ListResourcesResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/server';
import { completeChannelId, completeTeamId, completeUserId } from './completion.js';
import { channelName, placedChannels } from './names.js';
import { readResource, type ResourceContext } from './read.js';
import { checkSubscribable, subscriptionLimitMessage } from './subscribable.js';
import { ResourceUris } from './uris.js';
import { recordHost, serverRecords } from '../mcp/shared-records.js';
import { sessionContext } from './session-scope.js';

const TEXT = 'text/plain';

/**
 * Every Mattermost resource and template, with listing and completion of template arguments. Each
 * reads the session it answers for from the request (session-scope.ts): the records are built once
 * and shared by every session's server.
 */
function defineResources(server: McpServer): void {
  const read = async (uri: URL): Promise<ReadResourceResult> => {
    const body = await readResource(uri.href, sessionContext());
    return { contents: [{ uri: uri.href, ...body }] };
  };
  // Template arguments are ids; what is typed may be any name of the thing (see completion.ts).
  const completeTeam = (value: string) => completeTeamId(sessionContext().mm, value ?? '');
  const completeChannel = (value: string) => completeChannelId(sessionContext().mm, value ?? '');
  const completeUser = (value: string) =>
    completeUserId(sessionContext().mm, sessionContext().user, value ?? '');

  const fixed: Array<[string, string, string, string]> = [
    ['me', ResourceUris.me, 'Me', 'Your Mattermost profile: username, id, roles, timezone.'],
    ['teams', ResourceUris.teams, 'My teams', 'The teams you belong to, with their ids.'],
    [
      'mentions',
      ResourceUris.mentions,
      'My mentions',
      'Recent posts that mention you, newest first.',
    ],
    ['unreads', ResourceUris.unreads, 'My unreads', 'Channels with unread posts or mentions.'],
    [
      'outgoing-webhooks',
      ResourceUris.webhooks,
      'Outgoing webhook deliveries',
      'Posts Mattermost delivered to the bridge through outgoing webhooks, from channels you are in.',
    ],
  ];
  for (const [name, uri, title, description] of fixed) {
    server.registerResource(name, uri, { title, description, mimeType: TEXT }, read);
  }

  const templates: Array<{
    name: string;
    template: string;
    title: string;
    description: string;
    mimeType?: string;
    list?: () => Promise<ListResourcesResult>;
    complete?: Record<string, (value: string) => Promise<string[]>>;
  }> = [
    {
      name: 'team-channels',
      template: 'mattermost://teams/{team_id}/channels',
      title: 'Channels of a team',
      description: 'The channels of a team you are a member of, with type and last activity.',
      list: async () => ({
        resources: (await sessionContext().mm.getMyTeams()).map((t) => ({
          uri: ResourceUris.teamChannels(t.id),
          name: `channels of ${t.display_name}`,
          mimeType: TEXT,
        })),
      }),
      complete: { team_id: completeTeam },
    },
    {
      name: 'channel-posts',
      template: 'mattermost://channels/{channel_id}/posts',
      title: 'Posts of a channel',
      description:
        'The newest posts of a channel, oldest first, with ids, replies and reactions. Subscribe to follow it live.',
      list: async () => ({
        resources: (await placedChannels(sessionContext().mm)).map((placed) => ({
          uri: ResourceUris.channelPosts(placed.channel.id),
          name: channelName(placed),
          title: `Posts: ${channelName(placed)}`,
          mimeType: TEXT,
        })),
      }),
      complete: { channel_id: completeChannel },
    },
    {
      name: 'thread',
      template: 'mattermost://posts/{post_id}/thread',
      title: 'Thread of a post',
      description: 'A root post and all its replies, oldest first.',
    },
    {
      name: 'user-status',
      template: 'mattermost://users/{user_id}/status',
      title: 'Status of a user',
      description:
        'Whether a user is online, away, offline or in do-not-disturb. Subscribe to follow changes.',
      list: async () => ({
        resources: [
          {
            uri: ResourceUris.userStatus(sessionContext().user.id),
            name: 'my status',
            mimeType: TEXT,
          },
        ],
      }),
      complete: { user_id: completeUser },
    },
    {
      name: 'team-events',
      template: 'mattermost://teams/{team_id}/events',
      title: 'Live events of a team',
      description:
        'What happened recently in a team and your direct messages (posts, edits, deletions, reactions), as received live by the bridge, oldest first. Subscribe to follow it.',
      list: async () => ({
        resources: (await sessionContext().mm.getMyTeams()).map((t) => ({
          uri: ResourceUris.teamEvents(t.id),
          name: `live events of ${t.display_name}`,
          mimeType: TEXT,
        })),
      }),
      complete: { team_id: completeTeam },
    },
    {
      name: 'file',
      template: 'mattermost://files/{file_id}',
      title: 'File',
      description: 'An attached file: its text, or its bytes (base64) for other types.',
    },
  ];
  for (const t of templates) {
    const template = new ResourceTemplate(t.template, {
      list: t.list,
      complete: t.complete,
    });
    server.registerResource(
      t.name,
      template,
      { title: t.title, description: t.description, mimeType: t.mimeType ?? TEXT },
      (uri) => read(uri),
    );
  }
}

/** The resources' records, built once (see shared-records.ts). */
let shared: { resources: Record<string, unknown>; templates: Record<string, unknown> } | undefined;

/**
 * Gives a session's server every Mattermost resource, and `resources/subscribe` bounded for this
 * session. The server must not be connected yet.
 */
export function registerResources(
  server: McpServer,
  ctx: ResourceContext,
  maxSubscriptions: number,
): void {
  if (!shared) {
    const host = serverRecords(recordHost());
    defineResources(host as unknown as McpServer);
    shared = { resources: host._registeredResources, templates: host._registeredResourceTemplates };
  }
  const records = serverRecords(server);
  Object.assign(records._registeredResources, shared.resources);
  Object.assign(records._registeredResourceTemplates, shared.templates);
  records.setResourceRequestHandlers();
  // Template arguments complete (teams, channels, people).
  records.setCompletionRequestHandler();
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
  // The session's subscriptions, bounded: each one holds live state for as long as it lasts.
  const subscribed = new Set<string>();
  server.server.setRequestHandler('resources/subscribe', async (request) => {
    const uri = request.params.uri;
    if (!subscribed.has(uri) && subscribed.size >= maxSubscriptions) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        subscriptionLimitMessage(maxSubscriptions),
      );
    }
    await checkSubscribable(uri, ctx);
    subscribed.add(uri);
    await ctx.live.subscribe(uri);
    return {};
  });
  server.server.setRequestHandler('resources/unsubscribe', async (request) => {
    subscribed.delete(request.params.uri);
    ctx.live.unsubscribe(request.params.uri);
    return {};
  });
}
