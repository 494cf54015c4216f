// Data the bridge suites measure against, written over the simulator's REST API with the official
// client: people with personal access tokens, a channel of 50 posts by 10 authors, a channel to send to.
import mattermostClient from '@mattermost/client';

const { Client4 } = mattermostClient;

/** The official REST client acting with `token` directly against Mattermost. */
export function restClient(url, token) {
  const client = new Client4();
  client.setUrl(url);
  client.setToken(token);
  client.setIncludeCookies(false);
  return client;
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * A new user with a personal access token, member of `teamId`, made by the admin. The username is
 * `name` itself when `exact`, else `name` with a unique suffix.
 */
export async function createMember(admin, teamId, name, { exact = false } = {}) {
  const username = exact ? name : `${name}-${unique()}`;
  const user = await admin.createUser(
    {
      username,
      email: `${username}@bench.example.com`,
      password: 'Password-1234!',
      first_name: name,
    },
    '',
    '',
  );
  const { token } = await admin.createUserAccessToken(user.id, 'benchmark');
  await admin.addToTeam(teamId, user.id);
  return { id: user.id, username, token };
}

/** Nine more authors besides the demo user; none of them is in the demo seed. */
const AUTHOR_NAMES = ['nora', 'omar', 'pia', 'quinn', 'ravi', 'sofia', 'tariq', 'uma', 'viktor'];

// Messages of the lengths people write: a word, a sentence, a short paragraph.
const MESSAGES = [
  'Morning! Standup in 5.',
  'I pushed the fix for the login redirect; it needs a review before we cut the release candidate.',
  'Numbers from yesterday: p95 latency down from 480 ms to 210 ms after the cache change. Nice work.',
  'Can someone check why the nightly build failed? The log says the integration tests timed out on step 4.',
  ':+1:',
  'Reminder: the design review moved to Thursday 14:00 UTC, same room. Bring the updated mock-ups please.',
  'Agreed, let us keep the old endpoint for one more release and log a deprecation warning meanwhile.',
  'Thanks!',
  'Customer call notes are in the shared folder. Main ask: SSO with their existing identity provider.',
  'On it.',
];

/**
 * A team (the demo user's first), 10 authors (the demo user and nine new members), a channel with 50
 * posts (five rounds of the ten authors) and an empty channel for sends.
 */
export async function seedBenchWorkspace(info) {
  const admin = restClient(info.url, info.admin_token);
  const reader = restClient(info.url, info.demo_user.token);
  const me = await reader.getMe();
  const team = (await reader.getMyTeams())[0];
  const adminMe = await admin.getMe();
  await admin.addToTeam(team.id, adminMe.id).catch(() => undefined);
  const authors = [{ id: me.id, username: me.username, token: info.demo_user.token }];
  // Names as short as people's (the demo seed's are alice, bob, ...): output size depends on them.
  for (const name of AUTHOR_NAMES)
    authors.push(await createMember(admin, team.id, name, { exact: true }));
  const channel = await admin.createChannel({
    team_id: team.id,
    name: `bench-read-${unique()}`,
    display_name: 'Bench reading',
    type: 'O',
  });
  const writes = await admin.createChannel({
    team_id: team.id,
    name: `bench-write-${unique()}`,
    display_name: 'Bench writing',
    type: 'O',
  });
  for (const author of authors) {
    await admin.addToChannel(author.id, channel.id);
    await admin.addToChannel(author.id, writes.id);
  }
  const posts = [];
  for (let round = 0; round < 5; round++) {
    for (let a = 0; a < authors.length; a++) {
      const client = restClient(info.url, authors[a].token);
      posts.push(
        await client.createPost({
          channel_id: channel.id,
          message: MESSAGES[(round * 3 + a) % MESSAGES.length],
        }),
      );
    }
  }
  return { team, channel, writes, authors, posts, reader: authors[0] };
}
