// Ready-made MCP client configurations for a bridge URL and a personal access token. Pure functions:
// same input, same text, so they are tested directly and the panel only displays them.
import { mcpEndpoint } from '../../bridge/url';

export interface ConnectionInput {
  /** The bridge's public URL, normalized (no trailing slash). */
  bridgeUrl: string;
  token: string;
}

export type AssistantClientId = 'claude-desktop' | 'claude-code' | 'cursor' | 'vscode' | 'generic';

export interface AssistantClient {
  id: AssistantClientId;
  name: string;
}

export const ASSISTANT_CLIENTS: readonly AssistantClient[] = [
  { id: 'claude-desktop', name: 'Claude Desktop' },
  { id: 'claude-code', name: 'Claude Code' },
  { id: 'cursor', name: 'Cursor' },
  { id: 'vscode', name: 'VS Code' },
  { id: 'generic', name: 'Other MCP client' },
];

export interface ClientConfiguration {
  client: AssistantClient;
  /** Where the text goes. */
  where: string;
  text: string;
}

/** The name the assistant will list the server under. */
const SERVER_NAME = 'mattermost';

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * Claude Desktop reaches remote servers through the `mcp-remote` proxy. The header value goes through
 * an environment variable and the argument has no space after the colon, because some launchers
 * split arguments on spaces.
 */
export function claudeDesktopConfig({ bridgeUrl, token }: ConnectionInput): string {
  return json({
    mcpServers: {
      [SERVER_NAME]: {
        command: 'npx',
        args: [
          '-y',
          'mcp-remote',
          mcpEndpoint(bridgeUrl),
          '--header',
          'Authorization:${MATTERMOST_AUTH}',
        ],
        env: { MATTERMOST_AUTH: `Bearer ${token}` },
      },
    },
  });
}

export function claudeCodeCommand({ bridgeUrl, token }: ConnectionInput): string {
  return [
    'claude mcp add --transport http',
    SERVER_NAME,
    shellQuote(mcpEndpoint(bridgeUrl)),
    '--header',
    shellQuote(`Authorization: Bearer ${token}`),
  ].join(' ');
}

export function cursorConfig({ bridgeUrl, token }: ConnectionInput): string {
  return json({
    mcpServers: {
      [SERVER_NAME]: { url: mcpEndpoint(bridgeUrl), headers: { Authorization: `Bearer ${token}` } },
    },
  });
}

export function vscodeConfig({ bridgeUrl, token }: ConnectionInput): string {
  return json({
    servers: {
      [SERVER_NAME]: {
        type: 'http',
        url: mcpEndpoint(bridgeUrl),
        headers: { Authorization: `Bearer ${token}` },
      },
    },
  });
}

export function genericConfig({ bridgeUrl, token }: ConnectionInput): string {
  return [
    `URL: ${mcpEndpoint(bridgeUrl)}`,
    'Transport: Streamable HTTP',
    `Header: Authorization: Bearer ${token}`,
  ].join('\n');
}

/** Every configuration, the chosen client's first. */
export function clientConfigurations(
  input: ConnectionInput,
  first: AssistantClientId,
): ClientConfiguration[] {
  const all: ClientConfiguration[] = ASSISTANT_CLIENTS.map((client) => ({
    client,
    ...describe(client.id, input),
  }));
  return [...all.filter((c) => c.client.id === first), ...all.filter((c) => c.client.id !== first)];
}

function describe(id: AssistantClientId, input: ConnectionInput): { where: string; text: string } {
  switch (id) {
    case 'claude-desktop':
      return {
        where:
          'claude_desktop_config.json (Settings > Developer > Edit Config), then restart Claude Desktop. Needs Node.js for npx.',
        text: claudeDesktopConfig(input),
      };
    case 'claude-code':
      return { where: 'Run in a terminal.', text: claudeCodeCommand(input) };
    case 'cursor':
      return {
        where: '.cursor/mcp.json in your project, or ~/.cursor/mcp.json for every project.',
        text: cursorConfig(input),
      };
    case 'vscode':
      return { where: '.vscode/mcp.json in your workspace.', text: vscodeConfig(input) };
    case 'generic':
      return { where: 'Any MCP client that speaks Streamable HTTP.', text: genericConfig(input) };
  }
}

/** Quotes a word for POSIX shells only when it needs it. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9@%+=:,./_-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
