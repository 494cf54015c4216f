import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { WebSocket } from 'ws';

import { newId } from '../src/ids.js';
import { startSimulator, type Simulator } from '../src/index.js';
import { websocketDirectory } from '../src/websocket/extension.js';
import { WebSocketHub } from '../src/websocket/hub.js';
import { eventually } from './support/workspace.js';

// A hub with short timings on its own HTTP server, over the simulator's real state and event bus.
let sim: Simulator;
let server: Server;
let hub: WebSocketHub;
let url: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 'empty' });
});

afterAll(async () => {
  await sim.stop();
});

const startHub = async (opts: {
  heartbeatMs: number;
  holdInactiveMs: number;
  authTimeoutMs?: number;
}) => {
  server = createServer();
  hub = new WebSocketHub({
    bus: sim.context.bus,
    directory: websocketDirectory(sim.context),
    newId,
    serverVersion: '11.1.0',
    ...opts,
  });
  hub.attach(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4/websocket`;
};

afterEach(async () => {
  hub.close();
  await new Promise((r) => server.close(r));
});

const open = (query = '', autoPong = true) => {
  const ws = new WebSocket(`${url}${query}`, {
    headers: { Authorization: `Bearer ${sim.admin.token}` },
    autoPong,
  });
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as Record<string, unknown>));
  return { ws, frames };
};

describe('WebSocket hub housekeeping', () => {
  it('pings sockets and closes the ones that stop answering, keeping their connection for resumption', async () => {
    await startHub({ heartbeatMs: 50, holdInactiveMs: 60_000 });
    const live = open();
    const silent = open('', false);
    await eventually(() => silent.frames[0]);
    const closed = new Promise((r) => silent.ws.once('close', r));
    await closed;
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    expect(hub.activeConnections).toBe(1);

    const id = String(
      silent.frames[0]!.data && (silent.frames[0]!.data as Record<string, unknown>).connection_id,
    );
    sim.context.bus.publish({
      event: 'custom_test',
      data: { n: 1 },
      broadcast: { user_id: sim.admin.id },
    });
    const back = open(`?connection_id=${id}&sequence_number=1`);
    await eventually(() => back.frames[0]);
    // No new hello: the event published while it was away comes first, with its original number.
    expect(back.frames[0]).toMatchObject({ event: 'custom_test', seq: 1 });
    live.ws.terminate();
    back.ws.terminate();
  });

  it('forgets inactive connections after the hold time: the client gets a new id and hello', async () => {
    await startHub({ heartbeatMs: 30, holdInactiveMs: 60 });
    const first = open();
    await eventually(() => first.frames[0]);
    const id = String((first.frames[0]!.data as Record<string, unknown>).connection_id);
    first.ws.terminate();
    // The hold time is measured on the hub's clock: it must pass (60 ms, with room for a busy machine).
    await new Promise((r) => setTimeout(r, 250));
    const again = open(`?connection_id=${id}&sequence_number=1`);
    await eventually(() => again.frames[0]);
    expect(again.frames[0]).toMatchObject({ event: 'hello', seq: 0 });
    expect((again.frames[0]!.data as Record<string, unknown>).connection_id).not.toBe(id);
    again.ws.terminate();
  });

  it('closes a socket that never authenticates', async () => {
    await startHub({ heartbeatMs: 30, holdInactiveMs: 60_000, authTimeoutMs: 50 });
    const ws = new WebSocket(url);
    await new Promise((r) => ws.once('open', r));
    const started = Date.now();
    await new Promise((r) => ws.once('close', r));
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });

  it('answers a reconnection from the future or of another user with a new connection', async () => {
    await startHub({ heartbeatMs: 60_000, holdInactiveMs: 60_000 });
    const first = open();
    await eventually(() => first.frames[0]);
    const id = String((first.frames[0]!.data as Record<string, unknown>).connection_id);
    first.ws.terminate();
    const ahead = open(`?connection_id=${id}&sequence_number=99`);
    await eventually(() => ahead.frames[0]);
    expect(ahead.frames[0]).toMatchObject({ event: 'hello', seq: 0 });
    expect((ahead.frames[0]!.data as Record<string, unknown>).connection_id).not.toBe(id);
    ahead.ws.terminate();
  });
});
