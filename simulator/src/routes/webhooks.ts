import type { Request, Response, Router } from 'express';

import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest, forbidden, invalidParam, notFound } from '../http/errors.js';
import { body, boolQuery, idParam, paging, pageOf, strQuery } from '../http/params.js';
import { isAdmin, isTeamAdmin, requireChannel, requireTeam } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { newId } from '../ids.js';
import type { Session } from '../store/types.js';
import { webhooksOf } from '../webhooks/store.js';
import type { IncomingWebhook, OutgoingWebhook } from '../webhooks/types.js';

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

const strings = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .filter((x): x is string => typeof x === 'string')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

const isHttpUrl = (u: string): boolean => {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const disabled = (kind: 'incoming' | 'outgoing') =>
  new AppError(
    501,
    `api.${kind}_webhook.disabled.app_error`,
    `${kind === 'incoming' ? 'Incoming' : 'Outgoing'} webhooks have been disabled by the system admin.`,
  );

/** Webhook management under /api/v4/hooks: kept to system admins and the admins of the hook's team. */
export function registerWebhookRoutes(router: Router, ctx: SimContext): void {
  const hooks = () => webhooksOf(ctx.store);

  const requireManage = (session: Session, teamId: string, kind: 'incoming' | 'outgoing') => {
    if (!isTeamAdmin(ctx, session, teamId)) throw forbidden(`manage_${kind}_webhooks`);
  };

  const requireOutgoingEnabled = () => {
    if (!ctx.store.config.ServiceSettings.EnableOutgoingWebhooks) throw disabled('outgoing');
  };
  const requireIncomingEnabled = () => {
    if (!ctx.store.config.ServiceSettings.EnableIncomingWebhooks) throw disabled('incoming');
  };

  /** Applies and checks the editable fields of an outgoing webhook, as Mattermost validates them. */
  const applyOutgoing = (hook: OutgoingWebhook, b: Record<string, unknown>) => {
    if (b.display_name !== undefined) hook.display_name = str(b.display_name);
    if (b.description !== undefined) hook.description = str(b.description);
    if (b.trigger_words !== undefined) hook.trigger_words = strings(b.trigger_words);
    if (b.trigger_when !== undefined) hook.trigger_when = b.trigger_when === 1 ? 1 : 0;
    if (b.callback_urls !== undefined) hook.callback_urls = strings(b.callback_urls);
    if (b.content_type !== undefined) hook.content_type = str(b.content_type);
    if (b.username !== undefined) hook.username = str(b.username);
    if (b.icon_url !== undefined) hook.icon_url = str(b.icon_url);
    if (b.channel_id !== undefined) hook.channel_id = str(b.channel_id);
    if (hook.callback_urls.length === 0 || !hook.callback_urls.every(isHttpUrl)) {
      throw badRequest('model.outgoing_hook.is_valid.callback.app_error', 'Invalid callback urls.');
    }
    if (hook.trigger_words.length === 0 && !hook.channel_id) {
      throw badRequest(
        'api.webhook.create_outgoing.triggers.app_error',
        'Either trigger_words or channel_id must be set.',
      );
    }
    if (hook.channel_id) {
      const channel = requireChannel(ctx, hook.channel_id);
      if (channel.type !== 'O') {
        throw new AppError(
          403,
          'api.webhook.create_outgoing.not_open.app_error',
          'Outgoing webhooks can only be created for public channels.',
        );
      }
      if (channel.team_id !== hook.team_id)
        throw badRequest(
          'api.webhook.create_outgoing.permissions.app_error',
          'Invalid permissions to create outgoing webhook.',
        );
    }
    for (const other of hooks().outgoing.values()) {
      if (other.id === hook.id || other.delete_at || other.team_id !== hook.team_id) continue;
      if (other.channel_id && hook.channel_id && other.channel_id !== hook.channel_id) continue;
      if (other.trigger_words.some((w) => hook.trigger_words.includes(w))) {
        throw badRequest(
          'api.webhook.create_outgoing.intersect.app_error',
          'Outgoing webhooks from the same channel cannot have the same trigger words/callback URLs.',
        );
      }
    }
  };

  const outgoingHook = (req: Request, session: Session): OutgoingWebhook => {
    requireOutgoingEnabled();
    const hook = hooks().outgoing.get(idParam(req, 'hook_id'));
    if (!hook || hook.delete_at)
      throw notFound('outgoing_webhook', 'app.webhooks.get_outgoing.app_error');
    requireManage(session, hook.team_id, 'outgoing');
    return hook;
  };

  router.post('/hooks/outgoing', (req, res) => {
    const session = requireSession(req);
    requireOutgoingEnabled();
    const b = body(req);
    const teamId = str(b.team_id);
    if (!teamId) throw invalidParam('team_id');
    requireTeam(ctx, teamId);
    requireManage(session, teamId, 'outgoing');
    const now = ctx.now();
    const hook: OutgoingWebhook = {
      id: newId(),
      token: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      creator_id: session.user_id,
      channel_id: '',
      team_id: teamId,
      trigger_words: [],
      trigger_when: 0,
      callback_urls: [],
      display_name: '',
      description: '',
      content_type: 'application/x-www-form-urlencoded',
      username: '',
      icon_url: '',
    };
    applyOutgoing(hook, b);
    hooks().outgoing.set(hook.id, hook);
    sendJson(res, hook, 201);
  });

  router.get('/hooks/outgoing', (req, res) => {
    const session = requireSession(req);
    requireOutgoingEnabled();
    const teamId = strQuery(req, 'team_id');
    const channelId = strQuery(req, 'channel_id');
    if (teamId) requireManage(session, teamId, 'outgoing');
    else if (channelId) requireManage(session, requireChannel(ctx, channelId).team_id, 'outgoing');
    else if (!isAdmin(ctx, session)) throw forbidden('manage_outgoing_webhooks');
    const { page, perPage } = paging(req);
    const list = [...hooks().outgoing.values()]
      .filter(
        (h) =>
          !h.delete_at &&
          (!teamId || h.team_id === teamId) &&
          (!channelId || h.channel_id === channelId),
      )
      .sort((a, b) => a.create_at - b.create_at);
    sendJson(res, pageOf(list, page, perPage));
  });

  router.get('/hooks/outgoing/:hook_id', (req, res) => {
    sendJson(res, outgoingHook(req, requireSession(req)));
  });

  router.put('/hooks/outgoing/:hook_id', (req, res) => {
    const hook = outgoingHook(req, requireSession(req));
    const b = body(req);
    if (b.team_id !== undefined && b.team_id !== hook.team_id) {
      throw badRequest(
        'api.webhook.team_mismatch.app_error',
        'Unable to update webhook across teams.',
      );
    }
    const edited = { ...hook };
    applyOutgoing(edited, b);
    edited.update_at = ctx.now();
    hooks().outgoing.set(hook.id, edited);
    sendJson(res, edited);
  });

  router.post('/hooks/outgoing/:hook_id/regen_token', (req, res) => {
    const hook = outgoingHook(req, requireSession(req));
    hook.token = newId();
    hook.update_at = ctx.now();
    sendJson(res, hook);
  });

  router.delete('/hooks/outgoing/:hook_id', (req, res) => {
    const hook = outgoingHook(req, requireSession(req));
    hook.delete_at = ctx.now();
    sendOk(res);
  });

  // ---- incoming ----

  const incomingHook = (req: Request, session: Session): IncomingWebhook => {
    requireIncomingEnabled();
    const hook = hooks().incoming.get(idParam(req, 'hook_id'));
    if (!hook || hook.delete_at)
      throw notFound('incoming_webhook', 'app.webhooks.get_incoming.app_error');
    requireManage(session, hook.team_id, 'incoming');
    return hook;
  };

  const applyIncoming = (hook: IncomingWebhook, b: Record<string, unknown>) => {
    if (b.display_name !== undefined) hook.display_name = str(b.display_name);
    if (b.description !== undefined) hook.description = str(b.description);
    if (b.username !== undefined) hook.username = str(b.username);
    if (b.icon_url !== undefined) hook.icon_url = str(b.icon_url);
    if (b.channel_locked !== undefined) hook.channel_locked = b.channel_locked === true;
    if (b.channel_id !== undefined) {
      const channel = requireChannel(ctx, str(b.channel_id));
      if (channel.team_id !== hook.team_id)
        throw badRequest(
          'api.webhook.team_mismatch.app_error',
          'Unable to update webhook across teams.',
        );
      hook.channel_id = channel.id;
    }
  };

  router.post('/hooks/incoming', (req, res) => {
    const session = requireSession(req);
    requireIncomingEnabled();
    const b = body(req);
    const channelId = str(b.channel_id);
    if (!channelId) throw invalidParam('channel_id');
    const channel = requireChannel(ctx, channelId);
    if (channel.type === 'D' || channel.type === 'G' || channel.delete_at)
      throw invalidParam('channel_id');
    requireManage(session, channel.team_id, 'incoming');
    if (channel.type === 'P' && !ctx.store.isChannelMember(channel.id, session.user_id))
      throw forbidden('read_channel');
    const now = ctx.now();
    const hook: IncomingWebhook = {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      user_id: session.user_id,
      channel_id: channel.id,
      team_id: channel.team_id,
      display_name: '',
      description: '',
      username: '',
      icon_url: '',
      channel_locked: false,
    };
    applyIncoming(hook, b);
    hooks().incoming.set(hook.id, hook);
    sendJson(res, hook, 201);
  });

  router.get('/hooks/incoming', (req, res) => {
    const session = requireSession(req);
    requireIncomingEnabled();
    const teamId = strQuery(req, 'team_id');
    if (teamId) requireManage(session, teamId, 'incoming');
    else if (!isAdmin(ctx, session)) throw forbidden('manage_incoming_webhooks');
    const { page, perPage } = paging(req);
    const list = [...hooks().incoming.values()]
      .filter((h) => !h.delete_at && (!teamId || h.team_id === teamId))
      .sort((a, b) => a.create_at - b.create_at);
    const hooksPage = pageOf(list, page, perPage);
    if (boolQuery(req, 'include_total_count'))
      sendJson(res, { incoming_webhooks: hooksPage, total_count: list.length });
    else sendJson(res, hooksPage);
  });

  router.get('/hooks/incoming/:hook_id', (req, res) => {
    sendJson(res, incomingHook(req, requireSession(req)));
  });

  router.put('/hooks/incoming/:hook_id', (req, res) => {
    const hook = incomingHook(req, requireSession(req));
    const edited = { ...hook };
    applyIncoming(edited, body(req));
    edited.update_at = ctx.now();
    hooks().incoming.set(hook.id, edited);
    sendJson(res, edited);
  });

  router.delete('/hooks/incoming/:hook_id', (req, res) => {
    const hook = incomingHook(req, requireSession(req));
    hook.delete_at = ctx.now();
    sendOk(res);
  });
}

/** Answers an incoming webhook call the way Mattermost does: plain `ok`. */
export function sendHookOk(res: Response): void {
  res.setHeader('Content-Type', 'text/plain');
  res.end('ok');
}
