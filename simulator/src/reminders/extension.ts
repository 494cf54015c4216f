import type { SimExtension } from '../extensions.js';
import { requireSession } from '../http/auth.js';
import { invalidParam } from '../http/errors.js';
import { body, idParam, userIdParam } from '../http/params.js';
import { requireReadPost, requireSelfOrAdmin } from '../http/permissions.js';
import { sendOk } from '../http/respond.js';
import { presentPost } from '../services/present.js';
import { newId } from '../ids.js';
import { fireDueReminders, reminderPermalink, setReminder } from './reminders.js';

/**
 * Post reminders: `POST /users/{user_id}/posts/{post_id}/reminder {target_time}` (Unix seconds).
 * The user sees an ephemeral confirmation; at the target time the system bot sends them a direct
 * message linking the post. Checked once a second while the server listens.
 */
export const remindersExtension: SimExtension = {
  name: 'reminders',
  routes(router, ctx) {
    router.post('/users/:user_id/posts/:post_id/reminder', (req, res) => {
      const session = requireSession(req);
      const userId = userIdParam(req, session);
      requireSelfOrAdmin(ctx, session, userId);
      const target = body(req)['target_time'];
      if (typeof target !== 'number' || !Number.isInteger(target) || target <= 0)
        throw invalidParam('target_time');
      const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
      setReminder(ctx, { post_id: post.id, user_id: userId, target_time: target });
      const when = new Date(target * 1000).toUTCString();
      const confirmation = {
        ...presentPost(ctx, post),
        id: newId(),
        type: 'system_ephemeral',
        user_id: userId,
        create_at: ctx.now(),
        message: `You'll be reminded about ${reminderPermalink(ctx, post)} at ${when}`,
        props: { target_time: target, post_id: post.id, type: 'reminder' },
      };
      ctx.bus.publish({
        event: 'ephemeral_message',
        data: { post: JSON.stringify(confirmation) },
        broadcast: { user_id: userId, channel_id: post.channel_id },
      });
      sendOk(res);
    });
  },
  attach(_server, ctx) {
    const timer = setInterval(() => {
      try {
        fireDueReminders(ctx);
      } catch (err) {
        console.error('simulator: reminders failed', err);
      }
    }, 1000);
    timer.unref();
    return { close: () => clearInterval(timer) };
  },
};
