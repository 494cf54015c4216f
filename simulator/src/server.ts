import { recordRequests, type RequestRecording } from './http/request-log.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createApp } from './app.js';
import type { FaultSettings, SimContext } from './context.js';
import { EventBus } from './events.js';
import type { ExtensionHandle, SimExtension } from './extensions.js';
import { extensions as defaultExtensions } from './plugins.js';
import { seedDemo } from './seeds/demo.js';
import { seedEmpty } from './seeds/empty.js';
import type { SeedResult } from './seeds/types.js';
import { startTicker } from './services/ticker.js';
import { deepMerge, type DeepPartial, type ServerConfig } from './store/config.js';
import { Store } from './store/store.js';

export interface SimUser {
  id: string;
  username: string;
  /** The admin's: a login session (as from `POST /users/login`); the demo people's: personal access tokens. */
  token: string;
}

export interface Simulator {
  /** http://host:port — REST at `${url}/api/v4`, WebSocket at `${url}/api/v4/websocket`. */
  url: string;
  admin: SimUser;
  /** Every seeded user by username, each with a token that works on this server. */
  users: Record<string, SimUser>;
  faults: { set(f: FaultSettings): void; clear(): void };
  dropWebSockets(): void;
  /** How many WebSockets of a user are open now: tests check a client keeps one, not several. */
  openWebSockets(userId: string): number;
  /** Data kept; connection ids and replay queues lost. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The in-process state and event bus, for tests and the other simulator modules. */
  context: SimContext;
  /** Records the API requests served from now on, for tests that count a client's requests. */
  recordRequests(): RequestRecording;
}

export interface StartOptions {
  port?: number;
  host?: string;
  seed?: 'empty' | 'demo';
  config?: DeepPartial<ServerConfig>;
  /** Replaces the registered extensions (tests of the core alone). */
  extensions?: SimExtension[];
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts an in-memory Mattermost on 127.0.0.1 (a free port unless `port` is given). */
export async function startSimulator(opts: StartOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const extensions = opts.extensions ?? defaultExtensions;
  const store = new Store();
  const bus = new EventBus();
  bus.setMaxListeners(100);
  let handles: ExtensionHandle[] = [];
  let server: Server;
  let sockets = new Set<Socket>();
  let port = opts.port ?? 0;
  let faults: FaultSettings = {};

  const ctx: SimContext = {
    store,
    bus,
    now: () => Date.now(),
    control: {
      dropWebSockets: () => handles.forEach((h) => h.dropWebSockets?.()),
      openWebSockets: (userId) =>
        handles.reduce((n, h) => n + (h.openWebSockets?.(userId) ?? 0), 0),
      restart: () => restart(),
      setFaults: (f) => {
        faults = { ...f };
        handles.forEach((h) => h.setFaults?.(faults));
      },
      clearFaults: () => {
        faults = {};
        handles.forEach((h) => h.clearFaults?.());
      },
    },
  };

  if (opts.config) deepMerge(store.config, opts.config);
  const app = createApp(ctx, extensions);

  async function open(): Promise<void> {
    server = createServer(app);
    // Mattermost keeps idle connections for ServiceSettings.IdleTimeout (60 s); Node's 5 s default
    // closes them while busy clients are about to reuse them (ECONNRESET on a POST).
    server.keepAliveTimeout = 60_000;
    sockets = new Set();
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    port = await listen(server, port, host);
    handles = [];
    for (const ext of extensions) {
      const h = ext.attach?.(server, ctx);
      if (h) handles.push(h);
    }
    if (Object.keys(faults).length) handles.forEach((h) => h.setFaults?.(faults));
  }

  async function close(): Promise<void> {
    for (const h of handles) await h.close?.();
    handles = [];
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
    });
  }

  async function restart(): Promise<void> {
    await close();
    await open();
  }

  await open();
  const url = `http://${host}:${port}`;
  if (!opts.config?.ServiceSettings?.SiteURL) store.config.ServiceSettings.SiteURL = url;
  const seeded: SeedResult = opts.seed === 'demo' ? seedDemo(ctx) : seedEmpty(ctx);
  const ticker = startTicker(ctx);

  return {
    url,
    admin: seeded.admin,
    users: seeded.users,
    faults: { set: (f) => ctx.control.setFaults(f), clear: () => ctx.control.clearFaults() },
    dropWebSockets: () => ctx.control.dropWebSockets(),
    openWebSockets: (userId) => ctx.control.openWebSockets(userId),
    restart: () => ctx.control.restart(),
    stop: async () => {
      ticker.stop();
      await close();
    },
    context: ctx,
    recordRequests: () => recordRequests(ctx),
  };
}
