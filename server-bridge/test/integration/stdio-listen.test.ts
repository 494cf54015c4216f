import { jest } from '@jest/globals';
import { connectEra, ensureBuilt, type EraClient } from '../helpers/eras.js';
import { useStack } from '../helpers/fixtures.js';
import { TEST_ENV } from '../helpers/stack.js';
import { ResourceUris } from '../../src/resources/uris.js';

jest.setTimeout(60_000);

/** The listen streams one stdio connection may hold at once (the bridge's constant). */
const MAX_LISTEN_STREAMS = 16;

const { stack, ws } = useStack();
const clients: EraClient[] = [];

beforeAll(() => ensureBuilt());

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
});

describe('mcp-bridge --stdio in the 2026-07-28 era', () => {
  it('follows nothing for a listen stream the server refuses', async () => {
    const c = await connectEra({
      era: '2026-07-28',
      wire: 'stdio',
      token: ws.alice.token,
      // One resource at a time: a resource still counted for a refused stream shuts out the next.
      env: { ...TEST_ENV, MATTERMOST_URL: stack.sim.url, BRIDGE_MAX_SUBSCRIPTIONS: '1' },
    });
    clients.push(c);
    const posts = ResourceUris.channelPosts(ws.channel.id);
    const channels = ResourceUris.teamChannels(ws.team.id);
    const open = [];
    for (let i = 0; i < MAX_LISTEN_STREAMS; i++)
      open.push(await c.client.listen({ resourceSubscriptions: [posts] }));
    await expect(c.client.listen({ resourceSubscriptions: [posts] })).rejects.toThrow(
      /Subscription limit reached/,
    );
    for (const stream of open) await stream.close();
    const next = await c.client.listen({ resourceSubscriptions: [channels] });
    expect(next.honoredFilter.resourceSubscriptions).toEqual([channels]);
    await next.close();
  });
});
