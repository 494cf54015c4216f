// The official MCP SDK client as the bridge suites use it: connected with a token, calls that must work.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/** An SDK client connected to the bridge at `bridgeUrl`, acting as `token`'s owner. */
export async function connect(bridgeUrl, token) {
  const client = new Client({ name: 'bridge-bench', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${bridgeUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** Calls a tool; a tool error stops the suite, since its figure would measure the error. */
export async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError)
    throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
  return result;
}
