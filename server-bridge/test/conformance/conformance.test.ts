import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startBearerProxy, type BearerProxy } from '../helpers/bearer-proxy.js';
import { freshWorkspace, startStack, type Stack } from '../helpers/stack.js';
import { APPLICABLE, NOT_APPLICABLE, type SpecVersion } from './scenarios.js';

/**
 * The MCP conformance suite against the bridge: the suite's command runs every scenario of one
 * protocol revision in one go (both revisions at once); each applicable scenario's checks are then
 * read from what it wrote. The suite cannot send a token, so a proxy adds it.
 */
const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const suite = join(
  root,
  'node_modules',
  '@modelcontextprotocol',
  'conformance',
  'dist',
  'index.js',
);
const conformance = (args: string[], timeout = 60_000) =>
  run(process.execPath, ['--import', join(here, 'node20.mjs'), suite, ...args], {
    cwd: root,
    timeout,
    env: { ...process.env, NO_COLOR: '1' },
  });

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

let stack: Stack;
let proxy: BearerProxy;
let out: string;
/** The checks of every scenario the suite ran, by revision and scenario. */
const results = new Map<SpecVersion, Promise<Map<string, Check[]>>>();

/** Runs every scenario of a revision (the whole suite, not only the active ones). */
async function runRevision(spec: SpecVersion): Promise<Map<string, Check[]>> {
  const dir = mkdtempSync(join(out, `${spec}-`));
  // Scenarios that do not apply fail, so the command exits non-zero; the checks say what passed.
  await conformance([
    'server',
    '--url',
    `${proxy.url}/mcp`,
    '--spec-version',
    spec,
    '--suite',
    'all',
    '--timeout',
    '20000',
    '-o',
    dir,
  ]).catch(() => undefined);
  const checks = new Map<string, Check[]>();
  for (const written of readdirSync(dir)) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT/.exec(written)?.[1];
    if (scenario)
      checks.set(
        scenario,
        JSON.parse(readFileSync(join(dir, written, 'checks.json'), 'utf8')) as Check[],
      );
  }
  return checks;
}

beforeAll(async () => {
  // The proxy is the bridge's public face: the suite's own origin is the bridge's public origin.
  proxy = await startBearerProxy();
  stack = await startStack({ BRIDGE_TOOLSETS: 'core', BRIDGE_PUBLIC_URL: proxy.url });
  const ws = await freshWorkspace(stack);
  proxy.target = stack.bridge.url;
  proxy.token = ws.alice.token;
  out = mkdtempSync(join(tmpdir(), 'bridge-conformance-'));
  for (const spec of ['2025-11-25', '2026-07-28'] as const) results.set(spec, runRevision(spec));
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([...results.values()]);
  await proxy?.close();
  await stack?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the MCP conformance suite', () => {
  for (const entry of APPLICABLE) {
    it(`${entry.scenario} (${entry.spec})`, async () => {
      const checks = (await results.get(entry.spec)!).get(entry.scenario) ?? [];
      expect(checks.length).toBeGreaterThan(0);
      const failed = checks.filter((c) => c.status === 'FAILURE');
      const unexpected = failed.filter((c) => !entry.notTestable?.[c.id]);
      expect(unexpected.map((c) => `${c.id}: ${c.errorMessage ?? ''}`)).toEqual([]);
      // What the suite cannot test here stays so: when it can, the entry goes.
      for (const c of failed) expect(c.errorMessage ?? '').toMatch(/^Not testable/);
    }, 90_000);
  }

  it('knows every server scenario of the suite: applicable, or not and why', async () => {
    const { stdout } = await conformance(['list', '--server']);
    const listed = [...stdout.matchAll(/^\s+- (\S+) \[/gm)].map((m) => m[1]!);
    expect(listed.length).toBeGreaterThan(20);
    const known = new Set([...APPLICABLE.map((a) => a.scenario), ...Object.keys(NOT_APPLICABLE)]);
    expect(listed.filter((name) => !known.has(name))).toEqual([]);
  }, 30_000);
});
