import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, invalidUrlParam } from '../http/errors.js';
import { boolQuery, idParam, intQuery, strQuery, userIdParam } from '../http/params.js';
import {
  requireReadPost,
  requireSelfOrAdmin,
  requireTeam,
  requireTeamMember,
} from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import {
  followedThreads,
  presentUserThread,
  touchThreadMembership,
  unreadReplies,
} from '../services/threads.js';
import type { Post, Session } from '../store/types.js';
import type { Request } from 'express';

function threadOwner(ctx: SimContext, req: Request): { session: Session; userId: string } {
  const session = requireSession(req);
  const userId = userIdParam(req, session);
  requireSelfOrAdmin(ctx, session, userId);
  const team = requireTeam(ctx, idParam(req, 'team_id'));
  requireTeamMember(ctx, session, team.id);
  return { session, userId };
}

function requireRoot(ctx: SimContext, session: Session, threadId: string): Post {
  const post = requireReadPost(ctx, session, threadId);
  if (post.root_id)
    throw new AppError(400, 'app.post.get.root_id.app_error', 'The post is not a thread root.');
  return post;
}

function totals(ctx: SimContext, userId: string, threads: Post[]) {
  let unreadThreads = 0;
  let unreadMentions = 0;
  for (const root of threads) {
    const m = ctx.store.threadMemberships.get(root.id, userId);
    if (!m) continue;
    if (unreadReplies(ctx, root, m) > 0) unreadThreads++;
    unreadMentions += m.unread_mentions;
  }
  return {
    total: threads.length,
    total_unread_threads: unreadThreads,
    total_unread_mentions: unreadMentions,
    total_unread_urgent_mentions: 0,
  };
}

function publishReadChanged(ctx: SimContext, userId: string, root: Post): void {
  const m = ctx.store.threadMemberships.get(root.id, userId);
  ctx.bus.publish({
    event: 'thread_read_changed',
    data: {
      thread_id: root.id,
      timestamp: m?.last_viewed ?? 0,
      unread_mentions: m?.unread_mentions ?? 0,
      unread_replies: m ? unreadReplies(ctx, root, m) : 0,
      channel_id: root.channel_id,
    },
    broadcast: { user_id: userId },
  });
}

export function registerThreadRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.get('/users/:user_id/teams/:team_id/threads', (req, res) => {
    const { userId } = threadOwner(ctx, req);
    const teamId = idParam(req, 'team_id');
    let threads = followedThreads(ctx, userId, teamId);
    const all = threads;
    const since = intQuery(req, 'since', 0);
    if (since > 0)
      threads = threads.filter((t) => t.last_reply_at >= since || t.update_at >= since);
    if (boolQuery(req, 'unread')) {
      threads = threads.filter((t) => {
        const m = store.threadMemberships.get(t.id, userId);
        return m !== undefined && unreadReplies(ctx, t, m) > 0;
      });
    }
    const before = strQuery(req, 'before');
    const after = strQuery(req, 'after');
    if (before) {
      const pivot = store.post(before);
      if (pivot) threads = threads.filter((t) => t.last_reply_at < pivot.last_reply_at);
    }
    if (after) {
      const pivot = store.post(after);
      if (pivot) threads = threads.filter((t) => t.last_reply_at > pivot.last_reply_at);
    }
    const perPage = Math.min(intQuery(req, 'per_page', intQuery(req, 'pageSize', 25)), 200);
    if (perPage < 0) throw invalidUrlParam('per_page');
    const counts = totals(ctx, userId, all);
    if (boolQuery(req, 'totalsOnly')) {
      sendJson(res, { ...counts, threads: [] });
      return;
    }
    const extended = boolQuery(req, 'extended');
    const page = threads.slice(0, perPage).map((t) => presentUserThread(ctx, t, userId, extended));
    sendJson(
      res,
      boolQuery(req, 'threadsOnly')
        ? { threads: page, total: 0, total_unread_threads: 0, total_unread_mentions: 0 }
        : { ...counts, threads: page },
    );
  });

  r.get('/users/:user_id/teams/:team_id/threads/:thread_id', (req, res) => {
    const { session, userId } = threadOwner(ctx, req);
    const root = requireRoot(ctx, session, idParam(req, 'thread_id'));
    if (!store.threadMemberships.get(root.id, userId)) {
      throw new AppError(
        404,
        'app.user.get_thread_membership_for_user.not_found',
        'Thread membership not found.',
        'resource not found',
      );
    }
    sendJson(res, presentUserThread(ctx, root, userId, boolQuery(req, 'extended')));
  });

  r.put('/users/:user_id/teams/:team_id/threads/:thread_id/following', (req, res) => {
    const { session, userId } = threadOwner(ctx, req);
    const root = requireRoot(ctx, session, idParam(req, 'thread_id'));
    touchThreadMembership(ctx, root.id, userId, { follow: true });
    ctx.bus.publish({
      event: 'thread_follow_changed',
      data: { thread_id: root.id, state: true, reply_count: root.reply_count },
      broadcast: { user_id: userId },
    });
    sendOk(res);
  });

  r.delete('/users/:user_id/teams/:team_id/threads/:thread_id/following', (req, res) => {
    const { session, userId } = threadOwner(ctx, req);
    const root = requireRoot(ctx, session, idParam(req, 'thread_id'));
    touchThreadMembership(ctx, root.id, userId, { follow: false });
    ctx.bus.publish({
      event: 'thread_follow_changed',
      data: { thread_id: root.id, state: false, reply_count: root.reply_count },
      broadcast: { user_id: userId },
    });
    sendOk(res);
  });

  r.put('/users/:user_id/teams/:team_id/threads/:thread_id/read/:timestamp', (req, res) => {
    const { session, userId } = threadOwner(ctx, req);
    const root = requireRoot(ctx, session, idParam(req, 'thread_id'));
    const ts = Number(req.params['timestamp']);
    if (!Number.isFinite(ts) || ts < 0) throw invalidUrlParam('timestamp');
    touchThreadMembership(ctx, root.id, userId, { viewedAt: ts });
    publishReadChanged(ctx, userId, root);
    sendJson(res, presentUserThread(ctx, root, userId));
  });

  r.post('/users/:user_id/teams/:team_id/threads/:thread_id/set_unread/:post_id', (req, res) => {
    const { session, userId } = threadOwner(ctx, req);
    const root = requireRoot(ctx, session, idParam(req, 'thread_id'));
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    touchThreadMembership(ctx, root.id, userId, { viewedAt: post.create_at - 1 });
    publishReadChanged(ctx, userId, root);
    sendJson(res, presentUserThread(ctx, root, userId));
  });

  r.put('/users/:user_id/teams/:team_id/threads/read', (req, res) => {
    const { userId } = threadOwner(ctx, req);
    const now = ctx.now();
    for (const root of followedThreads(ctx, userId, idParam(req, 'team_id')))
      touchThreadMembership(ctx, root.id, userId, { viewedAt: now });
    ctx.bus.publish({
      event: 'thread_read_changed',
      data: { timestamp: now },
      broadcast: { user_id: userId },
    });
    sendOk(res);
  });
}
