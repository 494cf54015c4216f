import type { Request, Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest, invalidParam } from '../http/errors.js';
import { body, idParam, intQuery, omitSender } from '../http/params.js';
import { requireChannelMember, requireReadChannel } from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import { newId } from '../ids.js';
import { presentFile } from '../services/present.js';
import type { Bookmark } from '../store/types.js';
import { BOOKMARK_FILE_OWNER } from './files.js';

const MAX_BOOKMARKS = 50;

function present(ctx: SimContext, b: Bookmark): Record<string, unknown> {
  const file = b.file_id ? ctx.store.files.get(b.file_id) : undefined;
  return { ...b, ...(file ? { file: presentFile(file) } : {}) };
}

function liveOf(ctx: SimContext, channelId: string): Bookmark[] {
  return [...ctx.store.bookmarks.values()]
    .filter((b) => b.channel_id === channelId && b.delete_at === 0)
    .sort((a, b) => a.sort_order - b.sort_order);
}

function requireBookmark(ctx: SimContext, channelId: string, id: string): Bookmark {
  const b = ctx.store.bookmarks.get(id);
  if (!b || b.channel_id !== channelId || b.delete_at > 0) {
    throw new AppError(
      404,
      'app.channel.bookmark.get.app_error',
      'Unable to get the bookmark.',
      'resource not found',
    );
  }
  return b;
}

/**
 * A file bookmark takes a file uploaded for it (`POST /files?bookmark=true`) to the same channel,
 * never posted and not bookmarked yet, as Mattermost's store checks before saving.
 */
function requireBookmarkFile(ctx: SimContext, fileId: string, channelId: string): void {
  const file = ctx.store.files.get(fileId);
  if (!file) throw invalidParam('file_id');
  const taken = [...ctx.store.bookmarks.values()].some(
    (b) => b.file_id === fileId && b.delete_at === 0,
  );
  if (
    taken ||
    file.post_id !== '' ||
    file.user_id !== BOOKMARK_FILE_OWNER ||
    file.channel_id !== channelId ||
    file.delete_at !== 0
  )
    throw badRequest(
      'app.channel.bookmark.save.app_error',
      'Unable to save the bookmark.',
      `invalid input: ChannelBookmarks FileInfoId ${fileId}`,
    );
}

