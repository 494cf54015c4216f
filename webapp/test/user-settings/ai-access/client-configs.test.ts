import {
  ASSISTANT_CLIENTS,
  claudeCodeCommand,
  claudeDesktopConfig,
  clientConfigurations,
  cursorConfig,
  genericConfig,
  shellQuote,
  vscodeConfig,
} from '../../../src/user-settings/ai-access/client-configs';

const input = { bridgeUrl: 'https://mcp.example.com', token: 'abcdefghijklmnopqrstuvwxyz' };
const MCP = 'https://mcp.example.com/mcp';
const BEARER = 'Bearer abcdefghijklmnopqrstuvwxyz';

describe('assistant configurations', () => {
  test('Claude Desktop runs mcp-remote with the header taken from an environment variable', () => {
    expect(JSON.parse(claudeDesktopConfig(input))).toEqual({
      mcpServers: {
        mattermost: {
          command: 'npx',
          args: ['-y', 'mcp-remote', MCP, '--header', 'Authorization:${MATTERMOST_AUTH}'],
          env: { MATTERMOST_AUTH: BEARER },
        },
      },
    });
  });

  test('Claude Code is one `claude mcp add` command over HTTP', () => {
    expect(claudeCodeCommand(input)).toBe(
      `claude mcp add --transport http mattermost ${MCP} --header 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz'`,
    );
  });

  test('Cursor takes a url and headers under mcpServers', () => {
    expect(JSON.parse(cursorConfig(input))).toEqual({
      mcpServers: { mattermost: { url: MCP, headers: { Authorization: BEARER } } },
    });
  });

  test('VS Code takes an http server under servers', () => {
    expect(JSON.parse(vscodeConfig(input))).toEqual({
      servers: { mattermost: { type: 'http', url: MCP, headers: { Authorization: BEARER } } },
    });
  });

  test('a generic client gets the URL, the transport and the header', () => {
    expect(genericConfig(input)).toBe(
      `URL: ${MCP}\nTransport: Streamable HTTP\nHeader: Authorization: ${BEARER}`,
    );
  });

  test('a bridge under a path keeps it', () => {
    const underPath = { ...input, bridgeUrl: 'https://example.com/tools/bridge' };
    expect(JSON.parse(cursorConfig(underPath)).mcpServers.mattermost.url).toBe(
      'https://example.com/tools/bridge/mcp',
    );
  });

  test('every client has a configuration, the chosen one first, each naming where it goes', () => {
    const configurations = clientConfigurations(input, 'vscode');
    expect(configurations.map((c) => c.client.id)).toEqual([
      'vscode',
      'claude-desktop',
      'claude-code',
      'cursor',
      'generic',
    ]);
    expect(configurations).toHaveLength(ASSISTANT_CLIENTS.length);
    for (const c of configurations) {
      expect(c.where).toBeTruthy();
      expect(c.text).toContain(input.token);
      expect(c.text).toContain(MCP);
    }
    expect(configurations.find((c) => c.client.id === 'vscode')?.where).toContain(
      '.vscode/mcp.json',
    );
    expect(configurations.find((c) => c.client.id === 'cursor')?.where).toContain(
      '.cursor/mcp.json',
    );
  });

  test('shell quoting leaves plain words alone and survives quotes', () => {
    expect(shellQuote('https://mcp.example.com/mcp')).toBe('https://mcp.example.com/mcp');
    expect(shellQuote('a b')).toBe(`'a b'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });
});
