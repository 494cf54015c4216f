import type { SimUser } from '@mm-mcp/simulator';
import { loadConfig } from '../../src/config.js';
import { startBridge, type BridgeOptions, type RunningBridge } from '../../src/index.js';
import { createUser, openTeam, startStack, uniqueName, type Stack } from '../helpers/stack.js';

/** A team with three channels and two members, made over REST before any policy bridge starts. */
export interface PolicyWorld {
  stack: Stack;
  team: { id: string; name: string };
  open: { id: string; name: string };
  secret: { id: string; name: string };
  announce: { id: string; name: string };
  alice: SimUser;
  bob: SimUser;
  /** A post by bob in each channel. */
  posts: { open: string; secret: string; announce: string };
}

export async function policyWorld(): Promise<PolicyWorld> {
  const stack = await startStack();
  const alice = await createUser(stack, 'alice');
  const bob = await createUser(stack, 'bob');
  const admin = stack.rest(stack.sim.admin);
  const team = await openTeam(admin, [alice, bob]);
  const channel = async (prefix: string) => {
    const made = await admin.createChannel({
      team_id: team.id,
      name: uniqueName(prefix),
      display_name: prefix,
      type: 'O',
    } as never);
    for (const user of [alice, bob]) await admin.addToChannel(user.id, made.id);
    return { id: made.id, name: made.name };
  };
  const open = await channel('open');
  const secret = await channel('secret');
  const announce = await channel('announce');
  const asBob = stack.rest(bob);
  const post = async (channelId: string, message: string) =>
    (await asBob.createPost({ channel_id: channelId, message } as never)).id;
  return {
    stack,
    team,
    open,
    secret,
    announce,
    alice,
    bob,
    posts: {
      open: await post(open.id, 'open plans for the launch'),
      secret: await post(secret.id, 'secret plans for the launch'),
      announce: await post(announce.id, 'announce plans for the launch'),
    },
  };
}

/** Another bridge in front of the same simulator, with a policy of its own. */
export async function policyBridge(
  world: PolicyWorld,
  env: Record<string, string>,
  options: BridgeOptions = {},
): Promise<RunningBridge> {
  return startBridge(
    loadConfig({
      MATTERMOST_URL: world.stack.sim.url,
      BRIDGE_PORT: '0',
      LOG_LEVEL: 'silent',
      BRIDGE_WEBSOCKET: 'false',
      BRIDGE_RATE_LIMIT_PER_USER: '1000',
      BRIDGE_RATE_LIMIT_GLOBAL: '5000',
      BRIDGE_TOOLSETS: 'all',
      ...env,
    }),
    options,
  );
}
