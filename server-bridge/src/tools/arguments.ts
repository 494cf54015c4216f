import { z } from 'zod';
import { characterCount } from '../format/text.js';
import { namesSubject } from '../policy/targets.js';
import { ID_PATTERN } from '../resolve/names.js';

/**
 * The arguments tools share, one builder each, so the same thing is asked for with the same name,
 * the same forms and the same checks in every tool. Builders that name a channel, post or file
 * declare it as the policy's target (policy/targets.ts): the channel rules are checked against
 * exactly these arguments. A description may be given where the tool means something narrower.
 */

/** A Mattermost id of some kind (`what`: post, file, token...). */
export function idArg(what: string, description?: string) {
  const schema = z.string().regex(ID_PATTERN, `a 26-character ${what} id`);
  return description ? schema.describe(description) : schema;
}

/** A channel as people name it; the policy's channel target. */
export function channelArg(
  description = 'A channel id, ~name, team/name, or @username (direct message).',
) {
  return namesSubject(z.string().min(1).describe(description), 'channel');
}

/** A post id; the policy checks the post's channel. */
export function postArg(description?: string) {
  return namesSubject(idArg('Mattermost post', description), 'post');
}

/** A file id; the policy checks the channel the file is attached in. */
export function fileArg(description?: string) {
  return namesSubject(idArg('Mattermost file', description), 'file');
}

/** A team name or id. */
export function teamArg(description = 'The team name or id.') {
  return namesSubject(z.string().min(1).describe(description), 'team');
}

/** A person: the forms resolveUser accepts. */
export function userArg(description = 'A user id, @username (or bare username) or email address.') {
  return namesSubject(z.string().min(1).describe(description), 'user');
}

/** Mattermost's longest message (`Post.IsValid`), in characters. */
export const MAX_MESSAGE_CHARS = 16383;

/**
 * The text of a message, at most 16383 characters counted as Mattermost counts them (code points),
 * so a message of emoji is not refused at half the length Mattermost takes. `allowEmpty` for text
 * that may stand empty beside something else (a file).
 */
export function messageArg(
  description = `The text, Markdown allowed (at most ${MAX_MESSAGE_CHARS} characters).`,
  { allowEmpty = false } = {},
) {
  return (allowEmpty ? z.string() : z.string().min(1))
    .refine(
      (text) => characterCount(text) <= MAX_MESSAGE_CHARS,
      `at most ${MAX_MESSAGE_CHARS} characters`,
    )
    .meta({ maxLength: MAX_MESSAGE_CHARS })
    .describe(description);
}

/** The `cursor` of every paged list: the `next_cursor` of the call before. */
export function cursorArg() {
  return z
    .string()
    .optional()
    .describe('The next_cursor of a previous call, to continue a long list.');
}

/** How many items at most, `max` and the default as the tool allows. */
export function limitArg(max: number, fallback: number, description?: string) {
  const schema = z.number().int().min(1).max(max).default(fallback);
  return description ? schema.describe(description) : schema;
}

/** An emoji name as people type it. */
export const emojiArg = z
  .string()
  .min(1)
  .max(64)
  .transform((name) => name.replace(/^:|:$/g, ''))
  .describe('Emoji name, with or without surrounding colons.');
