import { annotationsFor } from '../../src/mcp/annotations.js';
import { filterTools } from '../../src/mcp/tool-filter.js';
import { decodeCursor, encodeCursor, offsetCursor, offsetOf } from '../../src/tools/cursor.js';
import { allTools } from '../../src/tools/index.js';
import { ToolError } from '../../src/errors.js';

describe('the tool catalogue', () => {
  it('has unique snake_case names and complete records', () => {
    const names = allTools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    for (const tool of allTools) {
      expect(tool.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(tool.title.length).toBeGreaterThan(3);
      expect(tool.description.length).toBeGreaterThan(40);
      expect(['read', 'write', 'destructive']).toContain(tool.kind);
      expect(tool.toolset).toMatch(/^[a-z_]+$/);
      expect(tool.input.type).toBe('object');
      expect(tool.output.type).toBe('object');
    }
  });

  it('pages every list the same way: a cursor in, has_more and next_cursor out', () => {
    const paged = allTools.filter((tool) => 'cursor' in tool.input.shape);
    expect(paged.length).toBeGreaterThanOrEqual(20);
    const broken = allTools
      .filter((tool) => {
        const cursorIn = 'cursor' in tool.input.shape;
        const out = tool.output.shape as Record<string, unknown>;
        return cursorIn !== ('has_more' in out && 'next_cursor' in out);
      })
      .map((tool) => tool.name);
    expect(broken).toEqual([]);
  });

  it('derives every hint from the kind', () => {
    expect(annotationsFor({ kind: 'read', title: 'x' })).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(annotationsFor({ kind: 'write', title: 'x' })).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect(annotationsFor({ kind: 'destructive', title: 'x' })).toMatchObject({
      destructiveHint: true,
    });
  });

  it('filters by toolset and read-only, and refuses unknown toolsets', () => {
    const readOnly = filterTools(allTools, { readOnly: true });
    expect(readOnly.length).toBeGreaterThan(0);
    expect(readOnly.every((tool) => tool.kind === 'read')).toBe(true);
    expect(readOnly.map((t) => t.name)).not.toContain('send_message');
    const posts = filterTools(allTools, { readOnly: false, toolsets: ['posts'] });
    expect(posts.map((t) => t.name).sort()).toEqual(
      allTools
        .filter((t) => t.toolset === 'posts')
        .map((t) => t.name)
        .sort(),
    );
    expect(posts.map((t) => t.name)).toEqual(
      expect.arrayContaining(['read_channel', 'send_message']),
    );
    expect(() => filterTools(allTools, { readOnly: false, toolsets: ['nope'] })).toThrow(
      /unknown name/,
    );
  });
});

describe('cursors', () => {
  it('round-trip and stay bound to their channel', () => {
    const cursor = encodeCursor('before', 'chan', { p: 'post' });
    expect(decodeCursor(cursor, 'chan', 'before')).toEqual({ k: 'before', c: 'chan', p: 'post' });
    expect(() => decodeCursor(cursor, 'other', 'before')).toThrow(ToolError);
    expect(() => decodeCursor('garbage!', 'chan', 'before')).toThrow(/cursor/);
  });

  it('are refused where a cursor of another kind is expected', () => {
    const cursor = encodeCursor('before', 'chan', { p: 'post' });
    expect(() => decodeCursor(cursor, 'chan', 'offset')).toThrow(/not a cursor this tool/);
    expect(offsetOf(offsetCursor('list', 3), 'list')).toBe(3);
    expect(offsetOf(undefined, 'list')).toBe(0);
  });
});
