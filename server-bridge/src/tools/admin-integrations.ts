import { z } from 'zod';
import {
  botSummarySchema,
  formatBotLine,
  formatIncomingWebhookLine,
  formatOutgoingWebhookLine,
  incomingWebhookSchema,
  outgoingWebhookSchema,
  toBotSummary,
  type IncomingWebhookSummary,
  type OutgoingWebhookSummary,
  toIncomingWebhookSummary,
  toOutgoingWebhookSummary,
} from '../format/admin.js';
import { channelReference, toChannelSummary } from '../format/channels.js';
import type { IncomingWebhook, OutgoingWebhook, UserGateway } from '../gateway/user-gateway.js';
import { resolveChannel, resolveTeam, resolveUser } from '../resolve/names.js';
import { defineTool } from './define.js';
import { countHeader, listAnswer, pageFields, pageRequest, type PageRequest } from './paging.js';
import { channelArg, cursorArg, idArg, teamArg, userArg } from './arguments.js';
import { MattermostError, ToolError } from '../errors.js';

/** Generous sizes of one listed line, to size pages to the output budget. */
const BOT_LINE_CHARS = 200;
const WEBHOOK_LINE_CHARS = 300;

/**
 * The team and channel names and the creator's username of each of a list of hooks, each looked up
 * once; a name not found is left out.
 */
async function hookNames<H extends { team_id: string; channel_id: string }>(
  mm: UserGateway,
  hooks: readonly H[],
  creatorOf: (hook: H) => string,
): Promise<(hook: H) => { team?: string; channel?: string; creator?: string }> {
  const teams = new Map<string, string>();
  const channels = new Map<string, string>();
  const places = async () => {
    await Promise.all(
      [...new Set(hooks.map((hook) => hook.team_id).filter(Boolean))].map(async (id) => {
        const team = await mm.getTeam(id).catch(() => undefined);
        if (team) teams.set(id, team.name);
      }),
    );
    // Channels second: their references name the teams just found.
    await Promise.all(
      [...new Set(hooks.map((hook) => hook.channel_id).filter(Boolean))].map(async (id) => {
        const channel = await mm.getChannel(id).catch(() => undefined);
        if (channel)
          channels.set(
            id,
            channelReference(toChannelSummary(channel, { teamName: teams.get(channel.team_id) })),
          );
      }),
    );
  };
  const [users] = await Promise.all([mm.getUsersByIds(hooks.map(creatorOf)), places()]);
  return (hook) => ({
    team: teams.get(hook.team_id),
    channel: channels.get(hook.channel_id),
    creator: users.get(creatorOf(hook))?.username,
  });
}

/** What differs between the two kinds of webhook in a listing. */
interface WebhookKind<H, W> {
  kind: 'incoming' | 'outgoing';
  creatorOf: (hook: H) => string;
  summarize: (hook: H, names: { team?: string; channel?: string; creator?: string }) => W;
  formatLine: (webhook: W) => string;
}

const INCOMING: WebhookKind<IncomingWebhook, IncomingWebhookSummary> = {
  kind: 'incoming',
  creatorOf: (hook) => hook.user_id,
  summarize: toIncomingWebhookSummary,
  formatLine: formatIncomingWebhookLine,
};

const OUTGOING: WebhookKind<OutgoingWebhook, OutgoingWebhookSummary> = {
  kind: 'outgoing',
  creatorOf: (hook) => hook.creator_id,
  summarize: toOutgoingWebhookSummary,
  formatLine: formatOutgoingWebhookLine,
};

/** A page of webhooks of one kind, named and summarized, as the list tools answer it. */
async function webhookPage<H extends { team_id: string; channel_id: string }, W>(
  mm: UserGateway,
  { kind, creatorOf, summarize, formatLine }: WebhookKind<H, W>,
  hooks: readonly H[],
  request: PageRequest,
  budgetChars: number,
) {
  const namesOf = await hookNames(mm, hooks, creatorOf);
  const webhooks = hooks.map((hook) => summarize(hook, namesOf(hook)));
  return listAnswer('webhooks', webhooks, {
    header: webhooks.length
      ? countHeader(webhooks.length, `${kind} webhook`, 0)
      : `No ${kind} webhooks.`,
    lines: webhooks.map(formatLine),
    next: request.next(hooks.length),
    budgetChars,
  });
}

