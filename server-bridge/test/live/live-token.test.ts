import { jest } from '@jest/globals';
import { ResourceUris } from '../../src/resources/uris.js';
import { eventually, freshWorkspace, startStack, type Stack } from './harness.js';

jest.setTimeout(30_000);

// Mattermost keeps a WebSocket open when the session behind it is revoked; it just goes silent.
describe('a user whose token is revoked while subscribed', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ BRIDGE_WEBSOCKET_PING_MS: '200' });
  });
  afterAll(async () => stack?.stop());

  it('has its live subscriptions and sessions closed instead of left to wait for nothing', async () => {
    const { channel, reader } = await freshWorkspace(stack, 'revoked');
    const client = await stack.connect(reader);
    await client.subscribeResource({ uri: ResourceUris.channelPosts(channel.id) });
    await eventually(
      3000,
      async () => stack.bridge.live.hub.stats(),
      (s) => s.websockets === 1,
    );
    expect(stack.bridge.sessions.size).toBe(1);

    const admin = stack.rest(stack.sim.admin);
    const tokens = await admin.getUserAccessTokensForUser(reader.id, 0, 10);
    for (const t of tokens) await admin.revokeUserAccessToken(t.id);

    const after = await eventually(
      5000,
      async () => ({ live: stack.bridge.live.hub.stats(), sessions: stack.bridge.sessions.size }),
      (s) => s.live.users === 0 && s.sessions === 0,
    );
    expect(after).toMatchObject({
      live: { users: 0, subscriptions: 0, websockets: 0 },
      sessions: 0,
    });
  });
});
