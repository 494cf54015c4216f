import type { SimContext } from '../context.js';
import type { Channel } from '../store/types.js';

export interface Mentions {
  /** Users mentioned by name, by @channel/@all/@here, or by being the other side of a DM/GM. */
  userIds: Set<string>;
  /** Whether @channel, @all or @here appears. */
  broadcast: boolean;
}

/** A run of characters Mattermost's mention parser keeps together as one word. */
const WORD = /[:.\-_@\p{L}\p{N}]+/gu;
const SYSTEM_MENTIONS = new Set(['@channel', '@all', '@here']);

/**
 * The words of a message that can mention someone, as Mattermost's server reads them
 * (`StandardMentionParser.ProcessText`): the text splits on every character that is not a letter,
 * a number or one of `: . - _ @` (spaces, punctuation, format characters such as a zero-width
 * joiner); `:emoji:` words are skipped and leading `: . - _` trimmed; each word counts as itself and
 * with trailing `. - : _` stripped one at a time; a word that is no other @-mention is split again
 * on `. - :` and each piece counts.
 */
function mentionWords(message: string): string[][] {
  const words: string[][] = [];
  for (const [raw] of message.matchAll(WORD)) {
    if (raw.startsWith(':') && raw.endsWith(':')) continue;
    const word = raw.replace(/^[:.\-_]+/, '');
    const forms = [word];
    for (let stripped = word; /[.\-:_]$/.test(stripped);) {
      stripped = stripped.slice(0, -1);
      forms.push(stripped);
    }
    words.push(forms);
    if (!word.startsWith('@') || SYSTEM_MENTIONS.has(word)) {
      for (const piece of word.split(/[.\-:]/)) if (piece) words.push([piece]);
    }
  }
  return words;
}

/**
 * Who a message mentions among the channel's members, following Mattermost's parser: `@username`,
 * `@channel` / `@all` for everyone, `@here` for members online; in DMs and group messages every
 * other member counts as mentioned. The sender never is.
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
  for (const forms of mentionWords(message)) {
    for (const form of forms) {
      const lower = form.toLowerCase();
      if (SYSTEM_MENTIONS.has(lower)) {
        broadcast = true;
        for (const id of members) {
          if (id === senderId) continue;
          const member = store.channelMember(channel.id, id);
          if (member?.notify_props['ignore_channel_mentions'] === 'on') continue;
          if (lower === '@here' && store.status(id).status !== 'online') continue;
          userIds.add(id);
        }
        break;
      }
      const user = lower.startsWith('@') ? store.userByUsername(lower.slice(1)) : undefined;
      if (user) {
        if (user.id !== senderId && members.includes(user.id)) userIds.add(user.id);
        break;
      }
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
