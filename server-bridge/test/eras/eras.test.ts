import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { connectEra, ensureBuilt, ERAS, WIRES, type EraClient } from '../helpers/eras.js';
import { freshWorkspace, startStack, TEST_ENV, uniqueName, type Stack } from '../helpers/stack.js';
import { SCENARIOS, type ScenarioContext } from './scenarios.js';
import { until } from '../helpers/wait.js';

/**
 * One table of scenarios run by the official SDK client in both protocol eras (2025-11-25 and
 * 2026-07-28), over both wires (Streamable HTTP, and `mcp-bridge --stdio` as a client spawns it).
 */
// Live updates over each user's Mattermost WebSocket, as in production.
const ENV = {
  ...TEST_ENV,
  BRIDGE_TOOLSETS: 'core,posts',
  BRIDGE_WEBSOCKET: 'true',
  BRIDGE_WEBSOCKET_RETRY_MS: '100',
};

let stack: Stack;
let world: ScenarioContext['world'];
const clients: EraClient[] = [];

beforeAll(async () => {
  ensureBuilt();
  stack = await startStack(ENV);
  const ws = await freshWorkspace(stack);
  const admin = stack.rest(stack.sim.admin);
  const secret = await admin.createChannel({
    team_id: ws.team.id,
    name: uniqueName('secret'),
    display_name: 'Secret',
    type: 'P',
  } as never);
  // A second team with a channel of the same display name, and a direct message with bob.
  const other = await admin.createTeam({
    name: uniqueName('other'),
    display_name: 'Other team',
    type: 'O',
  } as never);
  await admin.addToTeam(other.id, ws.alice.id);
  const twin = await admin.createChannel({
    team_id: other.id,
    name: ws.channel.name,
    display_name: 'Test Channel',
    type: 'O',
  } as never);
  await admin.addToChannel(ws.alice.id, twin.id);
  const dm = await stack.rest(ws.alice).createDirectChannel([ws.alice.id, ws.bob.id]);
  world = {
    ...ws,
    secret: { id: secret.id, name: secret.name },
    other: { id: other.id, name: other.name },
    twin: { id: twin.id },
    dm: { id: dm.id },
  };
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await stack?.stop();
});

for (const wire of WIRES) {
  for (const era of ERAS) {
    describe(`${era} over ${wire}`, () => {
      let ctx: ScenarioContext;
      beforeAll(async () => {
        const connect = async (name: string) => {
          const c = await connectEra({
            era,
            wire,
            name,
            token: world.alice.token,
            bridgeUrl: stack.bridge.url,
            env: { ...ENV, MATTERMOST_URL: stack.sim.url },
          });
          clients.push(c);
          return c;
        };
        ctx = {
          stack,
          world,
          alice: await connect(`eras-${era}`),
          fresh: connect,
          rest: stack.rest(world.alice),
        };
      }, 30_000);

      for (const scenario of SCENARIOS) {
        it(scenario.name, () => scenario.run(ctx), 20_000);
      }
    });
  }
}

describe('an admin’s policy change over HTTP', () => {
  it('tells clients of both eras that the tools changed', async () => {
    const legacy = await connectEra({
      era: '2025-11-25',
      wire: 'http',
      token: world.bob.token,
      bridgeUrl: stack.bridge.url,
    });
    const modern = await connectEra({
      era: '2026-07-28',
      wire: 'http',
      token: world.bob.token,
      bridgeUrl: stack.bridge.url,
    });
    clients.push(legacy, modern);
    const listening = await modern.client.listen({ toolsListChanged: true });
    try {
      // The legacy session has listed its tools: it follows their changes.
      await legacy.client.listTools();
      stack.bridge.policy.setPluginSettings({ readonly: true });
      const changed = (c: typeof legacy) => c.notified('notifications/tools/list_changed') >= 1;
      await until('both sessions told', () => changed(legacy) && changed(modern), 5000);
      const tools = (await modern.client.listTools()).tools.map((t) => t.name);
      expect(tools).not.toContain('delete_post');
    } finally {
      stack.bridge.policy.setPluginSettings(undefined);
      await listening.close();
    }
  });
});
