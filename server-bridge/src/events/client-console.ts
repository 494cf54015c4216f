import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import { scrubSecrets, type Logger } from '../observability/logger.js';

/**
 * The official `WebSocketClient` reports its life (connecting, connection id, closes, errors)
 * with `console.log` and `console.warn`, which in a server reach stdout among everything else.
 * Its module takes the global `console` and offers no logger option, so the global methods are
 * wrapped once; but only lines printed while a client runs on behalf of the bridge are diverted,
 * because everything the client does for a `UserSocket` (its constructor, `initialize`, `close`,
 * and the socket events and timers those start) runs inside `runClientCode`, and asynchronous
 * work keeps the context it was started in. Any other console output passes through untouched.
 */
const clientLog = new AsyncLocalStorage<Logger | null>();
let installed = false;

/* eslint-disable no-console -- this module exists to divert the client's console output. */
function installConsoleRouting(): void {
  if (installed) return;
  installed = true;
  for (const method of ['log', 'warn'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const log = clientLog.getStore();
      if (log === undefined) {
        original(...args);
        return;
      }
      // null: the caller gave no logger; the client's chatter is dropped rather than printed.
      log?.debug({ component: 'mattermost-websocket-client' }, scrubSecrets(format(...args)));
    };
  }
}

/** Runs the official client's code so that what it prints goes to `log` at debug level. */
export function runClientCode<T>(log: Logger | undefined, fn: () => T): T {
  installConsoleRouting();
  return clientLog.run(log ?? null, fn);
}

/** Runs the bridge's own reaction to a client callback outside that diversion. */
export function leaveClientCode<T>(fn: () => T): T {
  return clientLog.exit(fn);
}
