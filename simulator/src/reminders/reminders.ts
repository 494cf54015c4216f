import type { SimContext } from '../context.js';
import { createBot } from '../routes/bots.js';
import { getOrCreateDirect } from '../services/channels.js';
import { createPost } from '../services/posts.js';
import type { Store } from '../store/store.js';
import type { Post } from '../store/types.js';

/** One post reminder: Mattermost keeps at most one per user and post. */
export interface PostReminder {
  post_id: string;
  user_id: string;
  /** Unix seconds, as the API takes it. */
  target_time: number;
}

/** Mattermost's system bot, which sends reminders. */
export const SYSTEM_BOT_USERNAME = 'system-bot';

// Reminders live beside the store (kept across a restart, like the rest of the data).
const remindersByStore = new WeakMap<object, Map<string, PostReminder>>();

export function remindersOf(store: Store): Map<string, PostReminder> {
  let reminders = remindersByStore.get(store);
  if (!reminders) {
    reminders = new Map();
    remindersByStore.set(store, reminders);
  }
  return reminders;
}

/** Sets (or replaces) a user's reminder of a post. */
export function setReminder(ctx: SimContext, reminder: PostReminder): void {
  remindersOf(ctx.store).set(`${reminder.user_id}:${reminder.post_id}`, reminder);
}

/** The post's permalink as the server writes it: through its team, or the redirect for DMs. */
export function reminderPermalink(ctx: SimContext, post: Post): string {
  const channel = ctx.store.channels.get(post.channel_id);
  const team = channel?.team_id ? ctx.store.teams.get(channel.team_id) : undefined;
  const site = ctx.store.config.ServiceSettings.SiteURL.replace(/\/+$/, '');
  return team ? `${site}/${team.name}/pl/${post.id}` : `${site}/_redirect/pl/${post.id}`;
}

function systemBotId(ctx: SimContext): string {
  const existing = ctx.store.userByUsername(SYSTEM_BOT_USERNAME);
  if (existing) return existing.id;
  const owner = [...ctx.store.users.values()].find((u) => ctx.store.isSystemAdmin(u.id));
  return createBot(
    ctx,
    {
      username: SYSTEM_BOT_USERNAME,
      display_name: 'System',
      description: 'Sends system messages.',
    },
    owner?.id ?? '',
  ).user_id;
}

/**
 * Sends every reminder whose time has come: a direct message from the system bot to the user with
 * a link to the post (type `reminder`, as Mattermost does), then forgets the reminder.
 */
export function fireDueReminders(ctx: SimContext): void {
  const reminders = remindersOf(ctx.store);
  const nowSeconds = Math.floor(ctx.now() / 1000);
  for (const [key, reminder] of reminders) {
    if (reminder.target_time > nowSeconds) continue;
    reminders.delete(key);
    const post = ctx.store.post(reminder.post_id);
    const user = ctx.store.user(reminder.user_id);
    if (!post || post.delete_at > 0 || !user || user.delete_at > 0) continue;
    const author = ctx.store.user(post.user_id)?.username ?? '';
    const channel = ctx.store.channels.get(post.channel_id);
    const teamName = channel?.team_id ? (ctx.store.teams.get(channel.team_id)?.name ?? '') : '';
    const botId = systemBotId(ctx);
    const dm = getOrCreateDirect(ctx, botId, botId, user.id);
    createPost(
      ctx,
      botId,
      {
        channel_id: dm.id,
        message: `Hi there, here's your reminder about this message from @${author}: ${reminderPermalink(ctx, post)}`,
        type: 'reminder',
        props: { team_name: teamName, post_id: post.id, username: author },
      },
      { setOnline: false },
    );
  }
}
