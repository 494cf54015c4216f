import { offsetOf, offsetCursor } from './cursor.js';

/**
 * Page-at-a-time lists (members, users, bots, webhooks): the cursor holds the next page number,
 * bound to the list it came from so it cannot be replayed against another.
 */
export function pageFromCursor(cursor: string | undefined, scope: string): number {
  return offsetOf(cursor, scope);
}

/** The cursor of the next page when this one came back full (Mattermost gives no total). */
export function nextPageCursor(
  scope: string,
  page: number,
  received: number,
  perPage: number,
): string | undefined {
  return received >= perPage ? offsetCursor(scope, page + 1) : undefined;
}

/** `3 members (page 2):` */
export function countHeader(
  count: number,
  noun: string,
  page: number,
  plural = `${noun}s`,
): string {
  return `${count} ${count === 1 ? noun : plural}${page ? ` (page ${page + 1})` : ''}:`;
}

/**
 * How many items to ask Mattermost for so that one page of lines fits the output budget:
 * `lineChars` is a generous estimate of one item's line, `max` what Mattermost allows.
 */
export function pageSizeFor(budgetChars: number, lineChars: number, max = 100): number {
  return Math.max(5, Math.min(max, Math.floor(budgetChars / lineChars)));
}
