import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, forbidden } from '../http/errors.js';
import { body, boolQuery, idParam, pageOf, paging, reqString } from '../http/params.js';
import { isAdmin } from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import {
  createUser,
  publishUserUpdated,
  revokeSessionsOf,
  validateUsername,
} from '../services/users.js';
import type { Bot, Session } from '../store/types.js';

/** Creates a bot account: a user with `is_bot` plus its bot record. */
export function createBot(
  ctx: SimContext,
  input: { username: string; display_name?: string; description?: string },
  ownerId: string,
): Bot {
  const user = createUser(ctx, {
    username: input.username,
    is_bot: true,
    first_name: input.display_name ?? '',
    bot_description: input.description ?? '',
  });
  const bot: Bot = {
    user_id: user.id,
    username: user.username,
    display_name: input.display_name ?? '',
    description: input.description ?? '',
    owner_id: ownerId,
    create_at: user.create_at,
    update_at: user.create_at,
    delete_at: 0,
  };
  ctx.store.bots.set(bot.user_id, bot);
  return bot;
}

function requireBot(ctx: SimContext, session: Session, id: string, includeDeleted = true): Bot {
  const bot = ctx.store.bots.get(id);
  const visible = bot && (isAdmin(ctx, session) || bot.owner_id === session.user_id);
  if (!bot || !visible || (!includeDeleted && bot.delete_at > 0)) {
    throw new AppError(
      404,
      'store.sql_bot.get.missing.app_error',
      'Bot does not exist.',
      'resource not found',
    );
  }
  return bot;
}

export function registerBotRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/bots', (req, res) => {
    const session = requireSession(req);
    if (!store.config.ServiceSettings.EnableBotAccountCreation) {
      throw new AppError(403, 'api.bot.create_disabled', 'Bot creation has been disabled.');
    }
    if (!isAdmin(ctx, session)) throw forbidden('create_bot');
    const b = body(req);
    const username = reqString(b, 'username').toLowerCase();
    validateUsername(ctx, username);
    const bot = createBot(
      ctx,
      {
        username,
        display_name: typeof b['display_name'] === 'string' ? b['display_name'] : '',
        description: typeof b['description'] === 'string' ? b['description'] : '',
      },
      session.user_id,
    );
    sendJson(res, bot, 201);
  });

  r.get('/bots', (req, res) => {
    const session = requireSession(req);
    const { page, perPage } = paging(req);
    const includeDeleted = boolQuery(req, 'include_deleted');
    const onlyOrphaned = boolQuery(req, 'only_orphaned');
    // Mattermost asks for read_bots (own bots) or read_others_bots; by default only system admins
    // hold either, so a regular user is refused rather than shown an empty list.
    if (!isAdmin(ctx, session)) throw forbidden('read_bots');
    const bots = [...store.bots.values()]
      .filter((b) => includeDeleted || b.delete_at === 0)
      .filter((b) => !onlyOrphaned || (store.user(b.owner_id)?.delete_at ?? 1) !== 0)
      .sort((a, b) => a.username.localeCompare(b.username));
    sendJson(res, pageOf(bots, page, perPage));
  });

  r.get('/bots/:bot_user_id', (req, res) => {
    const session = requireSession(req);
    sendJson(
      res,
      requireBot(ctx, session, idParam(req, 'bot_user_id'), boolQuery(req, 'include_deleted')),
    );
  });

  r.put('/bots/:bot_user_id', (req, res) => {
    const session = requireSession(req);
    const bot = requireBot(ctx, session, idParam(req, 'bot_user_id'));
    const b = body(req);
    const user = store.user(bot.user_id);
    if (typeof b['username'] === 'string' && b['username'] !== bot.username) {
      validateUsername(ctx, b['username'].toLowerCase(), bot.user_id);
      bot.username = b['username'].toLowerCase();
      if (user) user.username = bot.username;
    }
    if (typeof b['display_name'] === 'string') bot.display_name = b['display_name'];
    if (typeof b['description'] === 'string') bot.description = b['description'];
    bot.update_at = ctx.now();
    if (user) {
      user.first_name = bot.display_name;
      user.bot_description = bot.description;
      user.update_at = bot.update_at;
      publishUserUpdated(ctx, user);
    }
    sendJson(res, bot);
  });

  for (const action of ['disable', 'enable'] as const) {
    r.post(`/bots/:bot_user_id/${action}`, (req, res) => {
      const session = requireSession(req);
      const bot = requireBot(ctx, session, idParam(req, 'bot_user_id'));
      const user = store.user(bot.user_id);
      const now = ctx.now();
      bot.delete_at = action === 'disable' ? now : 0;
      bot.update_at = now;
      if (user) {
        user.delete_at = bot.delete_at;
        user.update_at = now;
        if (action === 'disable') revokeSessionsOf(ctx, user.id);
        publishUserUpdated(ctx, user);
      }
      sendJson(res, bot);
    });
  }

  r.post('/bots/:bot_user_id/assign/:user_id', (req, res) => {
    const session = requireSession(req);
    const bot = requireBot(ctx, session, idParam(req, 'bot_user_id'));
    const owner = store.user(idParam(req, 'user_id'));
    if (!owner)
      throw new AppError(
        404,
        'app.user.missing_account.const',
        'Unable to find the user.',
        'resource not found',
      );
    bot.owner_id = owner.id;
    bot.update_at = ctx.now();
    sendJson(res, bot);
  });
}
