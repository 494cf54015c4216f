import { z } from 'zod';
import type {
  AnalyticsRow,
  Bot,
  IncomingWebhook,
  OutgoingWebhook,
  UserAccessToken,
} from '../gateway/user-gateway.js';
import { isoTime } from './time.js';
import { pick, pickPresent } from './fields.js';

/** Analytics rows as one record: `{post_count: 12, team_count: 2, ...}`. */
export function analyticsRecord(rows: readonly AnalyticsRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.name, row.value]));
}

/** `post_count: 12 · team_count: 2 · …` in the order Mattermost gives them. */
export function formatAnalytics(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([name, value]) => `${name}: ${value}`)
    .join(' · ');
}

export const botSummarySchema = z.object({
  user_id: z.string(),
  username: z.string(),
  display_name: z.string(),
  description: z.string().optional(),
  owner: z.string().describe('Username of the owner, or their id when unknown.'),
  disabled: z.boolean(),
  created_at: z.string(),
});
export type BotSummary = z.infer<typeof botSummarySchema>;

export function toBotSummary(bot: Bot, ownerName: string | undefined): BotSummary {
  return {
    ...pick(bot, 'user_id', 'username'),
    display_name: bot.display_name || bot.username,
    ...pickPresent(bot, 'description'),
    owner: ownerName ?? bot.owner_id,
    disabled: Boolean(bot.delete_at),
    created_at: isoTime(bot.create_at),
  };
}

/** `@ci-bot — CI Bot · owner @admin · disabled · id …` */
export function formatBotLine(bot: BotSummary): string {
  const parts = [`@${bot.username} — ${bot.display_name}`];
  if (bot.description) parts.push(bot.description);
  parts.push(`owner @${bot.owner}`);
  if (bot.disabled) parts.push('disabled');
  parts.push(`id ${bot.user_id}`);
  return parts.join(' · ');
}

export const incomingWebhookSchema = z.object({
  id: z.string(),
  display_name: z.string(),
  channel: z.string().describe('team/~name of the channel it posts to, or its id.'),
  creator: z.string(),
  created_at: z.string(),
  last_used_at: z.string().optional(),
});
export type IncomingWebhookSummary = z.infer<typeof incomingWebhookSchema>;

export function toIncomingWebhookSummary(
  hook: IncomingWebhook,
  names: { channel?: string; creator?: string },
): IncomingWebhookSummary {
  return {
    id: hook.id,
    display_name: hook.display_name || '(no name)',
    channel: names.channel ?? hook.channel_id,
    creator: names.creator ?? hook.user_id,
    created_at: isoTime(hook.create_at),
    ...(hook.last_used ? { last_used_at: isoTime(hook.last_used) } : {}),
  };
}

export function formatIncomingWebhookLine(hook: IncomingWebhookSummary): string {
  const parts = [
    `${hook.display_name} → ${hook.channel}`,
    `by @${hook.creator}`,
    `created ${hook.created_at}`,
  ];
  if (hook.last_used_at) parts.push(`last used ${hook.last_used_at}`);
  parts.push(`id ${hook.id}`);
  return parts.join(' · ');
}

export const outgoingWebhookSchema = z.object({
  id: z.string(),
  display_name: z.string(),
  team: z.string(),
  channel: z
    .string()
    .optional()
    .describe('The one channel it listens to; absent for the whole team.'),
  trigger_words: z.array(z.string()),
  callback_urls: z.array(z.string()),
  content_type: z.string(),
  creator: z.string(),
  created_at: z.string(),
});
export type OutgoingWebhookSummary = z.infer<typeof outgoingWebhookSchema>;

/** Never carries the hook's token: it is the secret that proves a callback came from Mattermost. */
export function toOutgoingWebhookSummary(
  hook: OutgoingWebhook,
  names: { team?: string; channel?: string; creator?: string },
): OutgoingWebhookSummary {
  return {
    id: hook.id,
    display_name: hook.display_name || '(no name)',
    team: names.team ?? hook.team_id,
    ...(hook.channel_id ? { channel: names.channel ?? hook.channel_id } : {}),
    trigger_words: hook.trigger_words ?? [],
    callback_urls: hook.callback_urls ?? [],
    content_type: hook.content_type || 'application/x-www-form-urlencoded',
    creator: names.creator ?? hook.creator_id,
    created_at: isoTime(hook.create_at),
  };
}

export function formatOutgoingWebhookLine(hook: OutgoingWebhookSummary): string {
  const parts = [
    `${hook.display_name} · ${hook.channel ?? `team ${hook.team}`}`,
    hook.trigger_words.length ? `triggers: ${hook.trigger_words.join(', ')}` : 'every post',
    `→ ${hook.callback_urls.join(', ')}`,
    `by @${hook.creator}`,
    `id ${hook.id}`,
  ];
  return parts.join(' · ');
}

export const accessTokenSchema = z.object({
  id: z.string(),
  description: z.string(),
  active: z.boolean(),
});
export type AccessTokenSummary = z.infer<typeof accessTokenSchema>;

/** The token's id and description only: Mattermost never lists the secret, nor do we. */
export function toAccessTokenSummary(token: UserAccessToken): AccessTokenSummary {
  return { id: token.id, description: token.description, active: token.is_active };
}

export function formatAccessTokenLine(token: AccessTokenSummary): string {
  return `${token.description || '(no description)'} · ${token.active ? 'active' : 'disabled'} · id ${token.id}`;
}
