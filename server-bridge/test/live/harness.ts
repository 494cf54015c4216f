import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import mattermostClient from '@mattermost/client';
import { startSimulator, type Simulator, type SimUser } from '@mm-mcp/simulator';
import { loadConfig } from '../../src/config.js';
import { startBridge } from '../../src/index.js';
import { openTeam } from '../helpers/stack.js';
import { until, waitFor } from '../helpers/wait.js';

const { Client4 } = mattermostClient;
export type Client4 = InstanceType<typeof Client4>;

export interface Stack {
  sim: Simulator;
  bridge: Awaited<ReturnType<typeof startBridge>>;
  /** An MCP client connected to the bridge as a user, over real HTTP. */
  connect(user: SimUser): Promise<Client>;
  /** The official REST client acting as a user directly against Mattermost. */
  rest(user: SimUser): Client4;
  stop(): Promise<void>;
}

/** What exists before the bridge starts: Mattermost alone. */
export type Upstream = Pick<Stack, 'sim' | 'rest'>;

function restClient(sim: Simulator, user: SimUser): Client4 {
  const c = new Client4();
  c.setUrl(sim.url);
  c.setToken(user.token);
  c.setIncludeCookies(false);
  return c;
}

/**
 * The simulator with the demo seed and a bridge in front of it, both on 127.0.0.1. `prepare`
 * runs against the simulator before the bridge starts and may add bridge settings.
 */
export async function startStack(
  env: Record<string, string> = {},
  prepare?: (upstream: Upstream) => Promise<Record<string, string>>,
): Promise<Stack> {
  const sim = await startSimulator({ seed: 'demo' });
  const upstream: Upstream = { sim, rest: (user) => restClient(sim, user) };
  const prepared = prepare ? await prepare(upstream) : {};
  const config = loadConfig({
    MATTERMOST_URL: sim.url,
    BRIDGE_PORT: '0',
    LOG_LEVEL: 'silent',
    BRIDGE_WEBSOCKET_RETRY_MS: '100',
    BRIDGE_NOTIFY_COALESCE_MS: '100',
    BRIDGE_RATE_LIMIT_PER_USER: '1000',
    BRIDGE_RATE_LIMIT_GLOBAL: '5000',
    ...env,
    ...prepared,
  });
  const bridge = await startBridge(config);
  const clients: Client[] = [];
  return {
    sim,
    bridge,
    async connect(user) {
      const client = new Client({ name: 'live-test', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(`${bridge.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${user.token}` } },
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    rest: upstream.rest,
    async stop() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await bridge.stop();
      await sim.stop();
    },
  };
}

let counter = 0;
/** A unique, valid Mattermost name for this run. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${(counter++).toString(36)}`;
}

/** A new user with a personal access token, made by the admin over REST. */
export async function newUser(stack: Upstream, prefix: string): Promise<SimUser> {
  const admin = stack.rest(stack.sim.admin);
  const username = uniqueName(prefix);
  const user = await admin.createUser(
    { username, email: `${username}@example.com`, password: 'Sim-Password-1234' } as never,
    '',
    '',
  );
  const token = await admin.createUserAccessToken(user.id, 'AI assistant access (test)');
  return { id: user.id, username: user.username, token: token.token! };
}

export interface Workspace {
  team: { id: string; name: string };
  channel: { id: string; name: string };
  /** Follows the channel through the bridge. */
  reader: SimUser;
  /** Acts in Mattermost directly. */
  writer: SimUser;
}

/** Two new users in a new team with a new public channel, all made by the admin over REST. */
export async function freshWorkspace(stack: Upstream, prefix: string): Promise<Workspace> {
  const admin = stack.rest(stack.sim.admin);
  const [reader, writer] = [await newUser(stack, 'reader'), await newUser(stack, 'writer')];
  const team = await openTeam(admin, [reader, writer]);
  const channel = await freshChannel(stack, { team, reader, writer }, prefix);
  return { team, channel, reader, writer };
}

/** Another public channel in the workspace's team, with both users as members. */
export async function freshChannel(
  stack: Upstream,
  ws: Pick<Workspace, 'reader' | 'writer'> & { team: { id: string } },
  prefix: string,
): Promise<{ id: string; name: string }> {
  const admin = stack.rest(stack.sim.admin);
  const channel = await admin.createChannel({
    team_id: ws.team.id,
    name: uniqueName(prefix),
    display_name: `${prefix} channel`,
    type: 'O',
  } as never);
  for (const user of [ws.reader, ws.writer]) await admin.addToChannel(user.id, channel.id);
  return { id: channel.id, name: channel.name };
}

/** Collects `notifications/resources/updated` per URI, with arrival times. */
export function watchUpdates(client: Client) {
  const seen: Array<{ uri: string; at: number }> = [];
  let listChanged = 0;
  const waiters: Array<() => void> = [];
  client.setNotificationHandler('notifications/resources/updated', (n) => {
    seen.push({ uri: n.params.uri, at: Date.now() });
    for (const w of waiters.splice(0)) w();
  });
  client.setNotificationHandler('notifications/resources/list_changed', () => {
    listChanged++;
    for (const w of waiters.splice(0)) w();
  });
  return {
    seen,
    get listChanged() {
      return listChanged;
    },
    count: (uri: string) => seen.filter((s) => s.uri === uri).length,
    /** Resolves when `predicate` holds, checked at each notification; rejects after `ms`. */
    async until(predicate: () => boolean, ms: number, what: string): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      });
      try {
        while (!predicate())
          await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export async function readText(client: Client, uri: string): Promise<string> {
  const result = await client.readResource({ uri });
  const first = result.contents[0] as { text?: string } | undefined;
  return first?.text ?? '';
}

/** Polls until `check` passes or `ms` elapse; returns the last value. */
export async function eventually<T>(
  ms: number,
  read: () => Promise<T>,
  check: (v: T) => boolean,
): Promise<T> {
  let value = await read();
  try {
    return await waitFor(
      'a value that passes',
      async () => (check(value) ? value : check((value = await read())) ? value : undefined),
      ms,
    );
  } catch {
    return value;
  }
}

/** Resolves once the user's live state streams on a connected WebSocket (changes arrive as events). */
export async function streaming(stack: Pick<Stack, 'bridge'>, user: SimUser): Promise<void> {
  await until(
    `${user.username}'s WebSocket`,
    () => stack.bridge.live.hub.user(user.id)?.streaming === true,
  );
}
