import type { Request, Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest, invalidParam, invalidUrlParam } from '../http/errors.js';
import { body, boolQuery, idParam, omitSender } from '../http/params.js';
import { requireChannelMember, requireTeam, requireTeamMember } from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import { newId } from '../ids.js';
import { isTooLong } from '../services/posts.js';
import type { ScheduledPost, Session } from '../store/types.js';

function requireEnabled(ctx: SimContext): void {
  if (!ctx.store.config.ServiceSettings.ScheduledPosts) {
    throw new AppError(
      400,
      'api.scheduled_posts.feature_disabled',
      'Scheduled posts are disabled.',
    );
  }
}

/** The caller's own scheduled post, with the errors Mattermost gives for `action` ('update' or 'delete'). */
function requireOwn(
  ctx: SimContext,
  session: Session,
  id: string,
  action: 'update' | 'delete',
): ScheduledPost {
  const sp = ctx.store.scheduledPosts.get(id);
  if (!sp) {
    throw new AppError(
      404,
      `app.${action}_scheduled_post.existing_scheduled_post.not_exist`,
      'The scheduled post does not exist.',
    );
  }
  if (sp.user_id !== session.user_id) {
    throw new AppError(
      403,
      `app.${action}_scheduled_post.${action}_permission.error`,
      'You do not have permission to change this scheduled post.',
    );
  }
  return sp;
}

function readFields(ctx: SimContext, b: Record<string, unknown>) {
  const scheduledAt = Number(b['scheduled_at']);
  if (!Number.isFinite(scheduledAt) || scheduledAt <= 0) throw invalidParam('scheduled_at');
  if (scheduledAt < ctx.now())
    throw badRequest(
      'app.save_scheduled_post.invalid_schedule_time',
      'The scheduled time must be in the future.',
    );
  const message = typeof b['message'] === 'string' ? b['message'] : '';
  if (isTooLong(message)) throw invalidParam('message');
  const fileIds = Array.isArray(b['file_ids'])
    ? (b['file_ids'] as unknown[]).filter((x): x is string => typeof x === 'string')
    : [];
  if (!message.trim() && fileIds.length === 0) throw invalidParam('message');
  return {
    scheduled_at: scheduledAt,
    message,
    file_ids: fileIds,
    props:
      typeof b['props'] === 'object' && b['props'] !== null
        ? (b['props'] as Record<string, unknown>)
        : {},
  };
}

export function registerScheduledPostRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;
  // The sender's own connection (Client4's `Connection-Id` header) is left out, as Mattermost does.
  const publish = (req: Request, event: string, sp: ScheduledPost) =>
    ctx.bus.publish({
      event,
      data: { scheduledPost: JSON.stringify(sp) },
      broadcast: { user_id: sp.user_id, ...omitSender(req) },
    });

  r.post('/posts/schedule', (req, res) => {
    const session = requireSession(req);
    requireEnabled(ctx);
    const b = body(req);
    const channelId = typeof b['channel_id'] === 'string' ? b['channel_id'] : '';
    if (!channelId) throw invalidParam('channel_id');
    requireChannelMember(ctx, session, channelId, 'create_post');
    const fields = readFields(ctx, b);
    const now = ctx.now();
    const sp: ScheduledPost = {
      id: newId(),
      create_at: now,
      update_at: now,
      user_id: session.user_id,
      channel_id: channelId,
      root_id: typeof b['root_id'] === 'string' ? b['root_id'] : '',
      ...fields,
      processed_at: 0,
      error_code: '',
    };
    store.scheduledPosts.set(sp.id, sp);
    publish(req, 'scheduled_post_created', sp);
    sendJson(res, sp, 201);
  });

  r.get('/posts/scheduled/team/:team_id', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const withDirect = boolQuery(req, 'includeDirectChannels');
    const out: Record<string, ScheduledPost[]> = { [team.id]: [] };
    if (withDirect) out['directChannels'] = [];
    for (const sp of store.scheduledPosts.values()) {
      if (sp.user_id !== session.user_id) continue;
      const channel = store.channels.get(sp.channel_id);
      if (channel?.team_id === team.id) out[team.id]!.push(sp);
      else if (withDirect && channel && channel.team_id === '') out['directChannels']!.push(sp);
    }
    for (const list of Object.values(out)) list.sort((a, b) => a.scheduled_at - b.scheduled_at);
    sendJson(res, out);
  });

  r.put('/posts/schedule/:scheduled_post_id', (req, res) => {
    const session = requireSession(req);
    requireEnabled(ctx);
    const id = idParam(req, 'scheduled_post_id');
    const b = body(req);
    if (b['id'] !== id) throw invalidUrlParam('scheduled_post_id');
    const sp = requireOwn(ctx, session, id, 'update');
    Object.assign(sp, readFields(ctx, b), { update_at: ctx.now(), error_code: '' });
    publish(req, 'scheduled_post_updated', sp);
    // Mattermost answers updates and deletions of scheduled posts with 201.
    sendJson(res, sp, 201);
  });

  r.delete('/posts/schedule/:scheduled_post_id', (req, res) => {
    const session = requireSession(req);
    requireEnabled(ctx);
    const sp = requireOwn(ctx, session, idParam(req, 'scheduled_post_id'), 'delete');
    store.scheduledPosts.delete(sp.id);
    publish(req, 'scheduled_post_deleted', sp);
    sendJson(res, sp, 201);
  });
}
