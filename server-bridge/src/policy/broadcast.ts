/**
 * `@all`, `@channel` and `@here` notify everyone in a channel. When admins do not allow assistants
 * to do that, those words get a zero-width joiner (U+200D) right after the `@`. The message reads
 * the same, but Mattermost no longer sees the mention, so nobody is paged. A joiner rather than
 * backticks: backticks change how the text looks (a code span) and break when the word already
 * sits in code or in a link; an invisible character changes nothing a reader sees. Words glued to
 * a letter or digit before the `@` (an email address such as ops@here.example) are left alone.
 */
const BROADCAST = /(^|[^\p{L}\p{N}_@\u200D])@(all|channel|here)(?![\p{L}\p{N}_-])/giu;

export const ZERO_WIDTH_JOINER = '\u200D';

export function defuseBroadcastMentions(message: string): string {
  return message.replace(
    BROADCAST,
    (_match, before: string, word: string) => `${before}@${ZERO_WIDTH_JOINER}${word}`,
  );
}

export function hasBroadcastMention(message: string): boolean {
  BROADCAST.lastIndex = 0;
  const found = BROADCAST.test(message);
  BROADCAST.lastIndex = 0;
  return found;
}
