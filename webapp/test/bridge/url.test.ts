import { mcpEndpoint, normalizeBridgeUrl } from '../../src/bridge/url';

describe('Bridge URL', () => {
  test.each([
    ['https://mcp.example.com', 'https://mcp.example.com'],
    ['  https://mcp.example.com/// ', 'https://mcp.example.com'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['https://example.com/tools/bridge/', 'https://example.com/tools/bridge'],
    ['HTTPS://MCP.EXAMPLE.COM', 'https://mcp.example.com'],
  ])('%j becomes %j', (raw, expected) => {
    expect(normalizeBridgeUrl(raw)).toBe(expected);
  });

  test.each([
    [undefined],
    [''],
    ['   '],
    ['mcp.example.com'],
    ['ftp://mcp.example.com'],
    ['javascript:alert(1)'],
    ['https://mcp.example.com/?token=x'],
    ['https://mcp.example.com/#x'],
    ['https://user:pass@mcp.example.com'],
    [42],
  ])('%j is refused', (raw) => {
    expect(normalizeBridgeUrl(raw)).toBeUndefined();
  });

  test('the MCP endpoint is /mcp under the bridge URL', () => {
    expect(mcpEndpoint('https://example.com/tools/bridge')).toBe(
      'https://example.com/tools/bridge/mcp',
    );
  });
});
