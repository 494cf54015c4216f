import type { Server } from 'node:http';
import type { RequestHandler, Router } from 'express';
import type { FaultSettings, SimContext } from './context.js';

/**
 * A part of the simulator that plugs into the core: WebSocket hub, webhooks, search, files, faults.
 * Each hook is optional. `routes` are registered once, under `/api/v4`, before the core routes;
 * `before` runs ahead of authentication on every request; `attach` runs each time the HTTP server
 * starts listening (again after a restart) and returns what the core calls to stop or steer it.
 */
export interface SimExtension {
  name: string;
  before?(ctx: SimContext): RequestHandler;
  routes?(router: Router, ctx: SimContext): void;
  /** Routes outside `/api/v4` (e.g. `/hooks/{id}` for incoming webhooks). */
  rootRoutes?(router: Router, ctx: SimContext): void;
  attach?(server: Server, ctx: SimContext): ExtensionHandle | void;
}

export interface ExtensionHandle {
  /** Called when the server stops or restarts: close sockets, forget connection state. */
  close?(): Promise<void> | void;
  dropWebSockets?(): void;
  /** Open WebSockets of a user. */
  openWebSockets?(userId: string): number;
  setFaults?(faults: FaultSettings): void;
  clearFaults?(): void;
}
