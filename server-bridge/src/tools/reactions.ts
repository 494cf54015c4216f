import { z } from 'zod';
import { formatReactionGroup, groupReactions, reactionGroupSchema } from '../format/reactions.js';
import { defineTool } from './define.js';
import { emojiArg, postArg } from './arguments.js';

const addReaction = defineTool({
  name: 'add_reaction',
  title: 'React to a post',
  description:
    'Adds an emoji reaction from the user to a post, as if they clicked it. `emoji` is the emoji name ' +
    'without colons, such as thumbsup, +1, white_check_mark or eyes.',
  toolset: 'reactions',
  kind: 'write',
  input: z.object({
    post_id: postArg('The post to react to.'),
    emoji: emojiArg,
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

const removeReaction = defineTool({
  name: 'remove_reaction',
  title: 'Remove a reaction',
  description: 'Removes the user’s own emoji reaction from a post.',
  toolset: 'reactions',
  kind: 'write',
  input: z.object({
    post_id: postArg('The post reacted to.'),
    emoji: emojiArg,
  }),
  output: z.object({ post_id: z.string(), emoji: z.string(), removed: z.boolean() }),
  async handler({ post_id, emoji }, { mm }) {
    await mm.removeReaction(post_id, emoji);
    return {
      text: `Removed :${emoji}: from post ${post_id}.`,
      structured: { post_id, emoji, removed: true },
    };
  },
});

const listReactions = defineTool({
  name: 'list_reactions',
  title: 'List reactions',
  description: 'Lists the reactions on a post, grouped by emoji, with who reacted.',
  toolset: 'reactions',
  kind: 'read',
  input: z.object({ post_id: postArg('The post.') }),
  output: z.object({ post_id: z.string(), reactions: z.array(reactionGroupSchema) }),
  async handler({ post_id }, { mm }) {
    // The post lookup makes an unknown id a clear "not found" rather than an empty list.
    await mm.getPost(post_id);
    const reactions = await mm.getReactions(post_id);
    const users = await mm.getUsersByIds(reactions.map((r) => r.user_id));
    const groups = groupReactions(reactions, users);
    return {
      text: groups.length
        ? [`Reactions on post ${post_id}:`, ...groups.map(formatReactionGroup)].join('\n')
        : `No reactions on post ${post_id}.`,
      structured: { post_id, reactions: groups },
    };
  },
});

export const reactionTools = [addReaction, removeReaction, listReactions];
