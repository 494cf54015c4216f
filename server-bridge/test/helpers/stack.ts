import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import mattermostClient from '@mattermost/client';
import {
  enableFeatures,
  startSimulator,
  TEST_FEATURES,
  type Features,
  type Simulator,
  type SimUser,
} from '@mm-mcp/simulator';
import { loadConfig } from '../../src/config.js';
import { startBridge, type BridgeOptions, type RunningBridge } from '../../src/index.js';

const { Client4 } = mattermostClient;
export type Client4 = InstanceType<typeof Client4>;

/** The simulator and a bridge in front of it, both on 127.0.0.1 with free ports. */
export interface Stack {
  sim: Simulator;
  bridge: RunningBridge;
  /** An MCP client connected to the bridge as `user` over real HTTP. */
  connect(user: SimUser | string): Promise<Client>;
  /** The official REST client acting as `user` directly against Mattermost. */
  rest(user: SimUser): Client4;
  stop(): Promise<void>;
}

/** Settings that keep tests fast and deterministic; each test file may override any of them. */
export const TEST_ENV: Record<string, string> = {
  BRIDGE_PORT: '0',
  LOG_LEVEL: 'silent',
  BRIDGE_RATE_LIMIT_PER_USER: '1000',
  BRIDGE_RATE_LIMIT_GLOBAL: '5000',
  BRIDGE_UPSTREAM_TIMEOUT_MS: '3000',
  BRIDGE_WEBSOCKET: 'false',
  // Every tool, so each tool's tests find it; the default profile has its own tests (test/policy/).
  BRIDGE_TOOLSETS: 'all',
  // The full listing: output schemas listed, so the SDK checks every structured result against them.
  BRIDGE_TOOL_LISTING: 'full',
};

export interface StackOptions extends BridgeOptions {
  /**
   * What the admin turns on over REST before the bridge starts; `{}` leaves the server at a fresh
   * Mattermost's defaults (personal access tokens off).
   */
  features?: Features;
}

/** The official REST client acting with `token` directly against the simulator at `url`. */
export function restClient(url: string, token: string): Client4 {
  const client = new Client4();
  client.setUrl(url);
  client.setToken(token);
  client.setIncludeCookies(false);
  return client;
}

export async function startStack(
  env: Record<string, string> = {},
  { features = TEST_FEATURES, ...options }: StackOptions = {},
): Promise<Stack> {
  const sim = await startSimulator({ seed: 'empty' });
  let bridge: RunningBridge;
  try {
    await enableFeatures(restClient(sim.url, sim.admin.token), features);
    bridge = await startBridge(
      loadConfig({ MATTERMOST_URL: sim.url, ...TEST_ENV, ...env }),
      options,
    );
  } catch (err) {
    await sim.stop();
    throw err;
  }
  const clients: Client[] = [];
  return {
    sim,
    bridge,
    async connect(user) {
      const client = await connectClient(bridge.url, typeof user === 'string' ? user : user.token);
      clients.push(client);
      return client;
    },
    rest: (user) => restClient(sim.url, user.token),
    async stop() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await bridge.stop(2000);
      await sim.stop();
    },
  };
}

/** The MCP transport to the bridge at `bridgeUrl`, authenticated with `token`. */
export function bridgeTransport(bridgeUrl: string, token: string): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(`${bridgeUrl}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
}

export async function connectClient(bridgeUrl: string, token: string): Promise<Client> {
  const client = new Client({ name: 'bridge-test', version: '1.0.0' });
  await client.connect(bridgeTransport(bridgeUrl, token));
  return client;
}

/** MCP clients of any bridge and REST clients of one simulator, for stacks of several bridges. */
export function clientPool(simUrl: string) {
  const clients: Client[] = [];
  return {
    /** An MCP client of `user` talking to `bridge`; closed by `close`. */
    async connect(bridge: { url: string }, user: { token: string }): Promise<Client> {
      const client = await connectClient(bridge.url, user.token);
      clients.push(client);
      return client;
    },
    rest: (user: { token: string }): Client4 => restClient(simUrl, user.token),
    close: () => Promise.allSettled(clients.map((client) => client.close())),
  };
}

/** A unique, valid Mattermost name for this run. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export interface Workspace {
  team: { id: string; name: string };
  channel: { id: string; name: string };
  alice: SimUser;
  bob: SimUser;
}

/** A new regular user with a personal access token, made by the admin over REST. */
export async function createUser(
  stack: Stack,
  prefix: string,
  /** Runs each of the admin's calls: a test against a rate-limited server waits out its 429s. */
  each: <T>(what: string, call: () => Promise<T>) => Promise<T> = (_what, call) => call(),
): Promise<SimUser & { tokenId: string }> {
  const admin = stack.rest(stack.sim.admin);
  const username = uniqueName(prefix);
  const user = await each('the user', () =>
    admin.createUser(
      {
        username,
        email: `${username}@example.com`,
        password: 'Password-1234!',
        first_name: prefix,
      } as never,
      '',
      '',
    ),
  );
  const created = await each('its token', () =>
    admin.createUserAccessToken(user.id, 'bridge tests'),
  );
  return { id: user.id, username: user.username, token: created.token ?? '', tokenId: created.id };
}

/** A new open team the admin makes, with `members` in it. */
export async function openTeam(
  admin: Client4,
  members: readonly { id: string }[],
): Promise<{ id: string; name: string }> {
  const name = uniqueName('team');
  const team = await admin.createTeam({ name, display_name: `Team ${name}`, type: 'O' } as never);
  for (const user of members) await admin.addToTeam(team.id, user.id);
  return { id: team.id, name: team.name };
}

/**
 * A fresh team with a public channel and two new users as members, made by the admin over REST,
 * so each test file sees exactly the data it wrote.
 */
export async function freshWorkspace(stack: Stack): Promise<Workspace> {
  const alice = await createUser(stack, 'alice');
  const bob = await createUser(stack, 'bob');
  const admin = stack.rest(stack.sim.admin);
  const team = await openTeam(admin, [alice, bob]);
  const channel = await admin.createChannel({
    team_id: team.id,
    name: uniqueName('chan'),
    display_name: 'Test Channel',
    type: 'O',
  } as never);
  for (const user of [alice, bob]) await admin.addToChannel(user.id, channel.id);
  return { team, channel: { id: channel.id, name: channel.name }, alice, bob };
}

/** The text of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as CallToolResult).content ?? [];
  return content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult & { structuredContent?: Record<string, unknown> }> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult & {
    structuredContent?: Record<string, unknown>;
  };
}
