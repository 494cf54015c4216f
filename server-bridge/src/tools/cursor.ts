import { z } from 'zod';
import { ToolError } from '../errors.js';

/**
 * Cursors are opaque to the model: base64url JSON that says where the next page starts. They
 * carry ids and times only, nothing a user could not see anyway. Every cursor names its scope
 * (`c`: a channel id, a thread, a list name) so it cannot be replayed against another list.
 */
const payloads = {
  /** Older posts of a channel, before this post. */
  before: z.object({ c: z.string(), p: z.string() }),
  /** Newer posts of a channel, after this time and post (ties broken by id). */
  since: z.object({ c: z.string(), t: z.number(), p: z.string() }),
  /** The next items of a list or thread, from this offset (or page number). */
  offset: z.object({ c: z.string(), o: z.number().int().min(0) }),
} as const;

export type CursorKind = keyof typeof payloads;

/** The payload of a cursor of kind `K`, without its scope. */
export type CursorPayload<K extends CursorKind> = Omit<z.infer<(typeof payloads)[K]>, 'c'>;

/** A decoded cursor: its kind and its payload, the type following the kind. */
export type Cursor = { [K in CursorKind]: { k: K } & z.infer<(typeof payloads)[K]> }[CursorKind];

const cursorSchema = z.discriminatedUnion('k', [
  payloads.before.extend({ k: z.literal('before') }),
  payloads.since.extend({ k: z.literal('since') }),
  payloads.offset.extend({ k: z.literal('offset') }),
]);

export function encodeCursor<K extends CursorKind>(
  kind: K,
  scope: string,
  payload: CursorPayload<K>,
): string {
  return Buffer.from(JSON.stringify({ k: kind, c: scope, ...payload })).toString('base64url');
}

/**
 * Reads a cursor that must belong to `scope` and be of one of `kinds`; the result is typed by
 * the kinds asked for, so no caller casts.
 */
export function decodeCursor<K extends CursorKind>(
  text: string,
  scope: string,
  ...kinds: [K, ...K[]]
): Extract<Cursor, { k: K }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || !(kinds as CursorKind[]).includes(result.data.k))
    throw new ToolError('cursor: not a cursor this tool returned; call without it to start over.');
  if (result.data.c !== scope) {
    throw new ToolError(
      'cursor: it belongs to another channel or list; call without it to start over.',
    );
  }
  return result.data as Extract<Cursor, { k: K }>;
}

/** Where an offset-paged list starts: 0 without a cursor. */
export function offsetOf(cursor: string | undefined, scope: string): number {
  return cursor ? decodeCursor(cursor, scope, 'offset').o : 0;
}

/** The cursor of an offset-paged list's next part, from `offset`. */
export function offsetCursor(scope: string, offset: number): string {
  return encodeCursor('offset', scope, { o: offset });
}
