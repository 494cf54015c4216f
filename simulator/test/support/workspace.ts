import mattermostClient from '@mattermost/client';
import { WebSocket } from 'ws';

import { enableFeatures, startSimulator, TEST_FEATURES, type Simulator } from '../../src/index.js';
import { addChannelMember, createChannel } from '../../src/services/channels.js';
import { addTeamMember, createTeam } from '../../src/services/teams.js';
import { createAccessToken, createUser } from '../../src/services/users.js';
import type { Channel, Team } from '../../src/store/types.js';

const { Client4 } = mattermostClient;
export type Client4 = InstanceType<typeof Client4>;

// The official WebSocketClient expects a browser's WebSocket.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export interface Member {
  id: string;
  username: string;
  token: string;
  client: Client4;
}

/** A running simulator (test features on) with one team, a public and a private channel, and three users. */
export interface Workspace {
  sim: Simulator;
  admin: Member;
  team: Team;
  /** Public; alice, bob and carol are members. */
  town: Channel;
  /** Private; alice and bob are members, carol is not. */
  secret: Channel;
  alice: Member;
  bob: Member;
  carol: Member;
  stop(): Promise<void>;
}

export function restClient(url: string, token: string): Client4 {
  const c = new Client4();
  c.setUrl(url);
  c.setToken(token);
  c.setIncludeCookies(false);
  return c;
}

export async function startWorkspace(): Promise<Workspace> {
  const sim = await startSimulator({ seed: 'empty' });
  // The admin turns on what a fresh server has off and the tests use, as an admin would.
  await enableFeatures(restClient(sim.url, sim.admin.token), TEST_FEATURES);
  const ctx = sim.context;
  const member = (username: string): Member => {
    const user = createUser(ctx, {
      username,
      email: `${username}@example.com`,
      password: 'Passw0rd!-long',
    });
    const token = createAccessToken(ctx, user.id, 'test').token;
    return { id: user.id, username, token, client: restClient(sim.url, token) };
  };
  const admin = { ...sim.admin, client: restClient(sim.url, sim.admin.token) };
  const team = createTeam(ctx, { name: 'engineering', display_name: 'Engineering' }, sim.admin.id);
  const [alice, bob, carol] = [member('alice'), member('bob'), member('carol')];
  for (const m of [alice, bob, carol]) addTeamMember(ctx, team.id, m.id);
  const town = ctx.store.channelByName(team.id, 'town-square')!;
  const secret = createChannel(
    ctx,
    { team_id: team.id, name: 'secret', display_name: 'Secret', type: 'P' },
    alice.id,
  );
  addChannelMember(ctx, secret.id, bob.id);
  return { sim, admin, team, town, secret, alice, bob, carol, stop: () => sim.stop() };
}

/** Resolves once `check` returns something other than undefined, polling every 20 ms up to `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20)); // polling interval of the condition
  }
}

/** Polls a yes/no condition: true once it holds, false when `timeoutMs` passed without it. */
export async function holdsWithin(
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  return eventually(async () => ((await check()) ? true : undefined), timeoutMs).catch(() => false);
}

/**
 * A fixed wait, only for proving that something does NOT happen within `ms` (a delivery, an
 * event): say at the call site what would have happened.
 */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
