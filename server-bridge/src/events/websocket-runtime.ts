import WebSocket from 'ws';

/**
 * The official `WebSocketClient` expects a browser: a global `WebSocket` (Node 20 has none) and,
 * when it notices a sequence gap or a ping timeout, a global `CloseEvent` (Node 20 has none
 * either; without it the client throws instead of reconnecting). Installing both is idempotent.
 */
export function installWebSocketRuntime(): void {
  const g = globalThis as Record<string, unknown>;
  if (g.WebSocket === undefined) g.WebSocket = WebSocket;
  if (g.CloseEvent === undefined) {
    g.CloseEvent = class CloseEvent extends Event {
      readonly code: number;
      readonly reason: string;
      readonly wasClean: boolean;
      constructor(type: string, init: { code?: number; reason?: string; wasClean?: boolean } = {}) {
        super(type);
        this.code = init.code ?? 0;
        this.reason = init.reason ?? '';
        this.wasClean = init.wasClean ?? false;
      }
    };
  }
}
