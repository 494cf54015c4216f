import { jest } from '@jest/globals';
import { newId } from '../../../simulator/src/ids.js';
import { LiveSource, type SourceOwner, type TokenVerdict } from '../../src/events/live-source.js';
import type { LiveSettings } from '../../src/events/live-types.js';
import { systemClock } from '../../src/events/live-clock.js';
import { createLogger } from '../../src/observability/logger.js';
import { useSocketEndpoint } from '../helpers/socket-endpoint.js';
import { until } from '../helpers/wait.js';

// The source's state machine against the simulator's WebSocket endpoint: a socket Mattermost
// keeps open but serves nothing leads to a token check, then a new connection or the end.
const ALICE = newId();
const TOKEN = 'alice-token';

describe('LiveSource and a silent WebSocket', () => {
  let tokenValid = true;
  const sources: LiveSource[] = [];
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const endpoint = useSocketEndpoint(
    (t) => (t === TOKEN && tokenValid ? ALICE : undefined),
    () => {
      for (const s of sources.splice(0)) s.stop();
    },
  );

  beforeEach(() => {
    tokenValid = true;
  });

  const start = (verdict: () => TokenVerdict) => {
    const settings: LiveSettings = {
      mattermostUrl: endpoint.url,
      websocket: true,
      pollIntervalMs: 60_000,
      coalesceMs: 50,
      idleCloseMs: 60_000,
      failuresBeforePolling: 3,
      reconnect: { firstMs: 20, minMs: 50, maxMs: 500, jitterMs: 10, maxFails: 7 },
      pingIntervalMs: 100,
      feedPerTeam: 10,
      maxSubscriptions: 10,
      maxListenStreams: 1,
    };
    const seen = { resyncs: [] as string[], broken: 0, checks: 0, gone: 0 };
    const owner: SourceOwner = {
      event: () => undefined,
      resync: (reason) => void seen.resyncs.push(reason),
      streamBroken: () => void seen.broken++,
      streamResumed: () => undefined,
      tick: () => undefined,
      checkToken: async () => {
        seen.checks++;
        return verdict();
      },
      tokenGone: () => void seen.gone++,
    };
    const source = new LiveSource(
      settings,
      systemClock,
      createLogger({ level: 'silent' }),
      owner,
      () => TOKEN,
    );
    sources.push(source);
    source.start();
    return { source, seen };
  };

  it('replaces a socket gone silent while the token still works, and resyncs on the new connection', async () => {
    const { source, seen } = start(() => 'valid');
    await until('first connection', () => seen.resyncs.includes('websocket open'), 3000);
    // The session behind the socket stops working for a moment (say, on one cluster node).
    tokenValid = false;
    await until('token check', () => seen.checks >= 1, 3000);
    tokenValid = true;
    await until(
      'new connection',
      () => seen.resyncs.filter((r) => r === 'websocket open').length === 2,
      3000,
    );
    expect(seen.broken).toBeGreaterThanOrEqual(1);
    expect(seen.gone).toBe(0);
    // On a loaded machine the new socket may be judged silent once more before it settles.
    await until('the WebSocket mode', () => source.mode === 'websocket', 3000);
    expect(seen.gone).toBe(0);
  });

  it('ends the user’s live state when the token is gone, leaving no socket behind', async () => {
    const { source, seen } = start(() => (tokenValid ? 'valid' : 'gone'));
    await until('first connection', () => seen.resyncs.length === 1, 3000);
    tokenValid = false;
    await until('token gone', () => seen.gone === 1, 3000);
    expect(seen.checks).toBe(1);
    await until('socket closed', () => endpoint.hub.activeConnections === 0, 3000);
    expect(source.streaming).toBe(false);
  });
});
