import { z } from 'zod';
import { emojiSummarySchema, formatEmojiLine, toEmojiSummary } from '../format/emojis.js';
import { defineTool } from './define.js';
import { countHeader, listAnswer, pageFields, pageRequest } from './paging.js';
import { cursorArg } from './arguments.js';

/** A generous size of one listed emoji line, to size pages to the output budget. */
const EMOJI_LINE_CHARS = 100;

const listCustomEmojis = defineTool({
  name: 'list_custom_emojis',
  title: 'List custom emojis',
  description:
    "Lists the server's custom emojis (not the standard ones) by name, or those whose name contains " +
    '`term`. Use it to find the right name before add_reaction or writing :name: in a message.',
  toolset: 'reactions',
  kind: 'read',
  input: z.object({
    term: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Part of the emoji name, e.g. parrot; all custom emojis when omitted.'),
    cursor: cursorArg(),
  }),
  output: z.object({ emojis: z.array(emojiSummarySchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    const term = args.term?.trim().replace(/^:|:$/g, '').toLowerCase();
    const scope = `emojis:${term ?? ''}`;
    const request = pageRequest(
      term ? undefined : args.cursor,
      scope,
      settings.maxOutputChars,
      EMOJI_LINE_CHARS,
      200,
    );
    const found = term
      ? await mm.searchCustomEmojis(term)
      : await mm.getCustomEmojis(request.page, request.perPage);
    const creators = await mm.getUsersByIds([...new Set(found.map((emoji) => emoji.creator_id))]);
    const emojis = found.map((emoji) =>
      toEmojiSummary(emoji, creators.get(emoji.creator_id)?.username),
    );
    const { page } = request;
    return listAnswer('emojis', emojis, {
      header: emojis.length
        ? countHeader(emojis.length, 'custom emoji', page)
        : `No custom emoji${term ? ` matching "${term}"` : ''}${page ? ' on this page' : ''}.`,
      lines: emojis.map(formatEmojiLine),
      next: term ? undefined : request.next(found.length),
      budgetChars: settings.maxOutputChars,
    });
  },
});

export const emojiTools = [listCustomEmojis];
