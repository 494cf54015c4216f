import type { SimContext } from '../context.js';
import { createPost } from '../services/posts.js';
import { webhookBody, parseWebhookReply, type WebhookReply } from './payload.js';
import { webhooksOf } from './store.js';
import { firingHooks } from './trigger.js';
import { untrustedRefusal } from './untrusted.js';
import type { OutgoingWebhook } from './types.js';

/** Mattermost gives a receiver 30 seconds to answer. */
export const WEBHOOK_TIMEOUT_MS = 30_000;

/** The fields of a `posted` event's post that outgoing webhooks use. */
interface PostedPost {
  id: string;
  create_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  type: string;
  props?: Record<string, unknown>;
  file_ids?: string[];
}

const started = new WeakSet<SimContext>();

/**
 * Fires outgoing webhooks for every new post, as Mattermost does, and posts the receivers' replies
 * back. Posts made by webhooks (incoming ones and replies) never fire webhooks again.
 */
export function startOutgoingWebhooks(ctx: SimContext): void {
  if (started.has(ctx)) return;
  started.add(ctx);
  ctx.bus.subscribe((event) => {
    if (event.event !== 'posted' || typeof event.data.post !== 'string') return;
    if (!ctx.store.config.ServiceSettings.EnableOutgoingWebhooks) return;
    const post = JSON.parse(event.data.post) as PostedPost;
    if (post.props?.from_webhook === 'true' || post.type.startsWith('system_')) return;
    const channel = ctx.store.channels.get(post.channel_id);
    if (!channel) return;
    const firings = firingHooks(
      {
        message: post.message,
        channel_id: channel.id,
        team_id: channel.team_id,
        channel_type: channel.type,
      },
      webhooksOf(ctx.store).outgoing.values(),
    );
    for (const { hook, triggerWord } of firings) {
      for (const url of hook.callback_urls) void fire(ctx, hook, url, post, triggerWord);
    }
  });
}

async function fire(
  ctx: SimContext,
  hook: OutgoingWebhook,
  url: string,
  post: PostedPost,
  triggerWord: string,
) {
  const channel = ctx.store.channels.get(post.channel_id);
  const { contentType, body } = webhookBody(hook, {
    token: hook.token,
    team_id: hook.team_id,
    team_domain: ctx.store.teams.get(hook.team_id)?.name ?? '',
    channel_id: post.channel_id,
    channel_name: channel?.name ?? '',
    create_at: post.create_at,
    user_id: post.user_id,
    user_name: ctx.store.user(post.user_id)?.username ?? '',
    post_id: post.id,
    text: post.message,
    trigger_word: triggerWord,
    file_ids: post.file_ids ?? [],
  });
  const refused = await untrustedRefusal(
    url,
    ctx.store.config.ServiceSettings.AllowedUntrustedInternalConnections,
  ).catch(() => 'the address could not be checked');
  // Mattermost logs the refusal and delivers nothing.
  if (refused) return;
  let replyText: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': contentType, Accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    replyText = await res.text();
    if (!res.ok) return;
  } catch {
    // An unreachable or slow receiver is the receiver's problem; Mattermost only logs it.
    return;
  }
  const reply = parseWebhookReply(replyText);
  if (reply) postReply(ctx, hook, post, reply);
}

function postReply(
  ctx: SimContext,
  hook: OutgoingWebhook,
  post: PostedPost,
  reply: WebhookReply,
): void {
  const settings = ctx.store.config.ServiceSettings;
  const props: Record<string, unknown> = { ...(reply.props ?? {}) };
  if (Array.isArray(reply.attachments) && reply.attachments.length > 0)
    props.attachments = reply.attachments;
  const username = reply.username || hook.username;
  const iconUrl = reply.icon_url || hook.icon_url;
  try {
    createPost(
      ctx,
      hook.creator_id,
      {
        channel_id: post.channel_id,
        message: reply.text ?? '',
        root_id: reply.response_type === 'comment' ? post.root_id || post.id : '',
        props,
        // Only custom post types may be set from outside.
        type: reply.type?.startsWith('custom_') ? reply.type : '',
      },
      {
        fromWebhook: true,
        overrideUsername: settings.EnablePostUsernameOverride ? username : undefined,
        overrideIconUrl: settings.EnablePostIconOverride ? iconUrl : undefined,
      },
    );
  } catch {
    // The channel may have been archived or the thread deleted meanwhile.
  }
}
