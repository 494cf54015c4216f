// What `make demo` prints once the simulator and the bridge run: the two ways to connect, in the
// shapes README.md's "Connect an assistant" gives for each client.

const json = (value) => JSON.stringify(value);

/**
 * @param {object} demo
 * @param {string} demo.mattermostUrl the simulator's URL
 * @param {string} demo.mcpUrl the bridge's MCP endpoint
 * @param {string} demo.bridgeCli absolute path of the bridge's executable, for stdio clients
 * @param {{ username: string, password: string, token: string }} demo.user
 */
export function demoBanner({ mattermostUrl, mcpUrl, bridgeCli, user }) {
  const bearer = { Authorization: `Bearer ${user.token}` };
  const stdio = {
    mcpServers: {
      mattermost: {
        command: 'node',
        args: [bridgeCli, '--stdio'],
        env: { MATTERMOST_URL: mattermostUrl, MATTERMOST_TOKEN: user.token },
      },
    },
  };
  return `
Mattermost MCP Bridge demo is running.

  Simulated Mattermost  ${mattermostUrl}   (demo workspace; OAuth 2.0 provider on, app "MCP bridge")
  MCP endpoint          ${mcpUrl}

1. Sign in with Mattermost (OAuth): give the assistant only the URL. It opens the bridge's consent
   page, then the simulated Mattermost's login page, where you log in and allow "MCP bridge":
     Username  ${user.username}
     Password  ${user.password}

   Claude Code  claude mcp add --transport http mattermost ${mcpUrl}
                then /mcp in a session and Authenticate
   VS Code      .vscode/mcp.json: ${json({ servers: { mattermost: { type: 'http', url: mcpUrl } } })}
   Cursor       ~/.cursor/mcp.json: ${json({ mcpServers: { mattermost: { url: mcpUrl } } })}

   Claude's connectors (claude.ai, Claude Desktop) and ChatGPT reach a bridge from the internet:
   they need a public HTTPS URL, not this local one.

2. With ${user.username}'s personal access token: ${user.token}

   Claude Code  claude mcp add --transport http mattermost ${mcpUrl} --header "Authorization: Bearer ${user.token}"
   VS Code      .vscode/mcp.json: ${json({ servers: { mattermost: { type: 'http', url: mcpUrl, headers: bearer } } })}
   Cursor       ~/.cursor/mcp.json: ${json({ mcpServers: { mattermost: { url: mcpUrl, headers: bearer } } })}
   Claude Desktop runs the bridge itself, over stdio (claude_desktop_config.json):
${JSON.stringify(stdio, null, 2).replace(/^/gm, '   ')}

Press Ctrl-C to stop both.`;
}
