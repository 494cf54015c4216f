import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, forbidden, invalidParam, invalidUrlParam } from '../http/errors.js';
import {
  body,
  boolQuery,
  idParam,
  intQuery,
  paging,
  stringArrayBody,
  strQuery,
  userIdParam,
} from '../http/params.js';
import {
  canReadChannel,
  requireChannelMember,
  requirePost,
  requireReadChannel,
  requireReadPost,
  requireSelfOrAdmin,
} from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import {
  createPost,
  deletePost,
  requireCanDelete,
  requireCanEdit,
  updatePost,
} from '../services/posts.js';
import { postList, presentPost } from '../services/present.js';
import type { Post } from '../store/types.js';

/** Reads the fields of a new post from a request body. */
function newPostFromBody(b: Record<string, unknown>) {
  const channelId = typeof b['channel_id'] === 'string' ? b['channel_id'] : '';
  if (!channelId) throw invalidParam('channel_id');
  const metadata = (b['metadata'] ?? {}) as { priority?: Post['priority'] };
  return {
    channel_id: channelId,
    message: typeof b['message'] === 'string' ? b['message'] : '',
    root_id: typeof b['root_id'] === 'string' ? b['root_id'] : '',
    file_ids: Array.isArray(b['file_ids'])
      ? (b['file_ids'] as unknown[]).filter((x): x is string => typeof x === 'string')
      : [],
    props:
      typeof b['props'] === 'object' && b['props'] !== null
        ? (b['props'] as Record<string, unknown>)
        : {},
    pending_post_id: typeof b['pending_post_id'] === 'string' ? b['pending_post_id'] : '',
    priority: metadata.priority,
  };
}

/**
 * Picks the window of `all` (oldest first) that a channel-posts query asks for, with Mattermost's
 * cursors: `next_post_id` is the post just newer than the window, `prev_post_id` the one just older.
 */
function windowOf(
  all: Post[],
  opts: { page: number; perPage: number; before?: string; after?: string },
) {
  let start: number;
  let end: number; // exclusive
  if (opts.after) {
    const i = all.findIndex((p) => p.id === opts.after);
    if (i < 0) return { posts: [], next: '', prev: '' };
    start = Math.min(all.length, i + 1 + opts.page * opts.perPage);
    end = Math.min(all.length, start + opts.perPage);
  } else {
    let newestExclusive = all.length;
    if (opts.before) {
      const i = all.findIndex((p) => p.id === opts.before);
      if (i < 0) return { posts: [], next: '', prev: '' };
      newestExclusive = i;
    }
    end = Math.max(0, newestExclusive - opts.page * opts.perPage);
    start = Math.max(0, end - opts.perPage);
  }
  return {
    posts: all.slice(start, end),
    next: end < all.length && end > start ? (all[end]?.id ?? '') : '',
    prev: start > 0 && end > start ? (all[start - 1]?.id ?? '') : '',
  };
}

