import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { catalogueTools } from '../../src/bridge.js';
import { renderToolsDoc, TOOLS_DOC_COMMAND } from '../../src/mcp/tools-doc.js';

const DOC = new URL('../../../docs/tools.md', import.meta.url);

describe('docs/tools.md', () => {
  it('is what the tool definitions generate', () => {
    const expected = renderToolsDoc(catalogueTools());
    const actual = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
    if (actual !== expected) {
      throw new Error(
        `docs/tools.md is out of date with the tool definitions. Regenerate it with \`${TOOLS_DOC_COMMAND}\` ` +
          'at the repository root and commit the result.',
      );
    }
    expect(actual).toBe(expected);
  });

  it('documents every tool with its toolset, kind and arguments', () => {
    const doc = renderToolsDoc(catalogueTools());
    for (const tool of catalogueTools()) {
      expect(doc).toContain(`### \`${tool.name}\``);
      expect(doc).toContain(`kind \`${tool.kind}\``);
      for (const argument of Object.keys(tool.input.shape))
        expect(doc).toContain(`| \`${argument}\` |`);
    }
    expect(doc).toContain('## posts');
    expect(doc).toContain('1. **Selection**');
  });
});
