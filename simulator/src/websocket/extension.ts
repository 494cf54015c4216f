import type { SimContext } from '../context.js';
import type { SimExtension } from '../extensions.js';
import { sessionForToken } from '../http/auth.js';
import { newId } from '../ids.js';
import { setOnlineIfAutomatic, setStatus } from '../services/users.js';
import { SERVER_VERSION } from '../store/config.js';
import { WebSocketHub, type WebSocketDirectory } from './hub.js';

/** The hub's view of the simulator's state; statuses follow sockets as Mattermost's do. */
export function websocketDirectory(ctx: SimContext): WebSocketDirectory {
  const { store } = ctx;
  return {
    userIdForToken: (token) => {
      const session = sessionForToken(ctx, token);
      return typeof session === 'string' ? undefined : session.user_id;
    },
    isChannelMember: (channelId, userId) => store.isChannelMember(channelId, userId),
    isTeamMember: (teamId, userId) => store.isTeamMember(teamId, userId),
    statuses: (userIds) => {
      const ids = userIds ?? [...store.statuses.keys()];
      return Object.fromEntries(ids.map((id) => [id, store.status(id).status]));
    },
    onUserConnected: (userId) => setOnlineIfAutomatic(ctx, userId),
    onUserDisconnected: (userId) => {
      const status = store.status(userId);
      if (!status.manual && status.status !== 'offline') setStatus(ctx, userId, 'offline');
    },
    onActivity: (userId, active) => {
      if (active) setOnlineIfAutomatic(ctx, userId);
    },
  };
}

/**
 * The WebSocket API on every listening server. A restart builds a new hub, so connection ids and
 * replay queues are lost as they are when Mattermost restarts.
 */
export const websocketExtension: SimExtension = {
  name: 'websocket',
  attach(server, ctx) {
    const hub = new WebSocketHub({
      bus: ctx.bus,
      directory: websocketDirectory(ctx),
      newId,
      serverVersion: SERVER_VERSION,
    });
    hub.attach(server);
    return {
      close: () => hub.close(),
      dropWebSockets: () => hub.dropAll(),
      openWebSockets: (userId) => hub.activeConnectionsOf(userId),
      setFaults: (f) => hub.setSilent(f.websocket_silent === true),
      clearFaults: () => hub.setSilent(false),
    };
  },
};
