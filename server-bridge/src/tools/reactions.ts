import { z } from 'zod';
import { defineTool } from './define.js';

const addReaction = defineTool({
  name: 'add_reaction',
  title: 'React to a post',
  description:
    'Adds an emoji reaction from the user to a post, as if they clicked it. `emoji` is the emoji name ' +
    'without colons, such as thumbsup, +1, white_check_mark or eyes.',
  toolset: 'reactions',
  kind: 'write',
  input: z.object({
    post_id: z
      .string()
      .regex(/^[a-z0-9]{26}$/, 'a 26-character Mattermost post id')
      .describe('The post to react to.'),
    emoji: z
      .string()
      .min(1)
      .max(64)
      .transform((name) => name.replace(/^:|:$/g, ''))
      .describe('Emoji name, with or without surrounding colons.'),
  }),
  output: z.object({ post_id: z.string(), emoji: z.string() }),
  async handler({ post_id, emoji }, { mm }) {
    const reaction = await mm.addReaction(post_id, emoji);
    return {
      text: `Reacted :${reaction.emoji_name}: to post ${reaction.post_id}.`,
      structured: { post_id: reaction.post_id, emoji: reaction.emoji_name },
    };
  },
});

export const reactionTools = [addReaction];
