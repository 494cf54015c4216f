import {
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
  ResourceTemplate,
  UriTemplate,
  type ListResourcesResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/server';
import { completeChannelId, completeTeamId, completeUserId } from './completion.js';
import { channelName, placedChannels } from './names.js';
import { readResource, type ResourceContext } from './read.js';
import { checkSubscribable, subscriptionLimitMessage } from './subscribable.js';
import { ResourceUris } from './uris.js';

const TEXT = 'text/plain';

/** Parsed URI templates, shared by every session's server (a UriTemplate never changes once parsed). */
const parsedTemplates = new Map<string, UriTemplate>();
function parsedTemplate(template: string): UriTemplate {
  let parsed = parsedTemplates.get(template);
  if (!parsed) parsedTemplates.set(template, (parsed = new UriTemplate(template)));
  return parsed;
}

/**
 * Registers every Mattermost resource on a session's server, with listing, completion of template
 * arguments and `resources/subscribe`. The server must not be connected yet.
 */
export function registerResources(
  server: McpServer,
  ctx: ResourceContext,
  maxSubscriptions: number,
): void {
  const read = async (uri: URL): Promise<ReadResourceResult> => {
    const body = await readResource(uri.href, ctx);
    return { contents: [{ uri: uri.href, ...body }] };
  };
  // Template arguments are ids; what is typed may be any name of the thing (see completion.ts).
  const completeTeam = (value: string) => completeTeamId(ctx.mm, value ?? '');
  const completeChannel = (value: string) => completeChannelId(ctx.mm, value ?? '');
  const completeUser = (value: string) => completeUserId(ctx.mm, ctx.user, value ?? '');

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
        resources: (await ctx.mm.getMyTeams()).map((t) => ({
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
        resources: (await placedChannels(ctx.mm)).map((placed) => ({
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
          { uri: ResourceUris.userStatus(ctx.user.id), name: 'my status', mimeType: TEXT },
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
        resources: (await ctx.mm.getMyTeams()).map((t) => ({
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
    const template = new ResourceTemplate(parsedTemplate(t.template), {
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
