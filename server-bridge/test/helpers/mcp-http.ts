/** The MCP protocol version of raw HTTP requests to the bridge, unless a test pins another. */
export const PROTOCOL_VERSION = '2025-11-25';

/** The headers of a POST to the bridge's /mcp by a client with `token` as its bearer token. */
export function baseHeaders(token: string): Record<string, string> {
  return {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
  };
}

/** The JSON-RPC `initialize` request of a client named `clientName`, at `protocolVersion`. */
export function initializeRequest(clientName: string, protocolVersion = PROTOCOL_VERSION) {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: clientName, version: '1' },
    },
  };
}

/** POSTs `initializeRequest(clientName, protocolVersion)` to the bridge's /mcp with `token`. */
export function postInitialize(
  bridgeUrl: string,
  token: string,
  clientName: string,
  protocolVersion = PROTOCOL_VERSION,
): Promise<Response> {
  return fetch(`${bridgeUrl}/mcp`, {
    method: 'POST',
    headers: baseHeaders(token),
    body: JSON.stringify(initializeRequest(clientName, protocolVersion)),
  });
}
