import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { forbidden, invalidParam } from '../http/errors.js';
import { body, idParam, stringArrayBody, stringParam, userIdParam } from '../http/params.js';
import { canReadChannel, requireChannelMember, requireReadPost } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { addReaction, removeReaction } from '../services/reactions.js';

export function registerReactionRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/reactions', (req, res) => {
    const session = requireSession(req);
    const b = body(req);
    const userId = typeof b['user_id'] === 'string' ? b['user_id'] : '';
    const postId = typeof b['post_id'] === 'string' ? b['post_id'] : '';
    const emoji = typeof b['emoji_name'] === 'string' ? b['emoji_name'] : '';
    if (!userId) throw invalidParam('user_id');
    if (!postId) throw invalidParam('post_id');
    if (!emoji) throw invalidParam('emoji_name');
    if (userId !== session.user_id) throw forbidden('add_reaction');
    const post = requireReadPost(ctx, session, postId);
    requireChannelMember(ctx, session, post.channel_id, 'add_reaction');
    const channel = store.channels.get(post.channel_id);
    if (channel && channel.delete_at > 0) throw forbidden('add_reaction');
    sendJson(res, addReaction(ctx, userId, post, emoji));
  });

  r.get('/posts/:post_id/reactions', (req, res) => {
    const session = requireSession(req);
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    sendJson(res, store.reactionsOf(post.id));
  });

  r.post('/posts/ids/reactions', (req, res) => {
    const session = requireSession(req);
    const out: Record<string, unknown> = {};
    for (const id of stringArrayBody(req, 'post_ids')) {
      const post = store.post(id);
      const channel = post && store.channels.get(post.channel_id);
      if (post && channel && canReadChannel(ctx, session, channel)) out[id] = store.reactionsOf(id);
    }
    sendJson(res, out);
  });

  r.delete('/users/:user_id/posts/:post_id/reactions/:emoji_name', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    if (userId !== session.user_id && !store.isSystemAdmin(session.user_id))
      throw forbidden('remove_others_reactions');
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    removeReaction(ctx, userId, post, stringParam(req, 'emoji_name'));
    sendOk(res);
  });
}
