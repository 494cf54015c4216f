/**
 * @jest-environment node
 */
// The installable bundle: `webapp/dist/main.js` within the size limit, loading in a page that only
// provides Mattermost's globals, packed by scripts/dist.mjs into the layout Mattermost installs.
// The bundle is (re)built here when it is missing or older than its sources, so this never passes
// on a stale or absent build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';

import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { renderToStaticMarkup } from 'react-dom/server';

const webapp = join(__dirname, '..');
const root = join(webapp, '..');
const bundle = join(webapp, 'dist', 'main.js');
const MAX_BUNDLE_BYTES = 150 * 1024;

function newestSource(): number {
  const inputs = [
    join(root, 'plugin.json'),
    join(webapp, 'webpack.config.mjs'),
    join(webapp, 'tsconfig.json'),
  ];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else inputs.push(path);
    }
  };
  walk(join(webapp, 'src'));
  return Math.max(...inputs.map((path) => statSync(path).mtimeMs));
}

beforeAll(() => {
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource()) return;
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode=production'],
    {
      cwd: webapp,
      stdio: 'pipe',
      timeout: 120_000,
    },
  );
}, 150_000);

test('main.js is minified and at most 150 KB', () => {
  const size = statSync(bundle).size;
  expect(size).toBeGreaterThan(1000);
  expect(size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  // Minified: no long runs of indentation, few lines.
  expect(readFileSync(bundle, 'utf8').split('\n').length).toBeLessThan(20);
});

test('needs nothing React 17 lacks and carries no JSX runtime of its own', () => {
  const code = readFileSync(bundle, 'utf8');
  // A bundled react/jsx-runtime reaches into one React version's internals (React 19 renamed
  // them: the bundle would throw on load); React 18+ hooks are missing on Mattermost 10's React 17.
  for (const name of [
    'jsx-runtime',
    'ReactCurrentOwner',
    '__SECRET_INTERNALS',
    '__CLIENT_INTERNALS',
    'useId',
    'useSyncExternalStore',
    'useInsertionEffect',
    'useTransition',
    'useDeferredValue',
    'startTransition',
    'useOptimistic',
    'useActionState',
  ])
    expect({ name, found: code.includes(name) }).toEqual({ name, found: false });
});

test("runs on the host's React and its components render there", () => {
  const registered: { id: string; plugin: { initialize(r: unknown, s: unknown): void } }[] = [];
  const calls: { method: string; args: unknown[] }[] = [];
  const registry = new Proxy(
    {},
    {
      get:
        (_target, method) =>
        (...args: unknown[]) => {
          calls.push({ method: String(method), args });
          return 'id';
        },
    },
  );
  // Only what Mattermost's page provides: the bundle must not need anything else.
  const page: Record<string, unknown> = {
    React,
    ReactDOM,
    Redux: {},
    ReactRedux: {},
    PropTypes: {},
    location: { origin: 'https://chat.example.com' },
    registerPlugin: (id: string, plugin: (typeof registered)[number]['plugin']) =>
      registered.push({ id, plugin }),
  };
  page.window = page;
  runInContext(readFileSync(bundle, 'utf8'), createContext(page));

  expect(registered.map((r) => r.id)).toEqual(['mattermost-mcp-bridge']);
  registered[0]?.plugin.initialize(registry, { getState: () => ({}) });
  expect(
    calls.map((c) => `${c.method}:${typeof c.args[0] === 'string' ? c.args[0] : typeof c.args[0]}`),
  ).toEqual([
    'registerAdminConsoleCustomSetting:Readiness',
    'registerAdminConsoleCustomSetting:BridgeStatus',
    'registerAdminConsoleCustomSetting:Provisioning',
    'registerAdminConsoleCustomSetting:PolicyProfiles',
    'registerAdminConsoleCustomSetting:BridgeSettings',
    'registerAdminConsoleCustomSetting:WebhookHelper',
    'registerUserSettings:object',
  ]);

  // JSX renders through the host's React.createElement (effects do not run on the server).
  const bridgeStatus = calls[1]?.args[1] as React.ComponentType<{ config: object }>;
  expect(renderToStaticMarkup(React.createElement(bridgeStatus, { config: {} }))).toContain(
    'No Bridge URL is saved yet.',
  );
  const settings = calls[6]?.args[0] as { sections: { component: React.ComponentType }[] };
  const panel = settings.sections[0]?.component as React.ComponentType;
  expect(renderToStaticMarkup(React.createElement(panel))).toContain('Enable AI assistant access');
});

test('make dist packs plugin.json and the bundle under one folder named after the plugin', () => {
  const out = mkdtempSync(join(tmpdir(), 'mm-mcp-dist-test-'));
  try {
    const archive = execFileSync(
      process.execPath,
      [join(root, 'scripts', 'dist.mjs'), '--out-dir', out],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    ).trim();
    expect(archive).toBe(join(out, 'mattermost-mcp-bridge-0.1.0.tar.gz'));

    const files = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' })
      .split('\n')
      .filter((name) => name && !name.endsWith('/'));
    expect(files.sort()).toEqual([
      'mattermost-mcp-bridge/plugin.json',
      'mattermost-mcp-bridge/public/ai-access.svg',
      'mattermost-mcp-bridge/webapp/dist/main.js',
    ]);

    execFileSync('tar', ['-xzf', archive, '-C', out]);
    const folder = join(out, 'mattermost-mcp-bridge');
    expect(readFileSync(join(folder, 'plugin.json'), 'utf8')).toBe(
      readFileSync(join(root, 'plugin.json'), 'utf8'),
    );
    expect(
      readFileSync(join(folder, 'webapp', 'dist', 'main.js')).equals(readFileSync(bundle)),
    ).toBe(true);
    expect(statSync(join(folder, 'webapp', 'dist', 'main.js')).size).toBeLessThanOrEqual(
      MAX_BUNDLE_BYTES,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
