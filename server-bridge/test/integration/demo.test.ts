import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../helpers/eras.js';
import { freePort, freePorts } from '../helpers/free-port.js';
import {
  authorizeUrl,
  pkce,
  registerClient,
  signInWithFetch,
  tokenRequest,
} from '../helpers/oauth-flow.js';
import { callTool, connectClient, textOf } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

/**
 * `make demo` (scripts/demo.mjs) as a person runs it: the banner only once both processes run,
 * both ways to connect working as printed, and a clear refusal, exit 1, when a port is taken.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const REDIRECT = 'http://127.0.0.1:9/callback';

interface DemoRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runDemo(env: Record<string, string>): DemoRun {
  // Its own process group, so that the simulator and the bridge it starts can be stopped with it.
  const child = spawn(process.execPath, [join(root, 'scripts', 'demo.mjs')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Ends a demo that a failed test left running: the whole group, at once. */
function killGroup(run: DemoRun | undefined): void {
  if (run?.child.pid && run.child.exitCode === null && run.child.signalCode === null) {
    try {
      process.kill(-run.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The exit code, or a failure naming what the demo printed when it does not exit in time. */
async function exitOf(run: DemoRun, timeoutMs = 30_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the demo did not exit; it printed:\n${run.stdout()}${run.stderr()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function passwordLogin(simUrl: string, username: string, password: string) {
  const response = await fetch(`${simUrl}/api/v4/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login_id: username, password }),
  });
  if (!response.ok) throw new Error(`login of ${username} failed: HTTP ${response.status}`);
  const token = response.headers.get('token') ?? '';
  return { getToken: () => token };
}

beforeAll(() => ensureBuilt(), 120_000);

describe('make demo', () => {
  let run: DemoRun | undefined;
  let simUrl: string;
  let bridgeUrl: string;
  let banner: string;

  beforeAll(async () => {
    const [simPort, bridgePort] = await freePorts(2);
    simUrl = `http://127.0.0.1:${simPort}`;
    bridgeUrl = `http://127.0.0.1:${bridgePort}`;
    run = runDemo({ DEMO_SIM_PORT: String(simPort), DEMO_BRIDGE_PORT: String(bridgePort) });
    const started = run;
    banner = await waitFor(
      'the demo banner',
      () => {
        if (started.child.exitCode !== null)
          throw new Error(`the demo exited:\n${started.stdout()}${started.stderr()}`);
        return started.stdout().includes('Press Ctrl-C') ? started.stdout() : undefined;
      },
      60_000,
    );
  }, 90_000);

  afterAll(() => killGroup(run));

  it('prints both ways to connect, with the shapes each client reads', () => {
    const mcpUrl = `${bridgeUrl}/mcp`;
    expect(banner).toContain(`Simulated Mattermost  ${simUrl}`);
    expect(banner).toContain(`MCP endpoint          ${mcpUrl}`);
    expect(banner).toMatch(/Username {2}alice\n {5}Password {2}\S+\n/);
    expect(banner).toContain(`claude mcp add --transport http mattermost ${mcpUrl}\n`);
    // VS Code reads `servers`, Cursor and Claude Desktop `mcpServers`.
    expect(banner).toContain(
      JSON.stringify({ servers: { mattermost: { type: 'http', url: mcpUrl } } }),
    );
    expect(banner).toContain(JSON.stringify({ mcpServers: { mattermost: { url: mcpUrl } } }));
    expect(banner).toMatch(
      /"command": "node",\s+"args": \[\s+"[^"]+server-bridge\/dist\/cli\.js",\s+"--stdio"/,
    );
    expect(banner).not.toContain('use the same shape');
  });

  it('serves the printed token at the printed URL, with the seed’s unreads', async () => {
    const token = /personal access token: (\S+)/.exec(banner)?.[1] ?? '';
    const client = await connectClient(bridgeUrl, token);
    try {
      expect(textOf(await callTool(client, 'get_me'))).toContain('alice');
      const unreads = textOf(await callTool(client, 'get_unreads'));
      expect(unreads).toContain('Engineering');
      expect(unreads).not.toContain('Town Square');
      expect(unreads).not.toContain('Experiments');
    } finally {
      await client.close();
    }
  });

  it('lets a URL-only client discover OAuth, register and sign in as the printed user', async () => {
    const resource = await fetch(`${bridgeUrl}/.well-known/oauth-protected-resource`);
    expect(resource.status).toBe(200);
    const { authorization_servers } = (await resource.json()) as {
      authorization_servers: string[];
    };
    expect(authorization_servers).toEqual([bridgeUrl]);

    const server = await fetch(
      `${authorization_servers[0]}/.well-known/oauth-authorization-server`,
    );
    expect(server.status).toBe(200);
    const metadata = (await server.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: bridgeUrl,
      registration_endpoint: `${bridgeUrl}/oauth/register`,
    });
    expect(metadata['code_challenge_methods_supported']).toContain('S256');
    const clientId = await registerClient(bridgeUrl, REDIRECT, 'Demo Test Client');

    // The person's part with the credentials the banner names, as on the simulator's login page.
    const [, username, password] = /Username {2}(\S+)\n {5}Password {2}(\S+)\n/.exec(banner) ?? [];
    const { verifier, challenge } = pkce();
    const params = await signInWithFetch(
      {
        bridge: { url: bridgeUrl },
        sim: { url: simUrl },
        login: (name) => passwordLogin(simUrl, name, password ?? ''),
      },
      authorizeUrl(bridgeUrl, {
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: challenge,
      }),
      { username: username ?? '' },
    );
    const tokens = await tokenRequest(bridgeUrl, {
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: clientId,
    });
    expect(tokens.status).toBe(200);
    const client = await connectClient(bridgeUrl, tokens.body['access_token'] ?? '');
    try {
      expect(textOf(await callTool(client, 'get_me'))).toContain('alice');
    } finally {
      await client.close();
    }
  });

  it('stops both processes on SIGTERM and exits 0', async () => {
    run!.child.kill('SIGTERM');
    expect(await exitOf(run!)).toBe(0);
    for (const url of [simUrl, bridgeUrl]) {
      const answer = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => 'closed');
      expect(answer).toBe('closed');
    }
  });
});

describe('make demo with a port taken', () => {
  it.each(['DEMO_SIM_PORT', 'DEMO_BRIDGE_PORT'])(
    'names %s and exits 1 without a banner',
    async (variable) => {
      const busy = await listen(0);
      const port = (busy.address() as { port: number }).port;
      const other = await freePort();
      let run: DemoRun | undefined;
      try {
        run = runDemo({
          DEMO_SIM_PORT: String(variable === 'DEMO_SIM_PORT' ? port : other),
          DEMO_BRIDGE_PORT: String(variable === 'DEMO_BRIDGE_PORT' ? port : other),
        });
        expect(await exitOf(run)).toBe(1);
        expect(run.stderr()).toContain(`port ${port} on 127.0.0.1`);
        expect(run.stderr()).toContain(`${variable}=<port>`);
        expect(run.stderr()).not.toContain('    at ');
        expect(run.stdout()).toBe('');
      } finally {
        killGroup(run);
        await new Promise((resolve) => busy.close(resolve));
      }
    },
    40_000,
  );

  it('exits 1 without a banner when the bridge stops during the start', async () => {
    const [simPort, bridgePort] = await freePorts(2);
    // A setting the bridge refuses: it exits at once, after the simulator is up.
    const run = runDemo({
      DEMO_SIM_PORT: String(simPort),
      DEMO_BRIDGE_PORT: String(bridgePort),
      BRIDGE_MAX_REQUEST_BYTES: 'lots',
    });
    try {
      expect(await exitOf(run)).toBe(1);
      expect(run.stderr()).toContain('the bridge stopped (exit code 1)');
      expect(run.stdout()).toBe('');
      const sim = await fetch(`http://127.0.0.1:${simPort}`).catch(() => 'closed');
      expect(sim).toBe('closed');
    } finally {
      killGroup(run);
    }
  }, 60_000);
});
