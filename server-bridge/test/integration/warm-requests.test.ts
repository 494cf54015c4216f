import { useStack } from '../helpers/fixtures.js';
import { callTool } from '../helpers/stack.js';
import { until } from '../helpers/wait.js';

// What a warm tool call costs in Mattermost requests, counted at the simulator: names are looked
// up once and then cost what ids cost.
describe('Mattermost requests per warm call', () => {
  const { stack, ws, alice: client } = useStack({ connect: ['alice'] });

  /** Requests alice's token made during one call, after the same call warmed the caches. */
  const warm = async (name: string, args: Record<string, unknown>) => {
    const first = await callTool(client, name, args);
    expect(first.isError).toBeFalsy();
    const recording = stack.sim.recordRequests();
    const result = await callTool(client, name, args);
    recording.stop();
    expect(result.isError).toBeFalsy();
    return recording.of(ws.alice.id).map((r) => `${r.method} ${r.path}`);
  };

  it('sends by team/channel name in at most 2', async () => {
    const got = await warm('send_message', {
      channel: `${ws.team.name}/${ws.channel.name}`,
      message: 'hi',
    });
    expect(got).toEqual(['POST /posts']);
  });

  it('replies in at most 2', async () => {
    const root = await callTool(client, 'send_message', {
      channel: ws.channel.id,
      message: 'root',
    });
    const rootId = (root.structuredContent as { post_id: string }).post_id;
    const got = await warm('send_message', {
      channel: `${ws.team.name}/${ws.channel.name}`,
      message: 'a reply',
      root_id: rootId,
    });
    expect(got.length).toBeLessThanOrEqual(2);
  });

  it('sends a direct message by @username in at most 2 (its permalink needs one of your teams)', async () => {
    const got = await warm('send_message', { channel: `@${ws.bob.username}`, message: 'hi bob' });
    expect(got.filter((r) => r !== 'GET /users/me/teams')).toEqual(['POST /posts']);
  });

  it('reads a channel by name in 1, as by id', async () => {
    const byName = await warm('read_channel', { channel: `${ws.team.name}/${ws.channel.name}` });
    const byId = await warm('read_channel', { channel: ws.channel.id });
    expect(byName.length).toBeLessThanOrEqual(1);
    expect(byId.length).toBeLessThanOrEqual(1);
  });
});

// A rename or a membership change another client makes reaches the bridge as a WebSocket event
// (here on the user's own socket, open for a subscription): the cached name gives way at once.
describe('cached names after a change in Mattermost', () => {
  const {
    stack,
    ws,
    alice: client,
  } = useStack({
    env: { BRIDGE_WEBSOCKET: 'true', BRIDGE_WEBSOCKET_RETRY_MS: '50' },
    connect: ['alice'],
  });

  beforeAll(async () => {
    await client.subscribeResource({ uri: `mattermost://channels/${ws.channel.id}/posts` });
    await until(
      'the WebSocket to open',
      () => stack.bridge.live.hub.stats().websockets === 1,
      5000,
    );
  });

  const send = (channel: string) => callTool(client, 'send_message', { channel, message: 'hello' });

  /** Repeats `attempt` until `done` holds for its result, for at most 3 s. */
  const soon = async <T>(attempt: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
    let value = await attempt();
    await until('the expected answer', async () => done((value = await attempt())), 3000).catch(
      () => undefined,
    );
    return value;
  };

  it('follows a channel renamed elsewhere: the old name fails, the new one works', async () => {
    const oldName = `${ws.team.name}/${ws.channel.name}`;
    expect((await send(oldName)).isError).toBeFalsy();
    const newName = `${ws.channel.name}-renamed`;
    await stack.rest(stack.sim.admin).patchChannel(ws.channel.id, { name: newName } as never);
    const stale = await soon(
      () => send(oldName),
      (r) => !!r.isError,
    );
    expect(stale.isError).toBe(true);
    expect((await send(`${ws.team.name}/${newName}`)).isError).toBeFalsy();
  });

  it('follows a removal from a channel: the cached channel is not used to post', async () => {
    const admin = stack.rest(stack.sim.admin);
    const other = await admin.createChannel({
      team_id: ws.team.id,
      name: `other-${Date.now().toString(36)}`,
      display_name: 'Other',
      type: 'P',
    } as never);
    await admin.addToChannel(ws.alice.id, other.id);
    const byName = `${ws.team.name}/${other.name}`;
    expect((await send(byName)).isError).toBeFalsy();
    const recording = stack.sim.recordRequests();
    await admin.removeFromChannel(ws.alice.id, other.id);
    const refused = await soon(
      () => send(byName),
      (r) => !!r.isError,
    );
    recording.stop();
    expect(refused.isError).toBe(true);
    // The channel was looked up again, not taken from the cache.
    expect(recording.of(ws.alice.id).some((r) => r.path.includes('/channels/name/'))).toBe(true);
  });
});
