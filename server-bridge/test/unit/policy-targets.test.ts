import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { catalogueTools } from '../../src/bridge.js';
import { subjectsOf, targetsOf } from '../../src/policy/targets.js';
import {
  channelArg,
  cursorArg,
  fileArg,
  postArg,
  teamArg,
  userArg,
} from '../../src/tools/arguments.js';

/**
 * Text arguments that mention a channel, post or file but do not point at an existing one (a name
 * for something new). Any other text argument with such a name must be declared as a target, or
 * the channel rules could be passed by a tool that builds it by hand.
 */
const NOT_TARGETS = new Set<string>(['filename']);

/** The kind a well-named argument is expected to declare. */
function expectedKind(argument: string): 'channel' | 'post' | 'file' | undefined {
  if (/^(?:.+_)?channel(?:_id)?s?$|^(?:.+_)?channel_ids$/.test(argument)) return 'channel';
  if (/^(?:(?:.+_)?post_ids?|root_id)$/.test(argument)) return 'post';
  if (/^(?:.+_)?file_ids?$/.test(argument)) return 'file';
  return undefined;
}

describe('policy targets', () => {
  it('are read from the argument builders, through optional, array and description wrappers', () => {
    const input = z.object({
      channel: channelArg(),
      channels: z.array(channelArg()).optional(),
      post_id: postArg('The post.'),
      root_id: postArg().optional().describe('The thread.'),
      file_id: fileArg().describe('The file.'),
      team: teamArg(),
      user: userArg().optional(),
      message: z.string(),
      cursor: cursorArg(),
    });
    expect(Object.fromEntries(targetsOf(input))).toEqual({
      channel: 'channel',
      channels: 'channel',
      post_id: 'post',
      root_id: 'post',
      file_id: 'file',
    });
    expect(Object.fromEntries(subjectsOf(input))).toEqual({
      channel: 'channel',
      channels: 'channel',
      post_id: 'post',
      root_id: 'post',
      file_id: 'file',
      team: 'team',
      user: 'user',
    });
  });

  it('are not inferred from names: a hand-built argument is no target', () => {
    expect(targetsOf(z.object({ channel: z.string() })).size).toBe(0);
  });

  it('covers every channel, post and file argument of every tool, with the right kind', () => {
    const unknown: string[] = [];
    const wrong: string[] = [];
    for (const tool of catalogueTools()) {
      const targets = targetsOf(tool.input);
      const schema = z.toJSONSchema(tool.input, { io: 'input' }) as {
        properties?: Record<string, { type?: string; items?: { type?: string } }>;
      };
      for (const [argument, property] of Object.entries(schema.properties ?? {})) {
        const declared = targets.get(argument);
        const expected = expectedKind(argument);
        if (declared && expected && declared !== expected)
          wrong.push(`${tool.name}.${argument}: ${declared}`);
        if (!/channel|post|root|file|thread/.test(argument)) continue;
        // Only text can name a channel, post or file: flags and numbers are settings.
        const text = property.type === 'string' || property.items?.type === 'string';
        if (!text) continue;
        if (declared || NOT_TARGETS.has(argument)) continue;
        unknown.push(`${tool.name}.${argument}`);
      }
    }
    expect(unknown).toEqual([]);
    expect(wrong).toEqual([]);
  });
});
