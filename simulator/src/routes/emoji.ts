import type { Router } from 'express';
import multer from 'multer';
import type { SimContext } from '../context.js';
import { imageSize } from '../files/mime.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest, forbidden, invalidParam, notFound } from '../http/errors.js';
import { body, pageOf, paging, strQuery, stringParam } from '../http/params.js';
import { sendJson } from '../http/respond.js';
import { newId } from '../ids.js';
import type { CustomEmoji } from '../store/types.js';

/** Mattermost's rule for custom emoji names. */
const NAME = /^[a-z0-9_+-]{1,64}$/;
/** A few system emoji names a custom emoji may not take (Mattermost refuses all of them). */
const SYSTEM_NAMES = new Set([
  'smile',
  'thumbsup',
  '+1',
  'heart',
  'tada',
  'white_check_mark',
  'eyes',
]);

/** Custom emojis: create (multipart, with an image), list, search. */
export function registerEmojiRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;
  const multipart = multer({ storage: multer.memoryStorage() });
  const live = () => [...store.emojis.values()].filter((e) => e.delete_at === 0);

  r.post('/emoji', multipart.single('image'), (req, res) => {
    const session = requireSession(req);
    let emoji: { creator_id?: unknown; name?: unknown };
    try {
      emoji = JSON.parse(String((req.body as Record<string, unknown>)?.emoji ?? ''));
    } catch {
      throw invalidParam('emoji');
    }
    const name = typeof emoji.name === 'string' ? emoji.name : '';
    if (!NAME.test(name)) throw invalidParam('name');
    if (emoji.creator_id !== session.user_id)
      throw new AppError(403, 'api.emoji.create.other_user.app_error', 'Invalid user id.');
    if (!req.file || !imageSize(req.file.buffer))
      throw badRequest(
        'api.emoji.create.image.app_error',
        'Unable to create emoji. Image must be a PNG, JPEG or GIF.',
      );
    if (SYSTEM_NAMES.has(name) || live().some((e) => e.name === name))
      throw badRequest(
        'api.emoji.create.duplicate.app_error',
        'Unable to create emoji. Another emoji with the same name already exists.',
      );
    const now = ctx.now();
    const created: CustomEmoji = {
      id: newId(),
      creator_id: session.user_id,
      name,
      create_at: now,
      update_at: now,
      delete_at: 0,
    };
    store.emojis.set(created.id, created);
    sendJson(res, created, 201);
  });

  r.get('/emoji', (req, res) => {
    requireSession(req);
    const { page, perPage } = paging(req);
    const sort = strQuery(req, 'sort');
    const all = live().sort((a, b) =>
      sort === 'name' ? a.name.localeCompare(b.name) : a.create_at - b.create_at,
    );
    sendJson(res, pageOf(all, page, perPage));
  });

  r.post('/emoji/search', (req, res) => {
    requireSession(req);
    const b = body(req);
    const term = typeof b.term === 'string' ? b.term.toLowerCase().replace(/^:|:$/g, '') : '';
    if (!term) throw invalidParam('term');
    const prefixOnly = b.prefix_only === true || b.prefix_only === 'true';
    const found = live()
      .filter((e) => (prefixOnly ? e.name.startsWith(term) : e.name.includes(term)))
      .sort((a, b2) => a.name.localeCompare(b2.name))
      .slice(0, 100);
    sendJson(res, found);
  });

  r.get('/emoji/name/:emoji_name', (req, res) => {
    requireSession(req);
    const name = stringParam(req, 'emoji_name');
    const found = live().find((e) => e.name === name);
    if (!found) throw notFound('emoji', 'app.emoji.get_by_name.no_result');
    sendJson(res, found);
  });

  // Deleting is the creator's or an admin's.
  r.delete('/emoji/:emoji_id', (req, res) => {
    const session = requireSession(req);
    const found = store.emojis.get(stringParam(req, 'emoji_id'));
    if (!found || found.delete_at) throw notFound('emoji', 'app.emoji.get.no_result');
    if (found.creator_id !== session.user_id && !store.isSystemAdmin(session.user_id))
      throw forbidden('delete_others_emojis');
    found.delete_at = ctx.now();
    sendJson(res, found);
  });
}
