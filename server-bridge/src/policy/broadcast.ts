/**
 * `@all`, `@channel` and `@here` notify everyone in a channel. When admins do not allow assistants
 * to do that, each place where Mattermost's server would see one of those words gets a zero-width
 * joiner (U+200D) right after the `@`. The message reads the same, but the joiner is no letter, so
 * Mattermost splits the word there and nobody is paged. A joiner rather than backticks: backticks
 * change how the text looks and break when the word already sits in code or in a link.
 *
 * Where Mattermost sees a broadcast mention is decided the way its server's mention parser does it
 * (`StandardMentionParser.ProcessText`), so no spelling it would page slips through:
 *  - the text splits into words on every character that is not a letter, a number or one of
 *    `: . - _ @`: spaces, punctuation, and Unicode format characters such as a zero-width joiner;
 *  - a word written `:like-this:` is an emoji and skipped; leading `: . - _` are trimmed;
 *  - the word is a mention when, case aside, it is `@all`/`@channel`/`@here` followed only by any
 *    of `. - : _` (a sentence end, `@channel_`, `@here--`);
 *  - a word that does not start with `@` is split again on `. - :`, and each piece that is exactly
 *    such a word is a mention too (`see.@here`).
 * Anything else (`@channels`, `ops@here.example`, `@here-team`) is no broadcast and is left alone.
 */

export const ZERO_WIDTH_JOINER = '\u200D';

/** A run of characters Mattermost keeps together as one word. */
const WORD = /[:.\-_@\p{L}\p{N}]+/gu;
const BROADCAST_WORD = /^@(all|channel|here)$/i;
/** A broadcast word followed only by what Mattermost strips as a suffix, one character at a time. */
const BROADCAST_WITH_SUFFIX = /^@(all|channel|here)[.\-:_]*$/i;
const SYSTEM_MENTIONS = new Set(['@all', '@channel', '@here']);

/** Offsets (into the message) of the `@` of every broadcast mention Mattermost would see. */
export function broadcastMentionOffsets(message: string): number[] {
  const offsets: number[] = [];
  for (const match of message.matchAll(WORD)) {
    const word = match[0];
    if (word.startsWith(':') && word.endsWith(':')) continue;
    const lead = word.length - word.replace(/^[:.\-_]+/, '').length;
    const trimmed = word.slice(lead);
    const start = match.index + lead;
    if (BROADCAST_WITH_SUFFIX.test(trimmed)) {
      offsets.push(start);
      continue;
    }
    // Mattermost splits again only words that are no other @-mention (or exactly a system one).
    if (trimmed.startsWith('@') && !SYSTEM_MENTIONS.has(trimmed)) continue;
    let at = 0;
    for (const piece of trimmed.split(/[.\-:]/)) {
      if (BROADCAST_WORD.test(piece)) offsets.push(start + at);
      at += piece.length + 1;
    }
  }
  return offsets;
}

export function defuseBroadcastMentions(message: string): string {
  const offsets = broadcastMentionOffsets(message);
  if (offsets.length === 0) return message;
  let out = '';
  let from = 0;
  for (const offset of offsets) {
    out += message.slice(from, offset + 1) + ZERO_WIDTH_JOINER;
    from = offset + 1;
  }
  return out + message.slice(from);
}

export function hasBroadcastMention(message: string): boolean {
  return broadcastMentionOffsets(message).length > 0;
}

/**
 * What an answer adds when the bridge kept a message's @all/@channel/@here from notifying anyone
 * (the text sent had one, the text Mattermost stored has none), so the assistant does not tell the
 * person that the channel was alerted.
 */
export function broadcastNote(sent: string, stored: string): string {
  return hasBroadcastMention(sent) && !hasBroadcastMention(stored)
    ? ' · @all, @channel and @here were posted as plain words and notified no one: assistants may not ' +
        'alert whole channels here.'
    : '';
}
