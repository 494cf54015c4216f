// A person disconnecting an assistant in the plugin (its mcp_bridge_assistants preference deleted):
// the bridge hears it on the person's WebSocket and ends the grant at its next use, long before
// the grant's confirmation would expire.
import { expect, it, jest } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { useOAuthStack } from '../helpers/oauth-fixture.js';
import { mcpWith, registerClient, signInForTokens } from '../helpers/oauth-flow.js';
import { until } from '../helpers/wait.js';

jest.setTimeout(60_000);

const REDIRECT = 'http://127.0.0.1:9/callback';
const stack = useOAuthStack({
  BRIDGE_WEBSOCKET: 'true',
  // Ten minutes: only the WebSocket event can end the grant within this test.
  BRIDGE_OAUTH_GRANT_CHECK_MS: '600000',
});

it('ends the grant at its next use once the person disconnects the assistant', async () => {
  const person = await stack.createUser('disconnects');
  const clientId = await registerClient(stack.bridge.url, REDIRECT);
  const access = (await signInForTokens(stack, { clientId, redirectUri: REDIRECT }, person))
    .access_token;

  // The assistant follows something, so the person's WebSocket is open on the bridge.
  const client = new Client({ name: 'assistant', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${access}` } },
    }),
  );
  try {
    await client.subscribeResource({ uri: 'mattermost://me/mentions' });
    await until('the WebSocket to open', () => stack.bridge.live.hub.stats().websockets >= 1, 5000);

    const rest = await stack.login(person.username);
    const listed = (
      (await rest.getMyPreferences()) as unknown as { category: string; name: string }[]
    ).filter((p) => p.category === 'mcp_bridge_assistants');
    expect(listed).toHaveLength(1);
    await rest.deletePreferences(person.id, [
      { user_id: person.id, category: 'mcp_bridge_assistants', name: listed[0]!.name, value: '' },
    ]);

    // The preferences_deleted event is in flight: the grant goes at the next use after it lands.
    let status = 200;
    await until(
      'the disconnected grant to be refused',
      async () => (status = (await mcpWith(stack.bridge.url, access)).status) === 401,
      5000,
    ).catch(() => undefined);
    expect(status).toBe(401);
  } finally {
    await client.close().catch(() => undefined);
  }
});
