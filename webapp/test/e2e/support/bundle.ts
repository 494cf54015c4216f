// The plugin's built bundle, webapp/dist/main.js, as Mattermost would load it. It is built through
// the webapp's own build (webpack, production mode) when missing or older than its sources, so the
// browser never runs a stale build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const webapp = join(__dirname, '..', '..', '..');
const root = join(webapp, '..');
export const bundlePath = join(webapp, 'dist', 'main.js');

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

/** Builds the bundle when needed and answers its path once it holds a whole plugin. */
export async function builtBundle(): Promise<string> {
  if (!existsSync(bundlePath) || statSync(bundlePath).mtimeMs < newestSource()) {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode=production'],
      { cwd: webapp, stdio: 'pipe', timeout: 120_000 },
    );
  }
  // Another test may be rebuilding it at this moment (webpack empties dist/ first): wait for it.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (existsSync(bundlePath) && readFileSync(bundlePath, 'utf8').includes('registerPlugin'))
      return bundlePath;
    await new Promise((resolve) => setTimeout(resolve, 200)); // polling interval of the condition
  }
  throw new Error(`No complete plugin bundle at ${bundlePath}`);
}
