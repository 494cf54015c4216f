import { ResourceUris } from '../../src/resources/uris.js';
import {
  eventually,
  freshWorkspace,
  startStack,
  watchUpdates,
  type Stack,
  type Upstream,
} from './harness.js';

/**
 * Registers the beforeAll that starts a live stack with `env` (and `prepare`, as startStack takes
 * it) and the afterAll that stops it. The stack object exists from the start and is filled in by
 * that beforeAll, so a describe block reads it in its hooks and tests.
 */
export function useLiveStack(
  env: Record<string, string> = {},
  prepare?: (upstream: Upstream) => Promise<Record<string, string>>,
): Stack {
  const stack = {} as Stack;
  let started = false;
  beforeAll(async () => {
    Object.assign(stack, await startStack(env, prepare));
    started = true;
  });
  afterAll(async () => {
    if (started) await stack.stop();
  });
  return stack;
}

/**
 * A fresh workspace whose reader is connected through the bridge, subscribed to the posts of its
 * channel (`uri`), with the updates it is sent collected.
 */
export async function followedChannel(stack: Stack, prefix: string) {
  const ws = await freshWorkspace(stack, prefix);
  const client = await stack.connect(ws.reader);
  const updates = watchUpdates(client);
  const uri = ResourceUris.channelPosts(ws.channel.id);
  await client.subscribeResource({ uri });
  return { ...ws, client, updates, uri };
}

type HubStats = ReturnType<Stack['bridge']['live']['hub']['stats']>;

/** The live hub's figures once `check` holds, or the last ones read after `ms`. */
export function hubStatsWhen(
  stack: Stack,
  ms: number,
  check: (stats: HubStats) => boolean,
): Promise<HubStats> {
  return eventually(ms, async () => stack.bridge.live.hub.stats(), check);
}
