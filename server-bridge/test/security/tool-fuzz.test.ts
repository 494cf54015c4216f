import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { createUser, freshWorkspace, type Stack, type Workspace } from '../helpers/stack.js';
import { HttpSession } from './http.js';
import { startLoggedStack } from './logged-stack.js';
import { invalidArguments, validArbitrary, type JsonSchema } from './schema-arbitrary.js';

/**
 * Property-based fuzzing of every tool's arguments, generated from the input schema each tool
 * publishes in tools/list: arguments shaped as the schema says (with real ids, names and URLs mixed
 * in) and arguments that break it. Every answer must be a tool result or a JSON-RPC error over a
 * 2xx/4xx HTTP status, within a bounded time, and must not carry a token; the bridge must stay up.
 * Runs per tool are few and time-limited, so the whole file stays within its timeout.
 */

jest.setTimeout(150_000);

const VALID_RUNS = 10;
const INVALID_RUNS = 5;
const TIME_PER_PROPERTY_MS = 1500;

interface ListedTool {
  name: string;
  inputSchema: JsonSchema;
}

let stack: Stack;
let logs: () => string;
let ws: Workspace;
let canary: Server;
const canaryHits: string[] = [];
let canaryUrl: string;
let secrets: string[];
let postId: string;

beforeAll(async () => {
  ({ stack, logs } = await startLoggedStack());
  ws = await freshWorkspace(stack);
  canary = createServer((req, res) => {
    canaryHits.push(`${req.method} ${req.url}`);
    res.end('canary');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}/canary`;
  secrets = [ws.alice.token, ws.bob.token, stack.sim.admin.token];
  const post = await stack
    .rest(ws.alice)
    .createPost({ channel_id: ws.channel.id, message: 'fuzz target' } as never);
  postId = post.id;
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => canary?.close(resolve));
});

/** What a proper answer to tools/call looks like; returns a description of what is wrong, if anything. */
function problemWith(status: number, message: unknown, body: string): string | undefined {
  if (status >= 500) return `HTTP ${status}`;
  if (status !== 200 && status !== 400) return `unexpected HTTP ${status}`;
  if (!message || typeof message !== 'object') return 'no JSON-RPC message';
  const m = message as {
    result?: { content?: unknown };
    error?: { code?: unknown; message?: unknown };
  };
  if (m.error) {
    if (typeof m.error.code !== 'number' || typeof m.error.message !== 'string')
      return 'malformed error';
  } else if (!Array.isArray(m.result?.content)) {
    return 'a result without content';
  } else if (
    (m.result!.content as { type?: unknown }[]).some((block) => typeof block.type !== 'string')
  ) {
    return 'a content block without type';
  }
  const leaked = secrets.find((secret) => body.includes(secret));
  return leaked ? 'a token in the answer' : undefined;
}

/** How the answers split: successful results, tool errors (isError), JSON-RPC errors. */
const outcomes = { ok: 0, toolError: 0, rpcError: 0 };

function count(message: unknown): void {
  const m = message as { result?: { isError?: boolean }; error?: unknown };
  if (m.error) outcomes.rpcError++;
  else if (m.result?.isError) outcomes.toolError++;
  else outcomes.ok++;
}

async function fuzzTools(session: HttpSession, tools: ListedTool[]): Promise<number> {
  const interesting = [
    ws.channel.id,
    ws.team.id,
    ws.alice.id,
    ws.bob.id,
    postId,
    `~${ws.channel.name}`,
    `${ws.team.name}/${ws.channel.name}`,
    `@${ws.bob.username}`,
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
  ];
  let calls = 0;
  for (const tool of tools) {
    // Outgoing webhook callbacks are called by Mattermost itself, never by the bridge: keep the
    // canary away from them so that any hit below can only come from the bridge.
    const urls = tool.name.includes('webhook')
      ? []
      : [canaryUrl, canaryUrl.replace('127.0.0.1', 'localhost')];
    const options = { interesting: [...interesting, ...urls] };
    const check = async (args: unknown) => {
      calls++;
      const answer = await session.request('tools/call', { name: tool.name, arguments: args });
      const problem = problemWith(answer.status, answer.message, answer.body);
      if (problem)
        throw new Error(`${tool.name}(${JSON.stringify(args).slice(0, 300)}): ${problem}`);
      count(answer.message);
    };
    await fc.assert(fc.asyncProperty(validArbitrary(tool.inputSchema, options), check), {
      numRuns: VALID_RUNS,
      interruptAfterTimeLimit: TIME_PER_PROPERTY_MS,
    });
    await fc.assert(fc.asyncProperty(invalidArguments(tool.inputSchema), check), {
      numRuns: INVALID_RUNS,
      interruptAfterTimeLimit: TIME_PER_PROPERTY_MS,
    });
  }
  return calls;
}

async function listTools(session: HttpSession): Promise<ListedTool[]> {
  const listed = await session.request('tools/list', {});
  return (listed.message as { result: { tools: ListedTool[] } }).result.tools;
}

describe('tool arguments', () => {
  it('answer every tool with a tool result or a JSON-RPC error, never a crash, a 5xx or a hang', async () => {
    const user = await HttpSession.open(stack.bridge.url, ws.alice.token);
    const userTools = await listTools(user);
    expect(userTools.length).toBeGreaterThan(10);
    const userCalls = await fuzzTools(user, userTools);

    // The admin's own tools, with a system admin's session.
    const admin = await HttpSession.open(stack.bridge.url, stack.sim.admin.token);
    const known = new Set(userTools.map((t) => t.name));
    const adminTools = (await listTools(admin)).filter((t) => !known.has(t.name));
    const adminCalls = await fuzzTools(admin, adminTools);
    console.info(
      `fuzz: ${userTools.length} tools as a user (${userCalls} calls), ${adminTools.length} admin tools ` +
        `(${adminCalls} calls); ${outcomes.ok} results, ${outcomes.toolError} tool errors, ${outcomes.rpcError} JSON-RPC errors`,
    );

    const internal = (
      await stack.bridge.metrics.registry.getSingleMetricAsString('mcp_bridge_tool_errors_total')
    )
      .split('\n')
      .filter((line) => line.includes('kind="internal"'));
    // No handler failed in a way nobody planned for (an exception the error mapping calls internal).
    expect(internal).toEqual([]);
    // Still up, still answering.
    const health = await fetch(`${stack.bridge.url}/health`);
    expect(health.status).toBe(200);
    // The admin's fuzzing may have deactivated alice or revoked her token (her id is among the
    // interesting values), so a user made afterwards proves that the bridge still serves calls.
    const later = await createUser(stack, 'after-fuzz');
    const fresh = await HttpSession.open(stack.bridge.url, later.token);
    const me = await fresh.request('tools/call', { name: 'get_me', arguments: {} });
    expect(JSON.stringify(me.message)).toContain(later.id);
    await fresh.close();
    await user.close();
    await admin.close();
  });

  it('left no token in the logs or the metrics', async () => {
    const written = logs();
    expect(written.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(written.includes(secret)).toBe(false);
    const metrics = await (await fetch(`${stack.bridge.url}/metrics`)).text();
    for (const secret of secrets) expect(metrics.includes(secret)).toBe(false);
  });

  it('never made a request to an address given in an argument', () => {
    expect(canaryHits).toEqual([]);
  });
});
