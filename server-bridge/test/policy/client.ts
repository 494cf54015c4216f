import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { ElicitResult } from '@modelcontextprotocol/client';

export interface ClientOptions {
  /** Query string of the /mcp URL, such as `toolsets=core,files`. */
  query?: string;
  /** The client's name in `initialize` (it becomes the mcp_client mark of its posts). */
  name?: string;
  /** Declares elicitation and answers every confirmation with this. */
  elicit?: (message: string) => ElicitResult;
}

/** An MCP client over real HTTP with the options the policy tests need. */
export async function connectWith(bridgeUrl: string, token: string, options: ClientOptions = {}) {
  const client = new Client(
    { name: options.name ?? 'policy-test', version: '1.0.0' },
    options.elicit ? { capabilities: { elicitation: { form: {} } } } : {},
  );
  const asked: string[] = [];
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler('elicitation/create', async (request) => {
      const message = String((request.params as { message?: string }).message ?? '');
      asked.push(message);
      return answer(message);
    });
  }
  const url = new URL(`${bridgeUrl}/mcp${options.query ? `?${options.query}` : ''}`);
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return { client, asked };
}