export function registerPostRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/posts', (req, res) => {
    const session = requireSession(req);
    const input = newPostFromBody(body(req));
    requireChannelMember(ctx, session, input.channel_id, 'create_post');
    const setOnline = req.query['set_online'] !== 'false';
    const { post } = createPost(ctx, session.user_id, input, { setOnline });
    sendJson(res, presentPost(ctx, post), 201);
  });

  r.post('/posts/ids', (req, res) => {
    const session = requireSession(req);
    const ids = stringArrayBody(req, 'post_ids');
    const posts = ids
      .map((id) => store.post(id))
      .filter((p): p is Post => p !== undefined && p.delete_at === 0)
      .filter((p) => {
        const c = store.channels.get(p.channel_id);
        return c !== undefined && canReadChannel(ctx, session, c);
      });
    sendJson(
      res,
      posts.map((p) => presentPost(ctx, p)),
    );
  });

  r.get('/posts/:post_id', (req, res) => {
    const session = requireSession(req);
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    sendJson(res, presentPost(ctx, post));
  });

  r.get('/posts/:post_id/thread', (req, res) => {
    const session = requireSession(req);
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    const root = post.root_id ? requirePost(ctx, post.root_id) : post;
    const thread = [root, ...store.repliesOf(root.id)];
    const perPage = intQuery(req, 'perPage', 0);
    if (perPage > 0) {
      // Paged form (what Client4.getPostThread asks for): a window from the root, `fromPost` excluded.
      const fromPost = strQuery(req, 'fromPost');
      const direction = strQuery(req, 'direction') || 'down';
      let list = thread;
      if (fromPost) {
        const i = thread.findIndex((p) => p.id === fromPost);
        list = direction === 'up' ? thread.slice(0, Math.max(0, i)) : thread.slice(i + 1);
      }
      const slice = direction === 'up' ? list.slice(-perPage) : list.slice(0, perPage);
      const out = postList(ctx, slice, { has_next: list.length > slice.length });
      sendJson(res, out);
      return;
    }
    sendJson(res, postList(ctx, thread));
  });

  r.put('/posts/:post_id/patch', (req, res) => {
    const session = requireSession(req);
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    requireCanEdit(ctx, session.user_id, post);
    const b = body(req);
    updatePost(ctx, post, {
      message: typeof b['message'] === 'string' ? b['message'] : undefined,
      props:
        typeof b['props'] === 'object' && b['props'] !== null
          ? (b['props'] as Record<string, unknown>)
          : undefined,
      file_ids: Array.isArray(b['file_ids']) ? (b['file_ids'] as string[]) : undefined,
      is_pinned: typeof b['is_pinned'] === 'boolean' ? b['is_pinned'] : undefined,
    });
    sendJson(res, presentPost(ctx, post));
  });

  r.put('/posts/:post_id', (req, res) => {
    const session = requireSession(req);
    const id = idParam(req, 'post_id');
    const b = body(req);
    if (b['id'] !== id) throw invalidParam('id');
    const post = requireReadPost(ctx, session, id);
    requireCanEdit(ctx, session.user_id, post);
    updatePost(ctx, post, {
      message: typeof b['message'] === 'string' ? b['message'] : undefined,
      props:
        typeof b['props'] === 'object' && b['props'] !== null
          ? (b['props'] as Record<string, unknown>)
          : undefined,
      file_ids: Array.isArray(b['file_ids']) ? (b['file_ids'] as string[]) : undefined,
    });
    sendJson(res, presentPost(ctx, post));
  });

  r.delete('/posts/:post_id', (req, res) => {
    const session = requireSession(req);
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    requireCanDelete(ctx, session.user_id, post);
    deletePost(ctx, post, session.user_id);
    sendOk(res);
  });

  for (const [action, pinned] of [
    ['pin', true],
    ['unpin', false],
  ] as const) {
    r.post(`/posts/:post_id/${action}`, (req, res) => {
      const session = requireSession(req);
      const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
      requireChannelMember(ctx, session, post.channel_id, 'manage_public_channel_properties');
      if (post.is_pinned !== pinned) {
        post.is_pinned = pinned;
        post.update_at = ctx.now();
        ctx.bus.publish({
          event: 'post_edited',
          data: { post: JSON.stringify(presentPost(ctx, post)) },
          broadcast: { channel_id: post.channel_id },
        });
      }
      sendOk(res);
    });
  }

  r.get('/channels/:channel_id/posts', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    const { page, perPage } = paging(req);
    const since = intQuery(req, 'since', 0);
    const collapsed = boolQuery(req, 'collapsedThreads');
    const includeDeleted = boolQuery(req, 'include_deleted');
    const ids = store.channelPosts.get(channel.id) ?? [];
    let all = ids.map((id) => store.post(id)).filter((p): p is Post => p !== undefined);
    if (since > 0) {
      sendJson(res, postList(ctx, postsChangedSince(ctx, all, since, collapsed)));
      return;
    }
    all = all.filter((p) => p.delete_at === 0 || includeDeleted);
    if (collapsed) all = all.filter((p) => p.root_id === '');
    const before = strQuery(req, 'before');
    const after = strQuery(req, 'after');
    if (before && after) throw invalidUrlParam('before');
    const w = windowOf(all, {
      page,
      perPage,
      before: before || undefined,
      after: after || undefined,
    });
    sendJson(res, postList(ctx, w.posts, { next_post_id: w.next, prev_post_id: w.prev }));
  });

  r.get('/channels/:channel_id/pinned', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    sendJson(
      res,
      postList(
        ctx,
        store.postsOfChannel(channel.id).filter((p) => p.is_pinned),
      ),
    );
  });

  r.get('/users/:user_id/channels/:channel_id/posts/unread', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    const member = store.channelMember(channel.id, userId);
    if (!member) throw forbidden('read_channel');
    const before = Math.min(200, Math.max(0, intQuery(req, 'limit_before', 60)));
    const after = Math.min(200, intQuery(req, 'limit_after', 60));
    if (after <= 0) throw invalidUrlParam('limit_after');
    // With collapsed threads the line falls between root posts: replies are read in their threads.
    const collapsed = boolQuery(req, 'collapsedThreads');
    const all = store.postsOfChannel(channel.id).filter((p) => !collapsed || !p.root_id);
    const firstUnread = all.findIndex((p) => p.create_at > member.last_viewed_at);
    const pivot = firstUnread < 0 ? all.length : firstUnread;
    const start = Math.max(0, pivot - before);
    const end = Math.min(all.length, pivot + after);
    const posts = all.slice(start, end);
    sendJson(
      res,
      postList(ctx, posts, {
        next_post_id: all[end]?.id ?? '',
        prev_post_id: start > 0 ? (all[start - 1]?.id ?? '') : '',
      }),
    );
  });

  r.get('/users/:user_id/posts/flagged', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const { page, perPage } = paging(req);
    const teamId = strQuery(req, 'team_id');
    const channelId = strQuery(req, 'channel_id');
    const flagged = store.preferences
      .values(userId)
      .filter((p) => p.category === 'flagged_post' && p.value === 'true')
      .map((p) => store.post(p.name))
      .filter((p): p is Post => p !== undefined && p.delete_at === 0)
      .filter((p) => {
        const c = store.channels.get(p.channel_id);
        if (!c || !canReadChannel(ctx, session, c)) return false;
        if (channelId && c.id !== channelId) return false;
        if (teamId && c.team_id !== teamId && c.team_id !== '') return false;
        return true;
      })
      .sort((a, b) => b.create_at - a.create_at)
      .slice(page * perPage, page * perPage + perPage);
    sendJson(res, postList(ctx, flagged));
  });

  r.post('/users/:user_id/posts/:post_id/ack', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    if (userId !== session.user_id) throw forbidden('read_channel');
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    const ack = {
      user_id: userId,
      post_id: post.id,
      acknowledged_at: ctx.now(),
      channel_id: post.channel_id,
    };
    store.acknowledgements.set(post.id, userId, ack);
    ctx.bus.publish({
      event: 'post_acknowledgement_added',
      data: { acknowledgement: JSON.stringify(ack) },
      broadcast: { channel_id: post.channel_id },
    });
    sendJson(res, ack);
  });

  r.delete('/users/:user_id/posts/:post_id/ack', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    if (userId !== session.user_id) throw forbidden('read_channel');
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    const ack = store.acknowledgements.get(post.id, userId);
    if (!ack)
      throw new AppError(
        404,
        'app.acknowledgement.get.app_error',
        'Unable to get the acknowledgement.',
        'resource not found',
      );
    store.acknowledgements.delete(post.id, userId);
    ctx.bus.publish({
      event: 'post_acknowledgement_removed',
      data: { acknowledgement: JSON.stringify(ack) },
      broadcast: { channel_id: post.channel_id },
    });
    sendOk(res);
  });
}

/** The most posts one `since` answer holds (`GetPostsSince`); a client pages on from the last. */
export const POSTS_SINCE_LIMIT = 1000;

/**
 * What `GET /channels/{id}/posts?since=` answers, as `GetPostsSince` does: the posts changed after
 * `since` (strictly), oldest change first, at most 1000, deletions included, plus the roots of changed
 * replies; with collapsed threads only live root posts.
 */
function postsChangedSince(
  ctx: SimContext,
  posts: Post[],
  since: number,
  collapsed: boolean,
): Post[] {
  const changed = posts
    .filter((p) => p.update_at > since && (!collapsed || (p.root_id === '' && p.delete_at === 0)))
    .sort((a, b) => a.update_at - b.update_at || a.id.localeCompare(b.id))
    .slice(0, POSTS_SINCE_LIMIT);
  if (collapsed) return changed;
  const ids = new Set(changed.map((p) => p.id));
  const roots: Post[] = [];
  for (const p of changed) {
    if (!p.root_id || ids.has(p.root_id)) continue;
    const root = ctx.store.post(p.root_id);
    if (root) {
      ids.add(root.id);
      roots.push(root);
    }
  }
  return [...changed, ...roots];
}
