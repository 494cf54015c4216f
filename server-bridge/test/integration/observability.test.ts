import { jest } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { startBridge, type RunningBridge } from '../../src/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { useStack } from '../helpers/fixtures.js';
import { callTool, connectClient, textOf } from '../helpers/stack.js';

jest.setTimeout(30_000);

const { stack, ws } = useStack();
let bridge: RunningBridge;
const lines: string[] = [];

beforeAll(async () => {
  const logger = createLogger({
    level: 'trace',
    destination: { write: (line: string) => void lines.push(line) },
  });
  bridge = await startBridge(
    loadConfig({ MATTERMOST_URL: stack.sim.url, BRIDGE_PORT: '0', BRIDGE_WEBSOCKET: 'false' }),
    { logger },
  );
});

afterAll(async () => {
  await bridge?.stop(1000);
});

function logged(): Array<Record<string, unknown>> {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logs', () => {
  it('carry the correlation id of a tool call next to Mattermost’s request id', async () => {
    const client = await connectClient(bridge.url, ws.alice.token);
    const result = await callTool(client, 'read_thread', { post_id: 'abcdefghijklmnopqrstuvwxyz' });
    const text = textOf(result);
    const correlationId = /correlation id ([0-9a-f-]{36})/.exec(text)?.[1];
    const requestId = /Mattermost request id (\S+?)[,)]/.exec(text)?.[1];
    expect(correlationId).toBeDefined();
    expect(requestId).toBeDefined();
    const call = logged().find(
      (entry) => entry.mattermost_request_id === requestId && entry.msg === 'mattermost call',
    );
    expect(call).toMatchObject({
      correlation_id: correlationId,
      operation: 'posts.get_thread',
      status: 404,
    });
    // The id is the HTTP request's own: the access log line of that POST names it too.
    const access = logged().find(
      (entry) => entry.msg === 'http request' && entry.correlation_id === correlationId,
    );
    expect(access).toMatchObject({ method: 'POST', path: '/mcp' });
    // Each call of the session gets its own id.
    const again = await callTool(client, 'read_thread', { post_id: 'abcdefghijklmnopqrstuvwxyz' });
    const secondId = /correlation id ([0-9a-f-]{36})/.exec(textOf(again))?.[1];
    expect(secondId).toBeDefined();
    expect(secondId).not.toBe(correlationId);
    await client.close();
  });

  it('never contain a token, good or bad', async () => {
    const client = await connectClient(bridge.url, ws.alice.token);
    await callTool(client, 'get_me');
    await client.close();
    await fetch(`${bridge.url}/mcp`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer leakedtoken0123456789abcdef',
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).not.toContain(ws.alice.token);
    expect(all).not.toContain('leakedtoken0123456789abcdef');
  });
});
