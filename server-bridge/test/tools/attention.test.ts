import { jest } from '@jest/globals';
import { useStack } from '../helpers/fixtures.js';
import { callTool, createUser, textOf, uniqueName } from '../helpers/stack.js';
import { clockPast } from '../helpers/wait.js';

jest.setTimeout(30_000);

const { stack, ws, alice } = useStack({ connect: ['alice'] });
/** When bob replied in alice's thread. */
let replyAt: number;

type Item = {
  kind: string;
  channel: string;
  author: string;
  time: string;
  snippet: string;
  permalink: string;
  post_id: string;
};

/** The bridge's count of requests to Mattermost so far, from its /metrics. */
async function upstreamRequests(): Promise<number> {
  const text = await (await fetch(`${stack.bridge.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('mcp_bridge_upstream_requests_total'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

beforeAll(async () => {
  const bob = stack.rest(ws.bob);
  const admin = stack.rest(stack.sim.admin);
  const carol = await createUser(stack, 'carol');
  await admin.addToTeam(ws.team.id, carol.id);
  await admin.addToChannel(carol.id, ws.channel.id);

  // A followed thread with a reply alice has not read.
  const root = await stack
    .rest(ws.alice)
    .createPost({ channel_id: ws.channel.id, message: 'Plan for the offsite' } as never);
  await clockPast(root.create_at);
  const reply = await bob.createPost({
    channel_id: ws.channel.id,
    message: 'Booked the venue',
    root_id: root.id,
  } as never);
  replyAt = reply.create_at;
  // A channel-wide mention, then a direct mention, then a DM, each a little later.
  await clockPast(reply.create_at);
  const drill = await stack
    .rest(carol)
    .createPost({ channel_id: ws.channel.id, message: '@channel fire drill at 3' } as never);
  await clockPast(drill.create_at);
  const review = await bob.createPost({
    channel_id: ws.channel.id,
    message: `@${ws.alice.username} can you review?`,
  } as never);
  await clockPast(review.create_at);
  const dm = await bob.createDirectChannel([ws.bob.id, ws.alice.id]);
  await bob.createPost({ channel_id: dm.id, message: 'Quick question about the budget' } as never);
  // Noise: a channel alice is not in. (Her own posts would mark the channel read, as in Mattermost.)
  const other = await admin.createChannel({
    team_id: ws.team.id,
    name: uniqueName('other'),
    display_name: 'Other',
    type: 'O',
  } as never);
  await admin.addToChannel(ws.bob.id, other.id);
  await bob.createPost({
    channel_id: other.id,
    message: `@${ws.alice.username} not here`,
  } as never);
});

describe('get_attention', () => {
  it('ranks mentions and DMs first, then threads, then channel mentions, in a bounded number of calls', async () => {
    const before = await upstreamRequests();
    const result = await callTool(alice, 'get_attention', { since: '1h' });
    const calls = (await upstreamRequests()) - before;
    expect(result.isError).toBeFalsy();
    const items = result.structuredContent?.items as Item[];
    expect(items.map((i) => `${i.kind}:${i.snippet}`)).toEqual([
      `direct:Quick question about the budget`,
      `mention:@${ws.alice.username} can you review?`,
      'thread:Plan for the offsite',
      'channel_mention:@channel fire drill at 3',
    ]);
    expect(items[0]).toMatchObject({ channel: `@${ws.bob.username}`, author: ws.bob.username });
    expect(items[1]).toMatchObject({
      channel: `${ws.team.name}/~${ws.channel.name}`,
      permalink: `${stack.sim.url}/${ws.team.name}/pl/${items[1]!.post_id}`,
    });
    expect(result.structuredContent?.counts).toEqual({
      mention: 1,
      direct: 1,
      thread: 1,
      channel_mention: 1,
    });
    expect(textOf(result)).toContain('4 things need you since');
    expect(textOf(result)).toContain('(1 mention, 1 direct, 1 thread, 1 channel-wide)');
    // The thread is shown by its first post, alice's own: the line says so, and when bob answered.
    expect(items[2]).toMatchObject({
      author: ws.alice.username,
      unread: 1,
      time: new Date(replyAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    expect(textOf(result)).toContain(
      `[thread] ${ws.team.name}/~${ws.channel.name} · thread of @${ws.alice.username} · last reply ` +
        `${items[2]!.time} (1 unread reply) · "Plan for the offsite"`,
    );
    // One team: me, teams, a search, channels, members and threads of the team, two channel
    // reads, the authors; channel and team lookups come from the gateway's caches.
    process.stdout.write(`get_attention made ${calls} Mattermost calls\n`);
    expect(calls).toBeLessThanOrEqual(12);
  });

  it('leaves out what alice has read', async () => {
    const members = await stack.rest(ws.alice).getMyChannelMembers(ws.team.id);
    for (const member of members) await stack.rest(ws.alice).viewMyChannel(member.channel_id);
    const result = await callTool(alice, 'get_attention', { since: '1h', limit: 10 });
    const kinds = (result.structuredContent?.items as Item[]).map((i) => i.kind);
    expect(kinds).not.toContain('direct');
    expect(kinds).not.toContain('channel_mention');
  });

  it('refuses an unreadable since and a bad limit, naming the field', async () => {
    const since = await callTool(alice, 'get_attention', { since: 'last week' });
    expect(since.isError).toBe(true);
    expect(textOf(since)).toContain('since');
    const limit = await callTool(alice, 'get_attention', { limit: 0 });
    expect(limit.isError).toBe(true);
    expect(textOf(limit)).toContain('limit');
  });

  it('sees nothing for a user with no teams', async () => {
    const dave = await createUser(stack, 'dave');
    const client = await stack.connect(dave);
    const result = await callTool(client, 'get_attention', {});
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.items).toEqual([]);
    expect(textOf(result)).toContain('Nothing needs you');
  });
});