const listBots = defineTool({
  name: 'list_bots',
  title: 'List bot accounts',
  description:
    'For system admins: the bot accounts of the server with their owners; `include_disabled` adds disabled ' +
    'ones, `bot` describes one.',
  toolset: 'admin',
  kind: 'read',
  input: z.object({
    include_disabled: z.boolean().default(false).describe('Also list disabled bots.'),
    bot: userArg('One bot: its user id or @username.').optional(),
    cursor: cursorArg(),
  }),
  output: z.object({ bots: z.array(botSummarySchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    if (args.bot) {
      const user = await resolveUser(mm, args.bot);
      if (!user.is_bot) throw new ToolError(`@${user.username} is not a bot.`);
      const found = await mm.getBot(user.id);
      const owner = (await mm.getUsersByIds([found.owner_id])).get(found.owner_id);
      const bot = toBotSummary(found, owner?.username);
      return listAnswer('bots', [bot], {
        header: 'Bot:',
        lines: [formatBotLine(bot)],
        next: undefined,
      });
    }
    const scope = `bots:${args.include_disabled ? 'all' : 'active'}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, BOT_LINE_CHARS);
    const found = await mm.getBots(request.page, request.perPage, args.include_disabled);
    const owners = await mm.getUsersByIds(found.map((bot) => bot.owner_id));
    const bots = found.map((bot) => toBotSummary(bot, owners.get(bot.owner_id)?.username));
    return listAnswer('bots', bots, {
      header: bots.length ? `${bots.length} bot${bots.length === 1 ? '' : 's'}:` : 'No bots.',
      lines: bots.map(formatBotLine),
      next: request.next(found.length),
      budgetChars: settings.maxOutputChars,
    });
  },
});

const createBot = defineTool({
  name: 'create_bot',
  title: 'Create a bot account',
  description:
    'For system admins: creates a bot account owned by you. Give it an access token in the System Console ' +
    'to let an integration post as it.',
  toolset: 'admin',
  kind: 'write',
  input: z.object({
    username: z
      .string()
      .regex(
        /^[a-z][a-z0-9._-]{2,21}$/,
        '3 to 22 lowercase letters, digits, ., _ or -, starting with a letter',
      )
      .describe('The bot username, e.g. release-bot.'),
    display_name: z.string().max(64).optional().describe('The name people see.'),
    description: z.string().max(1024).optional().describe('What the bot does.'),
  }),
  output: botSummarySchema,
  async handler(args, { mm, user }) {
    const bot = await mm.createBot({
      username: args.username,
      ...(args.display_name ? { display_name: args.display_name } : {}),
      ...(args.description ? { description: args.description } : {}),
    });
    const summary = toBotSummary(bot, bot.owner_id === user.id ? user.username : undefined);
    return { text: `Created bot ${formatBotLine(summary)}`, structured: summary };
  },
});

const disableBot = defineTool({
  name: 'disable_bot',
  title: 'Disable a bot account',
  description:
    'For system admins: disables a bot; its tokens stop working and it can no longer post.',
  toolset: 'admin',
  kind: 'destructive',
  input: z.object({ bot: userArg('The bot: user id or @username.') }),
  output: botSummarySchema,
  async handler(args, { mm }) {
    const user = await resolveUser(mm, args.bot);
    if (!user.is_bot) throw new ToolError(`bot: @${user.username} is a person, not a bot.`);
    const bot = await mm.disableBot(user.id);
    const owner = (await mm.getUsersByIds([bot.owner_id])).get(bot.owner_id);
    const summary = toBotSummary(bot, owner?.username);
    return { text: `Disabled bot ${formatBotLine(summary)}`, structured: summary };
  },
});

const listIncoming = defineTool({
  name: 'list_incoming_webhooks',
  title: 'List incoming webhooks',
  description:
    'For admins: incoming webhooks (the URLs other systems post to), of one team or all. The id is part of ' +
    'the hook URL, so treat the answer as confidential.',
  toolset: 'admin',
  kind: 'read',
  input: z.object({
    team: teamArg('A team name or id; every team when omitted.').optional(),
    cursor: cursorArg(),
  }),
  output: z.object({ webhooks: z.array(incomingWebhookSchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    const team = args.team ? await resolveTeam(mm, args.team) : undefined;
    const request = pageRequest(
      args.cursor,
      `incoming:${team?.id ?? '*'}`,
      settings.maxOutputChars,
      WEBHOOK_LINE_CHARS,
    );
    const hooks = await mm.getIncomingWebhooks(team?.id ?? '', request.page, request.perPage);
    return webhookPage(mm, INCOMING, hooks, request, settings.maxOutputChars);
  },
});

const listOutgoing = defineTool({
  name: 'list_outgoing_webhooks',
  title: 'List outgoing webhooks',
  description:
    'For admins: outgoing webhooks (Mattermost calls a URL when a trigger word is posted), of a team, a ' +
    'channel, or all. Their secret tokens are never shown.',
  toolset: 'admin',
  kind: 'read',
  input: z.object({
    team: teamArg('A team name or id.').optional(),
    channel: channelArg('A channel: id, ~name or team/name.').optional(),
    cursor: cursorArg(),
  }),
  output: z.object({ webhooks: z.array(outgoingWebhookSchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    const team = args.team ? await resolveTeam(mm, args.team) : undefined;
    const channel = args.channel ? await resolveChannel(mm, args.channel) : undefined;
    const request = pageRequest(
      args.cursor,
      `outgoing:${team?.id ?? '*'}:${channel?.id ?? '*'}`,
      settings.maxOutputChars,
      WEBHOOK_LINE_CHARS,
    );
    const hooks = await mm.getOutgoingWebhooks(
      { ...(team ? { teamId: team.id } : {}), ...(channel ? { channelId: channel.id } : {}) },
      request.page,
      request.perPage,
    );
    return webhookPage(mm, OUTGOING, hooks, request, settings.maxOutputChars);
  },
});

const createOutgoing = defineTool({
  name: 'create_outgoing_webhook',
  title: 'Create an outgoing webhook',
  description:
    'For admins: makes Mattermost POST to `callback_url` when a message in a public channel starts with one ' +
    'of `trigger_words` (or every message of `channel` when no trigger words are given).',
  toolset: 'admin',
  kind: 'write',
  input: z.object({
    team: teamArg('The team name or id.'),
    channel: channelArg('Only this public channel (id, ~name or team/name).').optional(),
    trigger_words: z
      .array(z.string().min(1).max(64).regex(/^\S+$/, 'one word, no spaces'))
      .max(20)
      .optional()
      .describe('First words that trigger it; required without a channel.'),
    callback_url: z.url({ protocol: /^https?$/ }).describe('The http(s) URL Mattermost calls.'),
    display_name: z.string().max(64).optional().describe('A name for the hook.'),
    content_type: z
      .enum(['application/json', 'application/x-www-form-urlencoded'])
      .default('application/json')
      .describe('Body format of the call.'),
  }),
  output: outgoingWebhookSchema,
  async handler(args, { mm }) {
    const team = await resolveTeam(mm, args.team);
    const channel = args.channel ? await resolveChannel(mm, args.channel) : undefined;
    const triggerWords = args.trigger_words ?? [];
    if (!channel && !triggerWords.length)
      throw new ToolError('trigger_words: give trigger words, a channel, or both.');
    if (channel && (channel.type !== 'O' || channel.team_id !== team.id))
      throw new ToolError(
        `channel: outgoing webhooks listen to public channels of team ${team.name} only.`,
      );
    const hook = await mm.createOutgoingWebhook({
      teamId: team.id,
      ...(channel ? { channelId: channel.id } : {}),
      triggerWords,
      callbackUrls: [args.callback_url],
      ...(args.display_name ? { displayName: args.display_name } : {}),
      contentType: args.content_type,
    });
    const summary = toOutgoingWebhookSummary(hook, {
      team: team.name,
      ...(channel
        ? { channel: channelReference(toChannelSummary(channel, { teamName: team.name })) }
        : {}),
      creator: (await mm.getMe()).username,
    });
    return {
      text: `Created outgoing webhook: ${formatOutgoingWebhookLine(summary)}`,
      structured: summary,
    };
  },
});

function isNotFound(err: unknown): boolean {
  return err instanceof MattermostError && err.status === 404;
}

const deleteWebhook = defineTool({
  name: 'delete_webhook',
  title: 'Delete a webhook',
  description:
    'For admins: deletes an incoming or outgoing webhook by id (from list_incoming_webhooks or ' +
    'list_outgoing_webhooks). Whatever used it stops working.',
  toolset: 'admin',
  kind: 'destructive',
  input: z.object({ webhook_id: idArg('webhook', 'The webhook id.') }),
  output: z.object({
    webhook_id: z.string(),
    kind: z.enum(['incoming', 'outgoing']),
    display_name: z.string(),
  }),
  async handler(args, { mm }) {
    const id = args.webhook_id;
    let incoming: IncomingWebhook | undefined;
    let outgoing: OutgoingWebhook | undefined;
    try {
      incoming = await mm.getIncomingWebhook(id);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        outgoing = await mm.getOutgoingWebhook(id);
      } catch (inner) {
        if (!isNotFound(inner)) throw inner;
      }
    }
    if (incoming) await mm.deleteIncomingWebhook(id);
    else if (outgoing) await mm.deleteOutgoingWebhook(id);
    else throw new ToolError(`webhook_id: no incoming or outgoing webhook ${id}.`);
    const kind = incoming ? ('incoming' as const) : ('outgoing' as const);
    const name = (incoming ?? outgoing)!.display_name || '(no name)';
    return {
      text: `Deleted ${kind} webhook ${name} (id ${id}).`,
      structured: { webhook_id: id, kind, display_name: name },
    };
  },
});

export const adminIntegrationTools = [
  listBots,
  createBot,
  disableBot,
  listIncoming,
  listOutgoing,
  createOutgoing,
  deleteWebhook,
];
