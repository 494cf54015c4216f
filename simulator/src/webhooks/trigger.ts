import type { OutgoingWebhook } from './types.js';

/** The post and channel facts that decide whether outgoing webhooks fire. */
export interface TriggerPost {
  message: string;
  channel_id: string;
  team_id: string;
  /** Mattermost's channel type: only `O` (public) fires webhooks. */
  channel_type: string;
}

/** A hook that fires for a post, with the trigger word that made it fire ('' for a channel-wide hook). */
export interface Firing {
  hook: OutgoingWebhook;
  triggerWord: string;
}

/**
 * The outgoing webhooks a post fires, by Mattermost's rules: public channels only; a hook bound to
 * the post's channel with no trigger words fires on every post; otherwise the post's first word
 * must equal a trigger word (`trigger_when` 0) or start with one (1).
 */
export function firingHooks(post: TriggerPost, hooks: Iterable<OutgoingWebhook>): Firing[] {
  if (post.channel_type !== 'O') return [];
  const firstWord = post.message.trim().split(/\s+/)[0] ?? '';
  const firings: Firing[] = [];
  for (const hook of hooks) {
    if (hook.delete_at !== 0 || hook.team_id !== post.team_id) continue;
    if (hook.channel_id && hook.channel_id !== post.channel_id) continue;
    const words = hook.trigger_words.filter((w) => w.length > 0);
    if (words.length === 0) {
      if (hook.channel_id) firings.push({ hook, triggerWord: '' });
      continue;
    }
    const word =
      hook.trigger_when === 1
        ? words.find((w) => firstWord.startsWith(w))
        : words.find((w) => firstWord === w);
    if (word !== undefined) firings.push({ hook, triggerWord: word });
  }
  return firings;
}
