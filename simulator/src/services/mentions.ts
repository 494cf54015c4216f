import type { SimContext } from '../context.js';
import type { Channel } from '../store/types.js';

export interface Mentions {
  /** Users mentioned by name, by @channel/@all/@here, or by being the other side of a DM/GM. */
  userIds: Set<string>;
  /** Whether @channel, @all or @here appears. */
  broadcast: boolean;
}

const CANDIDATE = /(?:^|[^\w@])@([a-z0-9][a-z0-9._-]*)/gi;

/**
 * Who a message mentions among the channel's members, following Mattermost's rules: `@username`
 * (trailing punctuation ignored), `@channel` / `@all` for everyone, `@here` for members online;
 * in DMs and group messages every other member counts as mentioned. The sender never is.
 */
export function computeMentions(
  ctx: SimContext,
  channel: Channel,
  senderId: string,
  message: string,
): Mentions {
  const { store } = ctx;
  const members = store.channelMembersOf(channel.id).map((m) => m.user_id);
  const userIds = new Set<string>();
  let broadcast = false;
  if (channel.type === 'D' || channel.type === 'G') {
    for (const id of members) if (id !== senderId) userIds.add(id);
  }
  for (const match of message.matchAll(CANDIDATE)) {
    let name = (match[1] ?? '').toLowerCase();
    while (name) {
      if (name === 'channel' || name === 'all' || name === 'here') {
        broadcast = true;
        for (const id of members) {
          if (id === senderId) continue;
          const member = store.channelMember(channel.id, id);
          if (member?.notify_props['ignore_channel_mentions'] === 'on') continue;
          if (name === 'here' && store.status(id).status !== 'online') continue;
          userIds.add(id);
        }
        break;
      }
      const user = store.userByUsername(name);
      if (user) {
        if (user.id !== senderId && members.includes(user.id)) userIds.add(user.id);
        break;
      }
      if (!/[._-]$/.test(name)) break;
      name = name.slice(0, -1);
    }
  }
  return { userIds, broadcast };
}

const PUNCTUATION_START = /^[^\p{L}\d\s#]+/u;
const PUNCTUATION_END = /[^\p{L}\d\s]+$/u;
const VALID_HASHTAG = /^#\p{L}[\p{L}\d\-_.]*[\p{L}\d]$/u;

/**
 * Mattermost's hashtags: each word with surrounding punctuation trimmed that is `#`, a letter, then
 * letters, digits, `-`, `_` or `.`, ending on a letter or digit; space-joined in order of appearance.
 */
export function parseHashtags(message: string): string {
  const tags: string[] = [];
  for (const raw of message.split(/\s+/)) {
    const word = raw
      .replace(PUNCTUATION_START, '')
      .replace(PUNCTUATION_END, '')
      .replace(/^#+/, '#');
    if (VALID_HASHTAG.test(word)) tags.push(word);
  }
  const joined = tags.join(' ');
  return joined.length > 1000 ? joined.slice(0, joined.lastIndexOf(' ', 1000)) : joined;
}