export function registerBookmarkRoutes(r: Router, ctx: SimContext): void {
  // The sender's own connection (Client4's `Connection-Id` header) is left out, as Mattermost does.
  const publish = (req: Request, event: string, data: Record<string, unknown>, channelId: string) =>
    ctx.bus.publish({ event, data, broadcast: { channel_id: channelId, ...omitSender(req) } });

  r.get('/channels/:channel_id/bookmarks', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    const since = intQuery(req, 'bookmarks_since', 0);
    const list =
      since > 0
        ? [...ctx.store.bookmarks.values()].filter(
            (b) => b.channel_id === channel.id && b.update_at >= since,
          )
        : liveOf(ctx, channel.id);
    sendJson(
      res,
      list.map((b) => present(ctx, b)),
    );
  });

  r.post('/channels/:channel_id/bookmarks', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannelMember(
      ctx,
      session,
      idParam(req, 'channel_id'),
      'add_bookmark_public_channel',
    );
    if (channel.delete_at > 0)
      throw badRequest('api.channel.bookmark.channel_archived', 'The channel is archived.');
    const b = body(req);
    const type = b['type'];
    if (type !== 'link' && type !== 'file') throw invalidParam('type');
    const displayName = typeof b['display_name'] === 'string' ? b['display_name'] : '';
    if (!displayName) throw invalidParam('display_name');
    const linkUrl = typeof b['link_url'] === 'string' ? b['link_url'] : '';
    const fileId = typeof b['file_id'] === 'string' ? b['file_id'] : '';
    if (type === 'link' && !/^https?:\/\//.test(linkUrl)) throw invalidParam('link_url');
    if (type === 'file') requireBookmarkFile(ctx, fileId, channel.id);
    const existing = liveOf(ctx, channel.id);
    if (existing.length >= MAX_BOOKMARKS)
      throw badRequest(
        'app.channel.bookmark.save.limit_reached.app_error',
        'Maximum bookmark limit reached.',
      );
    const now = ctx.now();
    const bookmark: Bookmark = {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      channel_id: channel.id,
      owner_id: session.user_id,
      file_id: type === 'file' ? fileId : '',
      display_name: displayName,
      sort_order: existing.length,
      link_url: type === 'link' ? linkUrl : '',
      image_url: typeof b['image_url'] === 'string' ? b['image_url'] : '',
      emoji: typeof b['emoji'] === 'string' ? b['emoji'] : '',
      type,
      original_id: '',
      parent_id: '',
    };
    ctx.store.bookmarks.set(bookmark.id, bookmark);
    publish(
      req,
      'channel_bookmark_created',
      { bookmark: JSON.stringify(present(ctx, bookmark)) },
      channel.id,
    );
    sendJson(res, present(ctx, bookmark), 201);
  });

  r.patch('/channels/:channel_id/bookmarks/:bookmark_id', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannelMember(
      ctx,
      session,
      idParam(req, 'channel_id'),
      'edit_bookmark_public_channel',
    );
    const current = requireBookmark(ctx, channel.id, idParam(req, 'bookmark_id'));
    const b = body(req);
    // Mattermost keeps history: the old version is deleted and a new one takes its place.
    const now = ctx.now();
    const updated: Bookmark = {
      ...current,
      id: newId(),
      original_id: current.original_id || current.id,
      create_at: now,
      update_at: now,
    };
    for (const key of ['display_name', 'link_url', 'image_url', 'emoji', 'file_id'] as const) {
      if (typeof b[key] === 'string') updated[key] = b[key] as string;
    }
    if (typeof b['sort_order'] === 'number') updated.sort_order = b['sort_order'];
    current.delete_at = now;
    current.update_at = now;
    ctx.store.bookmarks.set(updated.id, updated);
    const out = { updated: present(ctx, updated), deleted: present(ctx, current) };
    publish(req, 'channel_bookmark_updated', { bookmarks: JSON.stringify(out) }, channel.id);
    sendJson(res, out);
  });

  r.post('/channels/:channel_id/bookmarks/:bookmark_id/sort_order', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannelMember(
      ctx,
      session,
      idParam(req, 'channel_id'),
      'order_bookmark_public_channel',
    );
    const bookmark = requireBookmark(ctx, channel.id, idParam(req, 'bookmark_id'));
    const target = Number(req.body);
    const list = liveOf(ctx, channel.id).filter((b) => b.id !== bookmark.id);
    if (!Number.isInteger(target) || target < 0 || target > list.length)
      throw invalidParam('sort_order');
    list.splice(target, 0, bookmark);
    const now = ctx.now();
    list.forEach((b, i) => {
      if (b.sort_order !== i) {
        b.sort_order = i;
        b.update_at = now;
      }
    });
    const out = list.map((b) => present(ctx, b));
    publish(req, 'channel_bookmark_sorted', { bookmarks: JSON.stringify(out) }, channel.id);
    sendJson(res, out);
  });

  r.delete('/channels/:channel_id/bookmarks/:bookmark_id', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannelMember(
      ctx,
      session,
      idParam(req, 'channel_id'),
      'delete_bookmark_public_channel',
    );
    const bookmark = requireBookmark(ctx, channel.id, idParam(req, 'bookmark_id'));
    bookmark.delete_at = ctx.now();
    bookmark.update_at = bookmark.delete_at;
    publish(
      req,
      'channel_bookmark_deleted',
      { bookmark: JSON.stringify(present(ctx, bookmark)) },
      channel.id,
    );
    sendJson(res, present(ctx, bookmark));
  });
}
