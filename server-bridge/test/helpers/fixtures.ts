import { Client } from '@modelcontextprotocol/client';
import type { SimUser } from '@mm-mcp/simulator';
import { loadConfig } from '../../src/config.js';
import { startBridge, type RunningBridge } from '../../src/index.js';
import {
  bridgeTransport,
  freshWorkspace,
  startStack,
  type Stack,
  type StackOptions,
  uniqueName,
  type Workspace,
} from './stack.js';

/** Who a fixture's MCP clients act as: the workspace's two users, or the system admin. */
export type ClientName = 'alice' | 'bob' | 'admin';

export interface StackFixtureOptions<Name extends ClientName> {
  /** Bridge settings over TEST_ENV. */
  env?: Record<string, string>;
  /** What startStack passes on to the simulator and the bridge. */
  options?: StackOptions;
  /** Runs once the workspace exists, before any of `connect` connects (data the sessions see). */
  prepare?: (stack: Stack, ws: Workspace) => Promise<void>;
  /** The MCP clients to connect to the bridge, as the fixture's properties of the same names. */
  connect?: readonly Name[];
}

/**
 * The stack, its fresh workspace and connected clients of one test file. The objects exist from
 * the start and are filled in by the file's first beforeAll, so a file destructures them once and
 * reads them in its hooks and tests.
 */
export type StackFixture<Name extends ClientName> = { stack: Stack; ws: Workspace } & Record<
  Name,
  Client
>;

/**
 * Registers the beforeAll that starts a stack (simulator and bridge), makes a fresh workspace and
 * connects the named clients, and the afterAll that closes them and stops the stack.
 */
export function useStack<Name extends ClientName = never>({
  env = {},
  options = {},
  prepare,
  connect = [],
}: StackFixtureOptions<Name> = {}): StackFixture<Name> {
  const stack = {} as Stack;
  const ws = {} as Workspace;
  const clients = new Map(
    connect.map((name) => [name, new Client({ name: 'bridge-test', version: '1.0.0' })]),
  );
  const userOf = (name: ClientName): SimUser =>
    name === 'admin' ? stack.sim.admin : name === 'alice' ? ws.alice : ws.bob;
  let started = false;

  beforeAll(async () => {
    Object.assign(stack, await startStack(env, options));
    started = true;
    Object.assign(ws, await freshWorkspace(stack));
    await prepare?.(stack, ws);
    await Promise.all(
      [...clients].map(([name, client]) =>
        client.connect(bridgeTransport(stack.bridge.url, userOf(name).token)),
      ),
    );
  });

  afterAll(async () => {
    await Promise.allSettled([...clients.values()].map((client) => client.close()));
    if (started) await stack.stop();
  });

  return { stack, ws, ...Object.fromEntries(clients) } as StackFixture<Name>;
}

/**
 * A private channel in the workspace's team, made by the admin with bob as its only member: a
 * channel alice may not see.
 */
export async function hiddenChannel(stack: Stack, ws: Workspace): Promise<{ id: string }> {
  const admin = stack.rest(stack.sim.admin);
  const hidden = await admin.createChannel({
    team_id: ws.team.id,
    name: uniqueName('hidden'),
    display_name: 'Hidden',
    type: 'P',
  } as never);
  await admin.addToChannel(ws.bob.id, hidden.id);
  return hidden;
}

/** A private channel bob makes in the workspace's team, so one alice is not in. */
export async function bobsSecretChannel(
  stack: Stack,
  ws: Workspace,
): Promise<{ id: string; name: string }> {
  return stack.rest(ws.bob).createChannel({
    team_id: ws.team.id,
    name: uniqueName('secret'),
    display_name: 'Secret',
    type: 'P',
  } as never);
}

/** An invite-only team the admin makes with nobody in it: one the workspace's users are not in. */
export async function closedTeam(stack: Stack): Promise<{ id: string; name: string }> {
  return stack.rest(stack.sim.admin).createTeam({
    name: uniqueName('closed'),
    display_name: 'Closed',
    type: 'I',
  } as never);
}

/**
 * Another bridge in front of `mattermostUrl`, at the bridge's own defaults rather than TEST_ENV:
 * on a free port, logging nothing, with `env` over that.
 */
export function startPlainBridge(
  mattermostUrl: string,
  env: Record<string, string> = {},
): Promise<RunningBridge> {
  return startBridge(
    loadConfig({ MATTERMOST_URL: mattermostUrl, BRIDGE_PORT: '0', LOG_LEVEL: 'silent', ...env }),
  );
}
