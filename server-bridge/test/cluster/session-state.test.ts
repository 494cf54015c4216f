import { jest } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startCluster, type ClusterStack } from '../helpers/cluster.js';
import { redisAvailability } from '../helpers/redis-server.js';
import { callTool, textOf } from '../helpers/stack.js';

const available = redisAvailability();
const describeRedis = available.ok ? describe : describe.skip;
if (!available.ok) console.warn(`Skipping the cluster tests: ${available.message}`);

jest.setTimeout(60_000);

/**
 * A client whose requests go to whichever bridge `route.to` names at the moment, as a load balancer
 * without stickiness would send them.
 */
async function routedClient(
  stack: ClusterStack,
  token: string,
  route: { to: number },
  era?: '2026-07-28',
): Promise<Client> {
  const client = new Client(
    { name: 'routed-client', version: '1.0.0' },
    era ? { versionNegotiation: { mode: { pin: era } } } : {},
  );
  const first = new URL(stack.bridges[0]!.url);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${first.origin}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
      fetch: (url, init) => {
        const target = new URL(String(url));
        target.host = new URL(stack.bridges[route.to]!.url).host;
        return fetch(target, init);
      },
    }),
  );
  return client;
}

describeRedis('session state shared by the bridges of a cluster', () => {
  let stack: ClusterStack;

  beforeAll(async () => {
    stack = await startCluster(2, { BRIDGE_TOOLSETS: 'core' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  for (const era of [undefined, '2026-07-28'] as const) {
    it(`keeps a toolset enabled on one bridge for the session on the other (${era ?? '2025-11-25'})`, async () => {
      const route = { to: 0 };
      const client = await routedClient(stack, stack.sim.users.alice!.token, route, era);
      try {
        const enabled = await callTool(client, 'enable_toolset', { toolset: 'files' });
        expect(textOf(enabled)).toContain('Enabled files');
        route.to = 1;
        const tools = (await client.listTools()).tools.map((t) => t.name);
        expect(tools).toContain('upload_file');
      } finally {
        await client.close();
      }
    });
  }
});
