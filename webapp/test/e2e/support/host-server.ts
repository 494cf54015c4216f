// The Mattermost site as the browser sees it in the end-to-end test: one origin on 127.0.0.1 that
// serves the host pages (System Console, channels page) on React 17, 18 or 19, the plugin's built
// bundle and public files, and forwards everything else, the REST API and WebSockets included, to
// the simulator. The page, its cookies and its API calls share that origin, as on a real server.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { dirname, join } from 'node:path';

import * as ts from 'typescript';

import manifest from '../../../../plugin.json';
import { react19Globals } from './react-19';

export type ReactGeneration = '17' | '18' | '19';

export interface HostServer {
  /** The site's origin, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** The System Console page of the plugin's settings, served with React `react` (18 by default). */
  consoleUrl(options?: { react?: ReactGeneration }): string;
  /** The channels page, with the Settings dialog; `legacy` is a server without plugin user settings. */
  channelsUrl(options?: { legacy?: boolean; react?: ReactGeneration }): string;
  stop(): Promise<void>;
}

const hostDir = join(__dirname, '..', 'host');
const root = join(__dirname, '..', '..', '..', '..');
const BUNDLE_PATH = `/static/plugins/${manifest.id}/main.js`;
/** Where Mattermost serves a plugin's public/ folder (ServePluginPublicRequest). */
const PUBLIC_PREFIX = `/plugins/${manifest.id}/public/`;
const publicDir = join(root, 'webapp', 'public');
const HOST_MODULES = [
  'page',
  'api',
  'boundary',
  'registry',
  'store',
  'console',
  'channels',
  'main',
];

/** A file of the React package installed for `workspace` (the webapp's own React is 18). */
function reactFile(workspace: string, pkg: string, file: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`, { paths: [join(root, workspace)] });
  return join(dirname(manifestPath), file);
}

/** The scripts that set window.React and window.ReactDOM, as each Mattermost generation has them. */
function reactScripts(): Record<ReactGeneration, Buffer[]> {
  return {
    '17': [
      readFileSync(reactFile('test-hosts/react-17', 'react', 'umd/react.production.min.js')),
      readFileSync(
        reactFile('test-hosts/react-17', 'react-dom', 'umd/react-dom.production.min.js'),
      ),
    ],
    '18': [
      readFileSync(reactFile('webapp', 'react', 'umd/react.production.min.js')),
      readFileSync(reactFile('webapp', 'react-dom', 'umd/react-dom.production.min.js')),
    ],
    '19': [readFileSync(react19Globals())],
  };
}

/** The host page's modules, TypeScript transpiled for the browser (type imports vanish). */
function hostModule(name: string): string {
  const source = readFileSync(join(hostDir, `${name}.ts`), 'utf8');
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
}

function page(view: 'console' | 'settings', legacy: boolean, react: ReactGeneration): string {
  const options = { view, legacy, react, manifest, bundleUrl: BUNDLE_PATH };
  // No `</script>` can end the inline script early.
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${view === 'console' ? 'System Console' : 'Town Square'} - Mattermost</title>
<link rel="stylesheet" href="/static/host.css">
<script src="/static/react-${react}/react.js"></script>
<script src="/static/react-${react}/react-dom.js"></script>
<script>
// Mattermost's page also exposes Redux, ReactRedux and PropTypes. The plugin's bundle declares them
// as externals but never uses them (no import of them is bundled), so empty objects stand in.
window.Redux = {};
window.ReactRedux = {};
window.PropTypes = {};
window.mmHost = ${json};
</script>
<script type="module" src="/static/host/main.js"></script>
</head>
<body><div id="root"></div></body>
</html>`;
}

export async function startHostServer({
  mattermostUrl,
  bundlePath,
}: {
  mattermostUrl: string;
  bundlePath: string;
}): Promise<HostServer> {
  const target = new URL(mattermostUrl);
  const files: Record<string, { type: string; body: string | Buffer }> = {
    '/static/host.css': { type: 'text/css', body: readFileSync(join(hostDir, 'host.css')) },
    [BUNDLE_PATH]: { type: 'text/javascript', body: readFileSync(bundlePath) },
  };
  for (const name of HOST_MODULES)
    files[`/static/host/${name}.js`] = { type: 'text/javascript', body: hostModule(name) };
  for (const [react, [first, second]] of Object.entries(reactScripts())) {
    files[`/static/react-${react}/react.js`] = { type: 'text/javascript', body: first! };
    // React 19's one script sets both globals.
    files[`/static/react-${react}/react-dom.js`] = { type: 'text/javascript', body: second ?? '' };
  }
  for (const name of readdirSync(publicDir))
    files[`${PUBLIC_PREFIX}${name}`] = {
      type: name.endsWith('.svg') ? 'image/svg+xml' : 'application/octet-stream',
      body: readFileSync(join(publicDir, name)),
    };
  const consolePath = `/admin_console/plugins/plugin_${manifest.id}`;
  const channelsPath = '/ops/channels/town-square';

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const file = files[url.pathname];
    if (req.method === 'GET' && file) return send(res, file.type, file.body);
    const react = (url.searchParams.get('react') ?? '18') as ReactGeneration;
    if (req.method === 'GET' && url.pathname === consolePath)
      return send(res, 'text/html; charset=utf-8', page('console', false, react));
    if (req.method === 'GET' && url.pathname === channelsPath)
      return send(
        res,
        'text/html; charset=utf-8',
        page('settings', url.searchParams.get('legacy') === '1', react),
      );
    forward(req, res, target);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // WebSockets (/api/v4/websocket) go to the simulator byte for byte.
  server.on('upgrade', (req, socket, head) => {
    const upstream = connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    consoleUrl: ({ react = '18' } = {}) => `${origin}${consolePath}?react=${react}`,
    channelsUrl: ({ legacy = false, react = '18' } = {}) =>
      `${origin}${channelsPath}?react=${react}${legacy ? '&legacy=1' : ''}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, type: string, body: string | Buffer) {
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Forwards a request to the simulator as it came (headers, cookies, body) and its answer back. */
function forward(req: IncomingMessage, res: ServerResponse, target: URL) {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`The simulator did not answer: ${err.message}`);
  });
  req.pipe(upstream);
}
