/** Cuts one text to a length, saying how much was left out. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… [cut: ${text.length - maxChars} more characters]`;
}

/**
 * Characters as Mattermost counts them for its limits (Unicode code points: an emoji is one, not
 * the two UTF-16 units of `text.length`).
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Keeps a multi-line message on one line so each post stays one line of output. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ⏎ ');
}

/** Marker appended when a list did not fit, naming the cursor that continues it. */
export function moreMarker(what: string, cursor: string): string {
  return `[more ${what}: call again with cursor "${cursor}"]`;
}

/** `1 team`, `3 teams`: a count with its noun. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

/**
 * A whole list as text: `<count> <nouns><about>:` and a line each, or `empty` when there is
 * nothing to list.
 */
export function listText(
  noun: string,
  lines: readonly string[],
  empty: string,
  about = '',
): string {
  return lines.length ? [`${counted(lines.length, noun)}${about}:`, ...lines].join('\n') : empty;
}
