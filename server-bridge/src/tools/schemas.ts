import { z } from 'zod';

/** A Mattermost post id (26 lowercase letters and digits). */
export const postIdSchema = z.string().regex(/^[a-z0-9]{26}$/, 'a 26-character Mattermost post id');

/** A channel as people name it. */
export const channelRefSchema = z
  .string()
  .min(1)
  .describe('A channel id, ~name, team/name, or @username (direct message).');

/** An emoji name as people type it. */
export const emojiSchema = z
  .string()
  .min(1)
  .max(64)
  .transform((name) => name.replace(/^:|:$/g, ''))
  .describe('Emoji name, with or without surrounding colons.');
