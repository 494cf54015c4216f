import { afterAll, beforeAll } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import type { RunningBridge } from '../../src/index.js';
import { bridgeTransport } from '../helpers/stack.js';
import { policyBridge, policyWorld, type PolicyWorld } from './setup.js';

/** A policy world, and alice's MCP client on a bridge with that policy in front of it. */
export interface PolicyFixture {
  world: PolicyWorld;
  client: Client;
}

/**
 * Registers the beforeAll that makes a policy world, runs `prepare` on it, starts a bridge with
 * the policy `env` names for that world and connects alice to it, and the afterAll that closes
 * them. The objects exist from the start and are filled in by that beforeAll.
 */
export function usePolicyBridge(
  env: (world: PolicyWorld) => Record<string, string>,
  prepare?: (world: PolicyWorld) => Promise<void>,
): PolicyFixture {
  const world = {} as PolicyWorld;
  const client = new Client({ name: 'policy-test', version: '1.0.0' });
  let bridge: RunningBridge | undefined;
  let started = false;

  beforeAll(async () => {
    Object.assign(world, await policyWorld());
    started = true;
    await prepare?.(world);
    bridge = await policyBridge(world, env(world));
    await client.connect(bridgeTransport(bridge.url, world.alice.token));
  }, 60_000);

  afterAll(async () => {
    await client.close();
    await bridge?.stop(1000);
    if (started) await world.stack.stop();
  });

  return { world, client };
}
