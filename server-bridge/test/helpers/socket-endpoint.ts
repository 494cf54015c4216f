import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBus } from '../../../simulator/src/events.js';
import { newId } from '../../../simulator/src/ids.js';
import { WebSocketHub } from '../../../simulator/src/websocket/hub.js';

/** The simulator's WebSocket endpoint alone on a bare HTTP server, fed through its event bus. */
export interface SocketEndpoint {
  bus: EventBus;
  hub: WebSocketHub;
  /** The server's base URL, as a Mattermost URL for the bridge's clients. */
  url: string;
}

/**
 * Registers the beforeEach that opens a new endpoint on 127.0.0.1 for each test, whose tokens
 * `userIdForToken` resolves (every user a member of everything), and the afterEach that runs
 * `beforeClose` (stopping what the test connected) and then closes it. The returned object is
 * filled in anew for each test.
 */
export function useSocketEndpoint(
  userIdForToken: (token: string) => string | undefined,
  beforeClose: () => void,
): SocketEndpoint {
  const endpoint = {} as SocketEndpoint;
  let server: Server;

  beforeEach(async () => {
    endpoint.bus = new EventBus();
    endpoint.hub = new WebSocketHub({
      bus: endpoint.bus,
      newId,
      serverVersion: '11.1.0',
      heartbeatMs: 60_000,
      directory: {
        userIdForToken,
        statuses: () => ({}),
        isChannelMember: () => true,
        isTeamMember: () => true,
      },
    });
    server = createServer((_req, res) => res.writeHead(404).end());
    endpoint.hub.attach(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    beforeClose();
    endpoint.hub.close();
    server.close();
    server.closeAllConnections();
  });

  return endpoint;
}
