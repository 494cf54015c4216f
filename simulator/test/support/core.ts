import mattermostClient from '@mattermost/client';

import { enableFeatures, startSimulator, TEST_FEATURES, type Simulator } from '../../src/index.js';

const { Client4 } = mattermostClient;
export type Client = InstanceType<typeof Client4>;

/** The official REST client, authenticated with `token`. */
export function clientFor(url: string, token?: string): Client {
  const c = new Client4();
  c.setUrl(url);
  if (token) c.setToken(token);
  c.setIncludeCookies(false);
  return c;
}

/** The status code and Mattermost error id a Client4 call failed with. */
export async function failure(call: Promise<unknown>): Promise<{ status: number; id: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { status_code?: number; server_error_id?: string };
    return { status: e.status_code ?? 0, id: e.server_error_id ?? '' };
  }
  throw new Error('expected the call to fail');
}

export interface Person {
  id: string;
  username: string;
  token: string;
  client: Client;
}

/**
 * A simulator (empty seed) whose admin turned on the test features (personal access tokens, bots,
 * OAuth provider) over REST, plus people created through the REST API by the admin, each with a
 * personal access token made by the admin.
 */
export async function startWithPeople(...usernames: string[]) {
  const sim: Simulator = await startSimulator({ seed: 'empty' });
  const admin = clientFor(sim.url, sim.admin.token);
  await enableFeatures(admin, TEST_FEATURES);
  const people: Record<string, Person> = {};
  for (const username of usernames) {
    const user = await admin.createUser(
      { username, email: `${username}@example.com`, password: 'Passw0rd!-long' } as never,
      '',
      '',
    );
    const token = await admin.createUserAccessToken(user.id, 'test');
    people[username] = {
      id: user.id,
      username,
      token: token.token!,
      client: clientFor(sim.url, token.token),
    };
  }
  return { sim, admin, people };
}
