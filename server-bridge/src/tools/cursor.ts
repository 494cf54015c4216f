import { z } from 'zod';
import { ToolError } from './define.js';

/**
 * Cursors are opaque to the model: base64url JSON that says where the next page starts. They
 * carry ids and times only, nothing a user could not see anyway.
 */
const cursorSchema = z.discriminatedUnion('k', [
  /** Older posts of a channel, before this post. */
  z.object({ k: z.literal('before'), c: z.string(), p: z.string() }),
  /** Newer posts of a channel, after this time and post (ties broken by id). */
  z.object({ k: z.literal('since'), c: z.string(), t: z.number(), p: z.string() }),
  /** The next items of a list or thread, from this offset. */
  z.object({ k: z.literal('offset'), c: z.string(), o: z.number().int().min(0) }),
]);
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Reads a cursor that must belong to `scope` (a channel id, a thread, a list name). */
export function decodeCursor(text: string, scope: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success)
    throw new ToolError('cursor: not a cursor this tool returned; call without it to start over.');
  if (result.data.c !== scope) {
    throw new ToolError(
      'cursor: it belongs to another channel or list; call without it to start over.',
    );
  }
  return result.data;
}
