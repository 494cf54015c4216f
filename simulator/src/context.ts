import type { EventBus } from './events.js';
import type { Store } from './store/store.js';

/** Faults the simulator can inject (implemented by the faults module). */
export interface FaultSettings {
  latency_ms?: number;
  error_rate?: number;
  rate_limit_per_second?: number;
  /**
   * Every WebSocket stays open but is served nothing: no hello, no events, requests answered
   * `FAIL`, as Mattermost does for a session it no longer accepts.
   */
  websocket_silent?: boolean;
}

/** Operations on the running server that routes and the Node API share. */
export interface SimControl {
  /** Closes every WebSocket abruptly. */
  dropWebSockets(): void;
  /** Open WebSockets of a user (authenticated connections holding a socket), for tests. */
  openWebSockets(userId: string): number;
  /** Stops and restarts listening on the same port; data is kept. */
  restart(): Promise<void>;
  setFaults(faults: FaultSettings): void;
  clearFaults(): void;
}

/** What every route and service receives: the state, the event bus, the clock and the server controls. */
export interface SimContext {
  store: Store;
  bus: EventBus;
  /** Milliseconds since the epoch; every timestamp the simulator writes comes from here. */
  now(): number;
  control: SimControl;
}
