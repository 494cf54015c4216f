// Mattermost requests per tool call, for every tool of the default profile (core), cold (a user the
// bridge has cached nothing for) and warm, by id and, where a tool takes a name, by name: read from
// the bridge's own `mcp_bridge_upstream_requests_total` around each call. Each tool runs as its own
// user, whose caches start empty (cache keys start with the viewing user's id). A warm call by name
// must cost what the same call by id costs: the name caches point at the objects cached by id.
import {
  figure,
  startBridgeProcess,
  startSimulatorProcess,
  upstreamRequests,
} from '../lib/processes.mjs';
import { call, connect } from '../lib/sdk-client.mjs';
import { createMember, restClient, seedBenchWorkspace } from '../lib/workspace.mjs';

/** Warm targets where the tool's work fixes the count (the one request that reads or writes). */
const WARM_TARGETS = {
  read_channel: 1,
  send_message: 2,
  'send_message (reply)': 2,
  'send_message (direct message)': 2,
  get_post: 1,
  get_user: 0,
  get_channel: 0,
  get_me: 1,
};

/**
 * Every core tool: [label, tool, args by id, args by name (or null)]. `n` numbers repeated calls, for
 * the tools that must not repeat themselves (a reaction added twice is one reaction).
 */
function coreCalls(ws, other) {
  const post = ws.posts[ws.posts.length - 1];
  const root = ws.posts[ws.posts.length - 2];
  const byName = (channel) => `${ws.team.name}/${channel.name}`;
  const emojis = ['eyes', 'tada', 'rocket', 'heart', 'smile', 'thumbsup'];
  return [
    ['get_me', 'get_me', () => ({}), null],
    ['list_teams', 'list_teams', () => ({}), null],
    [
      'list_channels',
      'list_channels',
      () => ({ team: ws.team.id }),
      () => ({ team: ws.team.name }),
    ],
    [
      'get_channel',
      'get_channel',
      () => ({ channel: ws.channel.id }),
      () => ({ channel: byName(ws.channel) }),
    ],
    ['get_user', 'get_user', () => ({ user: other.id }), () => ({ user: `@${other.username}` })],
    ['search_users', 'search_users', () => ({ term: other.username.slice(0, 3) }), null],
    [
      'read_channel',
      'read_channel',
      () => ({ channel: ws.channel.id, limit: 50 }),
      () => ({ channel: byName(ws.channel), limit: 50 }),
    ],
    ['read_thread', 'read_thread', () => ({ post_id: root.id }), null],
    [
      'send_message',
      'send_message',
      (n) => ({ channel: ws.writes.id, message: `Requests per call ${n}` }),
      (n) => ({ channel: byName(ws.writes), message: `Requests per call by name ${n}` }),
    ],
    [
      'send_message (reply)',
      'send_message',
      (n) => ({ channel: ws.channel.id, root_id: root.id, message: `A reply ${n}` }),
      (n) => ({ channel: byName(ws.channel), root_id: root.id, message: `A reply by name ${n}` }),
    ],
    [
      'send_message (direct message)',
      'send_message',
      (n) => ({ channel: `@${other.username}`, message: `A direct message ${n}` }),
      null,
    ],
    ['add_reaction', 'add_reaction', (n) => ({ post_id: post.id, emoji: emojis[n] }), null],
    [
      'search_posts',
      'search_posts',
      () => ({ query: 'release', team: ws.team.id }),
      () => ({ query: 'release', team: ws.team.name }),
    ],
    ['get_post', 'get_post', () => ({ post_id: post.id }), null],
    ['get_attention', 'get_attention', () => ({}), null],
    ['get_unreads', 'get_unreads', () => ({ team: ws.team.id }), () => ({ team: ws.team.name })],
    ['enable_toolset', 'enable_toolset', () => ({ toolset: 'files' }), null],
  ];
}

export default async function bridgeRequests() {
  const sim = await startSimulatorProcess();
  let bridge;
  const clients = [];
  try {
    const ws = await seedBenchWorkspace(sim.info);
    bridge = await startBridgeProcess(sim.info.url, { env: { BRIDGE_TOOLSETS: 'core' } });
    const admin = restClient(sim.info.url, sim.info.admin_token);
    const figures = [];
    const calls = coreCalls(ws, ws.authors[1]);
    for (const [label, tool, byId, byName] of calls) {
      // A user of its own, in both channels, whose caches start empty.
      const user = await createMember(admin, ws.team.id, 'requests');
      await admin.addToChannel(user.id, ws.channel.id);
      await admin.addToChannel(user.id, ws.writes.id);
      const client = await connect(bridge.url, user.token);
      clients.push(client);
      let n = 0;
      const count = async (args) => {
        const before = await upstreamRequests(bridge.url);
        await call(client, tool, args(n++));
        return (await upstreamRequests(bridge.url)) - before;
      };
      const cold = await count(byId);
      const warm = await count(byId);
      const target = WARM_TARGETS[label];
      figures.push(figure(`${label}: Mattermost requests per call, cold cache`, cold, 'requests'));
      figures.push(
        figure(
          `${label}: Mattermost requests per call, warm cache`,
          warm,
          'requests',
          target === undefined ? null : `≤ ${target}`,
          target === undefined ? null : (v) => v <= target,
        ),
      );
      if (!byName) continue;
      await count(byName);
      const warmByName = await count(byName);
      figures.push(
        figure(
          `${label} by name: Mattermost requests per call, warm cache`,
          warmByName,
          'requests',
          `≤ ${warm} (by id)`,
          (v) => v <= warm,
        ),
      );
    }
    return figures;
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await bridge?.stop();
    await sim.stop();
  }
}
