import { jest } from '@jest/globals';
import { formatEmojiLine, toEmojiSummary } from '../../src/format/emojis.js';
import { useStack } from '../helpers/fixtures.js';
import { callTool, textOf, uniqueName } from '../helpers/stack.js';
import { expectToolsMatchSnapshots } from '../helpers/tool-expectations.js';

jest.setTimeout(40_000);

/** A 1x1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
  'base64',
);

/** A word in the names of this file's emojis only. */
let word: string;

const { ws, alice } = useStack({
  prepare: async (stack, ws) => {
    word = uniqueName('parrot').replace(/-/g, '');
    for (const [user, name] of [
      [ws.bob, `${word}-party`],
      [ws.alice, `${word}-sad`],
    ] as const) {
      await stack
        .rest(user)
        .createCustomEmoji({ creator_id: user.id, name } as never, new Blob([PNG]) as never);
    }
  },
  connect: ['alice'],
});

describe('list_custom_emojis', () => {
  it('is listed read-only, its schema matching the snapshot', async () => {
    await expectToolsMatchSnapshots(alice, ['list_custom_emojis'], { readOnly: () => true });
  });

  it('finds custom emojis by part of their name, with who added them', async () => {
    const result = await callTool(alice, 'list_custom_emojis', { term: `:${word}` });
    if (result.isError) throw new Error(textOf(result));
    expect(result.structuredContent!.emojis).toEqual([
      expect.objectContaining({ name: `${word}-party`, creator: ws.bob.username }),
      expect.objectContaining({ name: `${word}-sad`, creator: ws.alice.username }),
    ]);
    expect(textOf(result)).toContain(`:${word}-party: · by @${ws.bob.username}`);
    expect(result.structuredContent!.next_cursor).toBeUndefined();
  });

  it('lists every custom emoji by name without a term', async () => {
    const result = await callTool(alice, 'list_custom_emojis');
    if (result.isError) throw new Error(textOf(result));
    const names = (result.structuredContent!.emojis as { name: string }[]).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining([`${word}-party`, `${word}-sad`]));
    expect(names).toEqual([...names].sort());
  });

  it('says so when no custom emoji matches', async () => {
    const result = await callTool(alice, 'list_custom_emojis', { term: uniqueName('none') });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent!.emojis).toEqual([]);
    expect(textOf(result)).toMatch(/^No custom emoji matching/);
  });

  it('rejects a term too long and a cursor from elsewhere, naming the field', async () => {
    const long = await callTool(alice, 'list_custom_emojis', { term: 'x'.repeat(65) });
    expect(long.isError).toBe(true);
    expect(textOf(long)).toContain('term');
    const bad = await callTool(alice, 'list_custom_emojis', { cursor: 'not-a-cursor' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('cursor');
  });

  it('formats an emoji whose creator is unknown by the creator id', () => {
    const summary = toEmojiSummary({
      id: 'e'.repeat(26),
      creator_id: 'u'.repeat(26),
      name: 'wave',
      create_at: Date.UTC(2026, 0, 2, 3, 4, 5),
    });
    expect(formatEmojiLine(summary)).toBe(`:wave: · by @${'u'.repeat(26)} · 2026-01-02T03:04:05Z`);
  });
});
