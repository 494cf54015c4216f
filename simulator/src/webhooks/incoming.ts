import type { Router } from 'express';

import type { SimContext } from '../context.js';
import { AppError, badRequest } from '../http/errors.js';
import { isValidId } from '../ids.js';
import { getOrCreateDirect } from '../services/channels.js';
import { createPost } from '../services/posts.js';
import type { Channel } from '../store/types.js';
import { sendHookOk } from '../routes/webhooks.js';
import { webhooksOf } from './store.js';
import type { IncomingWebhook } from './types.js';

interface IncomingPayload {
  text?: string;
  channel?: string;
  username?: string;
  icon_url?: string;
  attachments?: unknown[];
  props?: Record<string, unknown>;
  type?: string;
  priority?: { priority: string; requested_ack: boolean; persistent_notifications: boolean };
}

const hookNotFound = () =>
  new AppError(400, 'web.incoming_webhook.invalid.app_error', 'Invalid webhook.');

/** The payload of a call: a JSON body, or a form whose `payload` field holds the JSON. */
function payloadOf(body: unknown): IncomingPayload {
  const raw = body as Record<string, unknown> | undefined;
  if (raw && typeof raw.payload === 'string') {
    try {
      return JSON.parse(raw.payload) as IncomingPayload;
    } catch {
      throw badRequest('web.incoming_webhook.parse.app_error', 'Unable to parse incoming data.');
    }
  }
  if (!raw || typeof raw !== 'object')
    throw badRequest('web.incoming_webhook.parse.app_error', 'Unable to parse incoming data.');
  return raw as IncomingPayload;
}

/** The channel a call posts to: the hook's own, or the one the payload names when the hook is not locked. */
function targetChannel(ctx: SimContext, hook: IncomingWebhook, name: string | undefined): Channel {
  const own = ctx.store.channels.get(hook.channel_id);
  if (!name) {
    if (!own) throw hookNotFound();
    return own;
  }
  let channel: Channel | undefined;
  if (name.startsWith('@')) {
    const other = ctx.store.userByUsername(name.slice(1));
    if (!other) throw badRequest('web.incoming_webhook.user.app_error', "Couldn't find the user.");
    channel = getOrCreateDirect(ctx, hook.user_id, hook.user_id, other.id);
  } else {
    channel = ctx.store.channelByName(hook.team_id, name.replace(/^~/, ''));
    if (!channel)
      throw badRequest('web.incoming_webhook.channel.app_error', "Couldn't find the channel.");
  }
  // A locked hook posts to its own channel only.
  if (hook.channel_locked && channel.id !== hook.channel_id) {
    throw new AppError(
      403,
      'web.incoming_webhook.channel_locked.app_error',
      'This webhook is not permitted to post to the requested channel.',
    );
  }
  if (channel.type === 'P' && !ctx.store.isChannelMember(channel.id, hook.user_id)) {
    throw new AppError(
      403,
      'web.incoming_webhook.permissions.app_error',
      'Inappropriate channel permissions.',
    );
  }
  return channel;
}

/** `POST /hooks/{id}`: posts a message through an incoming webhook (no authentication: the id is the secret). */
export function registerIncomingWebhookCalls(router: Router, ctx: SimContext): void {
  router.post('/hooks/:hook_id', (req, res) => {
    if (!ctx.store.config.ServiceSettings.EnableIncomingWebhooks) {
      throw new AppError(
        501,
        'web.incoming_webhook.disabled.app_error',
        'Incoming webhooks have been disabled by the system admin.',
      );
    }
    const id = req.params.hook_id;
    const hook = isValidId(id) ? webhooksOf(ctx.store).incoming.get(id) : undefined;
    if (!hook || hook.delete_at) throw hookNotFound();
    const payload = payloadOf(req.body);
    const hasAttachments = Array.isArray(payload.attachments) && payload.attachments.length > 0;
    if (!payload.text && !hasAttachments)
      throw badRequest('web.incoming_webhook.text.app_error', 'No text specified.');
    const channel = targetChannel(ctx, hook, payload.channel);
    const settings = ctx.store.config.ServiceSettings;
    const props: Record<string, unknown> = { ...(payload.props ?? {}) };
    if (hasAttachments) props.attachments = payload.attachments;
    createPost(
      ctx,
      hook.user_id,
      {
        channel_id: channel.id,
        message: payload.text ?? '',
        props,
        type: payload.type?.startsWith('custom_') ? payload.type : '',
        priority: payload.priority,
      },
      {
        fromWebhook: true,
        overrideUsername: settings.EnablePostUsernameOverride
          ? payload.username || hook.username
          : undefined,
        overrideIconUrl: settings.EnablePostIconOverride
          ? payload.icon_url || hook.icon_url
          : undefined,
      },
    );
    sendHookOk(res);
  });
}
