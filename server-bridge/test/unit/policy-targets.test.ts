import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { catalogueTools } from '../../src/bridge.js';
import { targetKindOf } from '../../src/policy/targets.js';

/**
 * Text arguments that mention a channel, post or file but do not point at an existing one (a name
 * for something new). Any other text argument with such a name must be recognised as a target, or
 * the channel rules could be passed by a tool that names it oddly.
 */
const NOT_TARGETS = new Set<string>(['filename']);

describe('policy targets', () => {
  it('recognises the well-known argument names', () => {
    expect(targetKindOf('channel')).toBe('channel');
    expect(targetKindOf('channel_id')).toBe('channel');
    expect(targetKindOf('channels')).toBe('channel');
    expect(targetKindOf('to_channel')).toBe('channel');
    expect(targetKindOf('post_id')).toBe('post');
    expect(targetKindOf('root_id')).toBe('post');
    expect(targetKindOf('post_ids')).toBe('post');
    expect(targetKindOf('file_id')).toBe('file');
    expect(targetKindOf('message')).toBeUndefined();
    expect(targetKindOf('team')).toBeUndefined();
  });

  it('covers every channel, post and file argument of every tool', () => {
    const unknown: string[] = [];
    for (const tool of catalogueTools()) {
      const schema = z.toJSONSchema(tool.input, { io: 'input' }) as {
        properties?: Record<string, { type?: string; items?: { type?: string } }>;
      };
      for (const [argument, property] of Object.entries(schema.properties ?? {})) {
        if (!/channel|post|root|file|thread/.test(argument)) continue;
        // Only text can name a channel, post or file: flags and numbers are settings.
        const text = property.type === 'string' || property.items?.type === 'string';
        if (!text) continue;
        if (targetKindOf(argument) || NOT_TARGETS.has(argument)) continue;
        unknown.push(`${tool.name}.${argument}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
