import { jest } from '@jest/globals';
import { useStack } from '../helpers/fixtures.js';
import { callTool, type Stack } from '../helpers/stack.js';
import { clockPast } from '../helpers/wait.js';

jest.setTimeout(60_000);

const { ws, alice } = useStack({ prepare: mentionAlice, connect: ['alice'] });

/** More keyword hits than one page of the mentions search holds. */
const NOISE = 60;

/** Mentions of alice behind a page of keyword noise, all read, before she connects. */
async function mentionAlice(stack: Stack): Promise<void> {
  // Alice is mentioned by her first name, with its case, as Mattermost matches it.
  await stack
    .rest(ws.alice)
    .patchMe({ first_name: 'Ally', notify_props: { first_name: 'true' } } as never);
  const bob = stack.rest(ws.bob);
  const mention = await bob.createPost({
    channel_id: ws.channel.id,
    message: `@${ws.alice.username} please sign off the budget`,
  } as never);
  await clockPast(mention.create_at);
  // Then many newer messages holding the word "ally", which is not her first name.
  for (let i = 0; i < NOISE; i++)
    await bob.createPost({ channel_id: ws.channel.id, message: `an ally of ours, #${i}` } as never);
  const named = await bob.createPost({
    channel_id: ws.channel.id,
    message: 'Ally, can you check the venue?',
  } as never);
  await clockPast(named.create_at);
  // Read: only the mentions search finds these now, as Recent Mentions does.
  await stack.rest(ws.alice).viewMyChannel(ws.channel.id);
}

describe('get_attention with mention keywords', () => {
  it('finds @username mentions however many keyword hits there are, and the first name by its case', async () => {
    const result = await callTool(alice, 'get_attention', { since: '1h', limit: 100 });
    expect(result.isError).toBeFalsy();
    const items = result.structuredContent?.items as { kind: string; snippet: string }[];
    expect(items.filter((i) => i.kind === 'mention').map((i) => i.snippet)).toEqual([
      'Ally, can you check the venue?',
      `@${ws.alice.username} please sign off the budget`,
    ]);
  });
});
