import { z } from 'zod';
import { clip, counted, moreMarker } from '../format/text.js';
import { offsetCursor, offsetOf } from './cursor.js';

/**
 * The paging contract of every list tool that takes a `cursor`: its structured output keeps its
 * own list name (`channels`, `members`, `posts`...: what the items are, which clients already
 * read) and adds `has_more` and, when there is more, `next_cursor` to pass back as `cursor`.
 * test/unit/tools-catalogue.test.ts checks that every tool with a cursor has both.
 */
export const pageFields = {
  /** More items follow: call again with `next_cursor`. */
  has_more: z.boolean(),
  next_cursor: z.string().optional(),
};

/** The paging fields of an answer whose next part starts at `next` (none: this was the last). */
export function pageState(next: string | undefined): { has_more: boolean; next_cursor?: string } {
  return next ? { has_more: true, next_cursor: next } : { has_more: false };
}

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
  return `${counted(count, noun, plural)}${page ? ` (page ${page + 1})` : ''}:`;
}

/**
 * How many items to ask Mattermost for so that one page of lines fits the output budget:
 * `lineChars` is a generous estimate of one item's line, `max` what Mattermost allows.
 */
export function pageSizeFor(budgetChars: number, lineChars: number, max = 100): number {
  return Math.max(5, Math.min(max, Math.floor(budgetChars / lineChars)));
}

/** One page of a page-at-a-time list: which page, and how many items to ask Mattermost for. */
export interface PageRequest {
  scope: string;
  page: number;
  perPage: number;
  /** The cursor of the page after this one, given how many items came back. */
  next(received: number): string | undefined;
}

export function pageRequest(
  cursor: string | undefined,
  scope: string,
  budgetChars: number,
  lineChars: number,
  max?: number,
): PageRequest {
  const page = pageFromCursor(cursor, scope);
  const perPage = pageSizeFor(budgetChars, lineChars, max);
  return {
    scope,
    page,
    perPage,
    next: (received) => nextPageCursor(scope, page, received, perPage),
  };
}

export type PageState = ReturnType<typeof pageState>;

/**
 * The answer of a list tool: a header, one line per item and the marker that says how to go on,
 * cut to `budgetChars` when given; the structured side holds the items under `key`, the paging fields
 * and any `extra` facts (the team or channel listed).
 */
export function listAnswer<K extends string, T, E extends object = object>(
  key: K,
  items: T[],
  answer: {
    header: string;
    lines: string[];
    next: string | undefined;
    /** Cut the text to this many characters (the output budget also cuts it, later). */
    budgetChars?: number;
    /** How the marker names what follows; `key` when omitted. */
    more?: string;
    extra?: E;
  },
): { text: string; structured: E & Record<K, T[]> & PageState } {
  const { header, lines, next } = answer;
  const text = [header, ...lines, ...(next ? [moreMarker(answer.more ?? key, next)] : [])].join(
    '\n',
  );
  const structured = { ...answer.extra, [key]: items, ...pageState(next) } as E &
    Record<K, T[]> &
    PageState;
  return {
    text: answer.budgetChars === undefined ? text : clip(text, answer.budgetChars),
    structured,
  };
}
