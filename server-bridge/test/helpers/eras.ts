import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { ElicitResult, JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';

/** The protocol revisions the bridge serves. */
export const ERAS = ['2025-11-25', '2026-07-28'] as const;
export type Era = (typeof ERAS)[number];
/** The ways a client reaches the bridge. */
export const WIRES = ['http', 'stdio'] as const;
export type Wire = (typeof WIRES)[number];

/** An official SDK client of one era over one wire, with what it received. */
export interface EraClient {
  client: Client;
  era: Era;
  wire: Wire;
  /** Every message the client received, as it came off the wire. */
  received: JSONRPCMessage[];
  /** The messages of the confirmations the user was shown. */
  asked: string[];
  /** How the user answers the next confirmations (accept by default). */
  answer: ElicitResult;
  /** Notifications received, by method. */
  notified(method: string): number;
  close(): Promise<void>;
}

export interface EraClientOptions {
  era: Era;
  wire: Wire;
  token: string;
  /** The bridge's base URL (HTTP). */
  bridgeUrl?: string;
  /** The bridge's environment (stdio: the child process's). */
  env?: Record<string, string>;
  /** The client's name: it keys a 2026-07-28 client's session state over HTTP. */
  name?: string;
  /** `/mcp?…` (HTTP). */
  query?: string;
}

const workspace = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(workspace, 'dist', 'cli.js');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds the bridge's executable when it is missing or older than its sources: the modules (tsc),
 * then the bundle that `dist/cli.js` runs (`scripts/bundle.mjs`), as `npm run build` does.
 */
export function ensureBuilt(): void {
  const bundle = join(workspace, 'dist', 'mcp-bridge.cjs');
  const built = existsSync(CLI) && existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  if (built >= newest(join(workspace, 'src'))) return;
  execFileSync(process.execPath, [
    join(workspace, '..', 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(workspace, 'tsconfig.build.json'),
  ]);
  execFileSync(process.execPath, [join(workspace, 'scripts', 'bundle.mjs')]);
}

/** Connects the official client in `era` over `wire`: HTTP to a running bridge, or a spawned `mcp-bridge --stdio`. */
export async function connectEra(options: EraClientOptions): Promise<EraClient> {
  const client = new Client(
    { name: options.name ?? `eras-${options.era}`, version: '1.0.0' },
    {
      capabilities: { elicitation: { form: {} } },
      ...(options.era === '2026-07-28'
        ? { versionNegotiation: { mode: { pin: '2026-07-28' } } }
        : {}),
    },
  );
  const state: EraClient = {
    client,
    era: options.era,
    wire: options.wire,
    received: [],
    asked: [],
    answer: { action: 'accept', content: { confirm: true } },
    notified: (method) =>
      state.received.filter((m) => (m as { method?: string }).method === method).length,
    close: () => client.close(),
  };
  client.setRequestHandler('elicitation/create', async (request) => {
    state.asked.push(String((request.params as { message?: string }).message ?? ''));
    return state.answer;
  });
  let transport: Transport;
  if (options.wire === 'http') {
    const url = new URL(`${options.bridgeUrl}/mcp${options.query ? `?${options.query}` : ''}`);
    transport = new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { Authorization: `Bearer ${options.token}` } },
    });
  } else {
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--stdio'],
      env: {
        ...getDefaultEnvironment(),
        LOG_LEVEL: 'silent',
        ...options.env,
        MATTERMOST_TOKEN: options.token,
      },
      stderr: 'ignore',
    });
  }
  await client.connect(transport);
  // Seen before the SDK reads it: the codes and data exactly as the bridge sent them.
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    state.received.push(message);
    deliver?.(message, extra);
  };
  return state;
}

/** The JSON-RPC error the client received last for a request that failed. */
export function lastError(c: EraClient): { code: number; message: string; data?: unknown } {
  const errors = c.received.filter((m) => 'error' in m) as unknown as {
    error: { code: number; message: string; data?: unknown };
  }[];
  const last = errors.at(-1);
  if (!last) throw new Error('no error was received');
  return last.error;
}
